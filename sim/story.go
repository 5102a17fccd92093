package sim

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"
)

// story is one event and every copy of it the province publishes: one
// for a unit's own article, more when the city re-posts a ward's.
type story struct {
	id     string
	family string     // template family; stories sharing one are still different stories
	copies []*article // first publisher first
}

// article is one copy of a story as one feed carries it. The text is in
// NFC and the old tone style; feeds render it with their quirks.
type article struct {
	story     *story
	feed      *feed
	seq       int    // number within the province, for ids and paths
	title     string // headline
	lead      string // sapo, without its final period as portals print it
	paras     []para
	published time.Time // instant, minute precision
	path      string    // on the feed's host; "" when the link is another copy's
	link      string    // absolute URL of the article, without tracking parameters
	others    []*article
}

// para is one paragraph of a body: text, or an image with its caption.
type para struct {
	text      string
	img       string // path of the image, for an image paragraph
	signature bool   // the unit's signature line at the end
}

// familyPlan is what the stories of one template family share.
type familyPlan struct {
	key   string
	title string
	topic *topic
	shape uint64 // seed of the structural choices
}

// writer writes the stories of a province, deterministically from a seed.
type writer struct {
	rng    *rand.Rand
	loc    *time.Location
	start  time.Time
	titles map[string]bool
	seq    int
}

func newWriter(seed uint64, loc *time.Location, start time.Time) *writer {
	return &writer{
		rng:    rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		loc:    loc,
		start:  start,
		titles: map[string]bool{},
	}
}

// before is a random instant in the 30 days before start, minute precision.
func (w *writer) before() time.Time {
	back := 10*time.Minute + time.Duration(w.rng.Int64N(int64(30*24*time.Hour)))
	return w.start.Add(-back).Truncate(time.Minute)
}

func (w *writer) sub() *rand.Rand { return rand.New(rand.NewPCG(w.rng.Uint64(), w.rng.Uint64())) }

func (w *writer) newArticle(at time.Time) *article {
	w.seq++
	return &article{seq: w.seq, published: at}
}

// regular writes a story of a unit published at at: a random topic, a
// headline not used before in the province.
func (w *writer) regular(u *unit, at time.Time) *article {
	a := w.newArticle(at)
	for try := 0; ; try++ {
		shape, vals := w.sub(), w.sub()
		t := &topics[w.rng.IntN(len(topics))]
		day := at.In(w.loc).AddDate(0, 0, -w.rng.IntN(2))
		v := newValues(shape, vals, u, day)
		j := shape.IntN(len(t.titles))
		a.title = v.sentence(t.titles[j])
		if w.titles[a.title] && try < 8 {
			continue
		}
		w.titles[a.title] = true
		w.write(a, v, t, j)
		return a
	}
}

// plan makes a template family: one headline every ward of a city will
// use in the same week, each about its own event.
func (w *writer) plan(key string, n int, year int) familyPlan {
	t := topicByKey(familyTopics[n%len(familyTopics)])
	title := strings.ReplaceAll(familyTitles[n%len(familyTitles)], "$YEAR", fmt.Sprint(year))
	return familyPlan{key: key, title: title, topic: t, shape: w.rng.Uint64()}
}

// family writes one ward's story of a template family: the plan's
// headline and structure, the ward's own people, numbers and dates.
func (w *writer) family(u *unit, f familyPlan, at time.Time) *article {
	a := w.newArticle(at)
	shape := rand.New(rand.NewPCG(f.shape, 1))
	v := newValues(shape, w.sub(), u, at.In(w.loc))
	a.title = f.title
	w.write(a, v, f.topic, 0)
	return a
}

// write fills an article's lead and body from a topic, the lead the one
// that goes with the j-th headline.
func (w *writer) write(a *article, v *values, t *topic, j int) {
	a.lead = trimPeriod(v.sentence(t.leads[j%len(t.leads)]))
	var sentences []string
	own := v.shape.Perm(len(t.body))[:2+v.shape.IntN(len(t.body)-1)]
	for _, i := range own {
		sentences = append(sentences, v.sentence(t.body[i]))
	}
	for _, i := range v.shape.Perm(len(generic))[:3+v.shape.IntN(4)] {
		sentences = append(sentences, v.sentence(generic[i]))
	}
	image := 1 + v.shape.IntN(2)
	for len(sentences) > 0 {
		n := min(1+v.shape.IntN(3), len(sentences))
		a.paras = append(a.paras, para{text: strings.Join(sentences[:n], " ")})
		sentences = sentences[n:]
		if len(a.paras) == image {
			a.paras = append(a.paras, para{
				text: v.sentence(pick(v.shape, captions)),
				img:  fmt.Sprintf("/%s/uploads/%d/%02d/anh-%d-%d.jpg", v.u.id, a.published.Year(), a.published.Month(), a.seq, len(a.paras)),
			})
		}
	}
	if v.shape.IntN(2) == 0 {
		a.paras = append(a.paras, para{text: signature(v.u, v.shape), signature: true})
	}
}

// signature is the line portals end an article with, the unit's party
// committee, sometimes with the odd casing of the real article ("Thành
// uỷ Phủ lý").
func signature(u *unit, r *rand.Rand) string {
	s := u.party()
	if r.IntN(3) == 0 {
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			s = s[:i+1] + strings.ToLower(s[i+1:])
		}
	}
	return s
}

// eventDay is how a lead opens with the day of the event.
var eventDay = regexp.MustCompile(`^(Ngày|Sáng|Chiều|Tối) \d\d/\d\d/\d{4}, `)

// repost writes a city's copy of a ward's story: the ward's name before
// the headline, the lead cut to its first sentence (every other time
// without the event's day), "đ/c" spelled out, the ward's signature and
// one paragraph left out, another caption.
func (w *writer) repost(orig *article, at time.Time) *article {
	a := w.newArticle(at)
	ward := orig.feed.unit
	a.title = upperFirst(ward.where()) + ": " + orig.title
	a.lead = spellOut(firstSentence(orig.lead))
	if a.seq%2 == 0 {
		a.lead = eventDay.ReplaceAllString(a.lead, "Vừa qua, ")
	}
	dropped := false
	for i := len(orig.paras) - 1; i >= 0; i-- {
		p := orig.paras[i]
		switch {
		case p.signature:
			continue
		case p.img != "":
			p.text = "Quang cảnh buổi lễ tại " + ward.where()
		case !dropped && i > 1:
			dropped = true
			continue
		}
		p.text = spellOut(p.text)
		a.paras = append([]para{p}, a.paras...)
	}
	return a
}

// spellOut writes the party abbreviation in full, as editors of a city
// portal do.
func spellOut(s string) string {
	return strings.NewReplacer("đ/c", "đồng chí", "Đ/c", "Đồng chí").Replace(s)
}

func topicByKey(key string) *topic {
	for i := range topics {
		if topics[i].key == key {
			return &topics[i]
		}
	}
	return &topics[0]
}
