package sim

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"bantin"
)

// Truth is what bantin must show of the province. Compare text with
// bantin's comparison key (vntext.Fold): the truth gives it as the source
// wrote it, in NFC, the source's own tone placement kept.
type Truth struct {
	Zone    string    `json:"zone"`  // the zone of zone-less source times
	Start   time.Time `json:"start"` // every story is dated before it, but those Publish added
	Root    string    `json:"root"`  // id of the province
	Units   []Unit    `json:"units"` // in config order
	Sources []Source  `json:"sources"`
	Stories []Story   `json:"stories"` // newest first; only what bantin can get
}

// Unit is one unit as the config lists it.
type Unit struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Parent  string   `json:"parent,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Sources []string `json:"sources"` // feed URLs
}

// Source is one feed URL and how it behaves.
type Source struct {
	URL         string             `json:"url"`
	Unit        string             `json:"unit"`
	Host        string             `json:"host"` // origin of its listener
	Kind        Kind               `json:"kind"`
	Format      string             `json:"format,omitempty"` // rss or atom, for a feed with stories
	Quirks      []string           `json:"quirks,omitempty"` // profile of a good feed: "charset:windows-1258", "nfd" …
	TLSInsecure bool               `json:"tls_insecure,omitempty"`
	Delivers    bool               `json:"delivers"`         // bantin must get its items
	Expect      []bantin.ErrorKind `json:"expect,omitempty"` // how a failed fetch should be classified: any of these
	Items       int                `json:"items"`            // items it serves now
}

// Story is one story: every copy of it is one item in bantin's feeds.
type Story struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`     // the first copy's
	Published time.Time `json:"published"` // the first copy's
	Units     []string  `json:"units"`     // every unit that published it, first publisher first
	Links     []string  `json:"links"`     // canonical links of the copies, first copy first
	Family    string    `json:"family,omitempty"`
	Copies    []Copy    `json:"copies"` // oldest first
}

// Copy is one item of one source, as bantin must clean it.
type Copy struct {
	Unit      string    `json:"unit"`
	Source    string    `json:"source"`
	GUID      string    `json:"guid,omitempty"` // "" when the feed gives none
	Title     string    `json:"title"`          // NFC, spaces collapsed, the source's spelling
	Link      string    `json:"link"`           // absolute, as the feed gives it (tracking parameters kept)
	Canonical string    `json:"canonical"`      // Link without tracking parameters
	Published time.Time `json:"published"`      // the instant the item must carry
	Lead      string    `json:"lead"`           // the summary; in the content once
	Body      []string  `json:"body"`           // the paragraphs after the lead, captions and signature included
	Images    []string  `json:"images,omitempty"`
	Dropped   []string  `json:"dropped,omitempty"` // text the cleaned content must not have: furniture, the date line
}

// Truth returns what bantin must show now.
func (p *Province) Truth() Truth {
	t := Truth{Zone: Zone, Start: p.opts.Start.In(p.loc), Root: p.units[0].id}
	for _, u := range p.units {
		tu := Unit{ID: u.id, Name: u.name, Parent: u.parent, Aliases: u.aliases, Sources: []string{}}
		for _, f := range u.feeds {
			tu.Sources = append(tu.Sources, f.url)
			t.Sources = append(t.Sources, f.truth())
		}
		t.Units = append(t.Units, tu)
	}
	p.mu.Lock()
	for _, s := range p.stories {
		if st := p.storyTruth(s); len(st.Copies) > 0 {
			t.Stories = append(t.Stories, st)
		}
	}
	p.mu.Unlock()
	slices.SortStableFunc(t.Stories, func(a, b Story) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return t
}

func (f *feed) truth() Source {
	s := Source{URL: f.url, Unit: f.unit.id, Host: f.host.base(), Kind: f.kind, TLSInsecure: f.insecure,
		Delivers: f.delivers, Expect: f.kind.Expect(f.insecure)}
	if f.kind == Good || f.kind == SelfSigned {
		s.Format = f.prof.format
		s.Quirks = f.prof.quirks()
		f.mu.Lock()
		s.Items = len(f.items)
		f.mu.Unlock()
	}
	return s
}

// storyTruth is a story as bantin must show it: its copies on sources
// bantin can read.
func (p *Province) storyTruth(s *story) Story {
	out := Story{ID: s.id, Family: s.family, Units: []string{}, Links: []string{}}
	for _, a := range s.copies {
		if !a.feed.delivers {
			continue
		}
		c := a.feed.copyTruth(a)
		out.Copies = append(out.Copies, c)
		if !slices.Contains(out.Units, c.Unit) {
			out.Units = append(out.Units, c.Unit)
		}
		if !slices.Contains(out.Links, c.Canonical) {
			out.Links = append(out.Links, c.Canonical)
		}
	}
	if len(out.Copies) > 0 {
		out.Title, out.Published = out.Copies[0].Title, out.Copies[0].Published
	}
	return out
}

func (f *feed) copyTruth(a *article) Copy {
	c := Copy{
		Unit:      f.unit.id,
		Source:    f.url,
		Title:     collapse(norm.NFC.String(f.shownTitle(a))),
		Link:      a.link,
		Canonical: a.link,
		Published: f.expected(a),
		Lead:      norm.NFC.String(f.tones(a.lead, 0)),
	}
	if f.prof.tracking {
		c.Link = withTracking(a.link)
	}
	if f.prof.guid {
		c.GUID = f.guid(a)
	}
	for k, p := range a.paras {
		c.Body = append(c.Body, norm.NFC.String(f.tones(p.text, k+1)))
		if p.img != "" {
			c.Images = append(c.Images, f.host.base()+p.img)
		}
	}
	if f.prof.dates == "date-line" {
		c.Dropped = append(c.Dropped, f.dateLine(a))
	}
	if f.prof.furniture {
		c.Dropped = append(c.Dropped, "In bài", "Chia sẻ")
		if len(a.others) > 0 {
			c.Dropped = append(c.Dropped, furnitureHeadings[a.seq%len(furnitureHeadings)])
		}
		for _, o := range a.others {
			c.Dropped = append(c.Dropped, norm.NFC.String(o.feed.tones(o.title, 0)))
		}
	}
	return c
}

// Subtree returns unit and the ids of all its descendants; for "all",
// every unit.
func (t *Truth) Subtree(unit string) []string {
	var out []string
	var walk func(string)
	walk = func(id string) {
		out = append(out, id)
		for _, u := range t.Units {
			if u.Parent == id {
				walk(u.ID)
			}
		}
	}
	if unit == bantin.AllUnits {
		for _, u := range t.Units {
			out = append(out, u.ID)
		}
		return out
	}
	walk(unit)
	return out
}

// StoriesOf returns the stories bantin's feed of unit must carry: those
// published by the unit or a descendant, newest first.
func (t *Truth) StoriesOf(unit string) []Story {
	in := t.Subtree(unit)
	var out []Story
	for _, s := range t.Stories {
		if slices.ContainsFunc(s.Units, func(u string) bool { return slices.Contains(in, u) }) {
			out = append(out, s)
		}
	}
	return out
}

// Source returns the source with this URL.
func (t *Truth) Source(url string) (Source, bool) {
	for _, s := range t.Sources {
		if s.URL == url {
			return s, true
		}
	}
	return Source{}, false
}
