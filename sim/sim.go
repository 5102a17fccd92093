// Package sim runs a simulated province of fake government portals on
// loopback, for end-to-end, hostile-source and performance tests of
// bantin and for the simprovince command.
//
// A province has a root unit, its cities each with wards, and optionally
// departments; every unit has good feeds (RSS 2.0 and Atom with the quirks
// of real Vietnamese portals: Windows-1258, a BOM, a wrong charset header,
// NFD text, both tone placements, day-first and zone-less dates, relative
// links, the lead repeated as the first paragraph, "Các tin khác"
// furniture, entities encoded twice) and, when asked, one hostile feed
// (errors, Retry-After, never-ending and trickling bodies, redirect loops,
// a 30 MB feed, a gzip bomb, a billion laughs, an HTML page, an empty
// body, a cut connection, a self-signed certificate). Units are spread
// over several hosts: listeners on 127.0.0.2, 127.0.0.3 … where the
// system answers on them (Linux does), else on ports of 127.0.0.1.
//
// Truth says what bantin must show: every story with its copies, their
// cleaned titles and instants, the cross-posts that are one story and the
// template families that are not. Stats says what the hosts saw, so tests
// can hold bantin to at most two requests in flight per host and to
// conditional requests.
package sim

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Options shape a province. Zero sizes take the defaults in brackets.
type Options struct {
	Cities       int // cities (or districts) under the province [3]
	WardsPerCity int // wards and communes under each city [4]
	Departments  int // departments under the province, without wards [0]
	FeedsPerUnit int // good feeds of every unit [1]
	ItemsPerFeed int // own stories of every good feed [10]
	Hosts        int // listeners the units are spread over [3]

	Hostile      bool   // give every unit one hostile feed, kinds round robin
	HostileKinds []Kind // the kinds to go round; nil means HostileKinds()
	HostileHosts int    // >0: hostile feeds on this many listeners of their own; 0: on their unit's host
	TLSInsecure  bool   // list the self-signed source with tls_insecure: true, so it must deliver

	CrossPosts float64 // fraction of ward stories the city re-posts (same link, or an edited copy)
	Families   int     // template families per city: every ward of the city publishes one story under the same headline

	Seed  uint64
	Start time.Time        // stories are dated before this [Now()]
	Now   func() time.Time // clock of Publish and Retry-After [time.Now]

	TrickleEvery time.Duration // pause between the trickle's bytes [1s]
	EndlessEvery time.Duration // pause between the endless body's items [200ms]
	HugeBytes    int64         // size of the huge feed [30 MiB]
	BombBytes    int64         // decompressed size of the gzip bomb [40 MiB]

	Logger *slog.Logger // the hosts' server errors [discarded]
}

// Zone is the time zone of the province: source times without an offset
// are in it, and ConfigYAML names it.
const Zone = "Asia/Ho_Chi_Minh"

func (o *Options) fill() error {
	for _, d := range []struct {
		v   *int
		def int
		max int
	}{
		{&o.Cities, 3, 1000}, {&o.WardsPerCity, 4, 1000}, {&o.Departments, 0, 1000}, {&o.FeedsPerUnit, 1, 99},
		{&o.ItemsPerFeed, 10, 10000}, {&o.Hosts, 3, 200}, {&o.HostileHosts, 0, 40}, {&o.Families, 0, 100},
	} {
		if *d.v < 0 || *d.v > d.max {
			return fmt.Errorf("sim options: %d is outside 0..%d", *d.v, d.max)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if o.CrossPosts < 0 || o.CrossPosts > 1 {
		return fmt.Errorf("sim options: cross-posts %v is outside 0..1", o.CrossPosts)
	}
	if o.HostileKinds == nil {
		o.HostileKinds = HostileKinds()
	}
	for _, k := range o.HostileKinds {
		if !slices.Contains(HostileKinds(), k) {
			return fmt.Errorf("sim options: unknown hostile kind %q", k)
		}
	}
	if o.Hostile && len(o.HostileKinds) == 0 {
		return errors.New("sim options: hostile feeds asked for, but no kind of them")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Start.IsZero() {
		o.Start = o.Now()
	}
	o.TrickleEvery = orDefault(o.TrickleEvery, time.Second)
	o.EndlessEvery = orDefault(o.EndlessEvery, 200*time.Millisecond)
	o.HugeBytes = orDefault(o.HugeBytes, 30<<20)
	o.BombBytes = orDefault(o.BombBytes, 40<<20)
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return nil
}

// orDefault is v, or def when v is not positive.
func orDefault[T int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Province is a running simulated province. Its methods are safe for
// concurrent use.
type Province struct {
	opts  Options
	loc   *time.Location
	units []*unit
	byID  map[string]*unit
	feeds []*feed

	good, hostileHosts []*host
	tlsHost            *host
	done               chan struct{}
	serving            sync.WaitGroup // the hosts' Serve loops
	closeOnce          sync.Once

	bombOnce sync.Once
	bomb     []byte

	mu      sync.Mutex // guards what follows
	w       *writer
	stories []*story
	turn    map[string]int // the next feed Publish uses, per unit
}

// Start builds the province and starts its listeners.
func Start(opts Options) (*Province, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	p := &Province{
		opts: opts,
		loc:  zone(),
		byID: map[string]*unit{},
		done: make(chan struct{}),
		turn: map[string]int{},
	}
	p.units = buildUnits(&p.opts)
	for _, u := range p.units {
		p.byID[u.id] = u
	}
	if err := p.listen(); err != nil {
		p.Close()
		return nil, err
	}
	p.layFeeds()
	p.prepareBomb()
	p.w = newWriter(opts.Seed, p.loc, opts.Start)
	p.write()
	return p, nil
}

// zone loads the province's zone; without the tz database it is the same
// fixed offset (Vietnam has no daylight saving).
func zone() *time.Location {
	if loc, err := time.LoadLocation(Zone); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

func (p *Province) now() time.Time { return p.opts.Now() }

// listen starts the hosts: the good ones, the hostile ones, and the TLS
// one when a unit gets the self-signed kind.
func (p *Province) listen() error {
	many := loopbacks()
	next := 0
	start := func(cert bool) (*host, error) {
		ip := "127.0.0.1"
		if many {
			ip = fmt.Sprintf("127.0.0.%d", 2+next)
		}
		next++
		if !cert {
			return newHost(ip, nil, p.opts.Logger, &p.serving)
		}
		c, err := selfSigned(ip, p.now())
		if err != nil {
			return nil, err
		}
		return newHost(ip, c, p.opts.Logger, &p.serving)
	}
	for range p.opts.Hosts {
		h, err := start(false)
		if err != nil {
			return err
		}
		p.good = append(p.good, h)
	}
	if !p.opts.Hostile {
		return nil
	}
	for range p.opts.HostileHosts {
		h, err := start(false)
		if err != nil {
			return err
		}
		p.hostileHosts = append(p.hostileHosts, h)
	}
	if slices.ContainsFunc(p.units, func(u *unit) bool { return p.hostileKind(u) == SelfSigned }) {
		h, err := start(true)
		if err != nil {
			return err
		}
		p.tlsHost = h
	}
	return nil
}

func (p *Province) hostileKind(u *unit) Kind {
	if !p.opts.Hostile {
		return Good
	}
	return p.opts.HostileKinds[u.index%len(p.opts.HostileKinds)]
}

func (p *Province) hosts() []*host {
	hs := append(slices.Clone(p.good), p.hostileHosts...)
	if p.tlsHost != nil {
		hs = append(hs, p.tlsHost)
	}
	return hs
}

// layFeeds gives every unit its host, its good feeds with their quirks,
// and its hostile feed.
func (p *Province) layFeeds() {
	n := 0
	for _, u := range p.units {
		u.host = p.good[u.index%len(p.good)]
		for k := range p.opts.FeedsPerUnit {
			prof := profileFor(n)
			n++
			f := p.newFeed(u, u.host, k, Good, prof)
			f.delivers = true
			u.host.handle(f.uri, f, true)
		}
		switch kind := p.hostileKind(u); kind {
		case Good:
		case SelfSigned:
			f := p.newFeed(u, p.tlsHost, p.opts.FeedsPerUnit, kind, plain())
			f.delivers, f.insecure = p.opts.TLSInsecure, p.opts.TLSInsecure
			p.tlsHost.handle(f.uri, f, true)
		default:
			h := u.host
			if len(p.hostileHosts) > 0 {
				h = p.hostileHosts[u.index%len(p.hostileHosts)]
			}
			p.hostile(p.newFeed(u, h, p.opts.FeedsPerUnit, kind, profile{paths: u.index % pathShapes}))
		}
	}
}

func (p *Province) newFeed(u *unit, h *host, k int, kind Kind, prof profile) *feed {
	names := []string{"Tin tức", "Thông báo", "Sự kiện", "Văn bản"}
	uri := pathFor(u, k, prof.paths)
	f := &feed{unit: u, host: h, uri: uri, url: h.base() + uri, kind: kind, prof: prof, loc: p.loc,
		title: names[k%len(names)] + " - " + u.name}
	u.feeds = append(u.feeds, f)
	p.feeds = append(p.feeds, f)
	return f
}

// storyFeeds are the feeds of u that carry stories: the good ones, then
// the one behind the self-signed certificate.
func (u *unit) storyFeeds() []*feed {
	var out []*feed
	for _, f := range u.feeds {
		if f.kind == Good || f.kind == SelfSigned {
			out = append(out, f)
		}
	}
	return out
}

// write dates and writes every story: each feed's own, the template
// families of the cities' wards, and the cities' re-posts.
func (p *Province) write() {
	w := p.w
	for _, u := range p.units {
		for _, f := range u.storyFeeds() {
			for range p.opts.ItemsPerFeed {
				p.publish(f, w.regular(u, w.before()), "")
			}
		}
	}
	p.families()
	p.crossPosts()
	for _, f := range p.feeds {
		modified := p.opts.Start
		if len(f.items) > 0 {
			modified = f.items[0].published
		}
		f.settle(modified)
	}
}

// Render has every feed that carries stories make its bytes now, as a
// portal does that writes its RSS file when an editor publishes. Feeds
// are otherwise rendered when first asked for after a change: a load test
// on the same cores as its portals then measures the portals' rendering
// beside the reader's reading.
func (p *Province) Render() {
	for _, u := range p.units {
		for _, f := range u.storyFeeds() {
			f.rendered()
		}
	}
}

// publish starts a story with its first copy.
func (p *Province) publish(f *feed, a *article, family string) *story {
	s := &story{id: fmt.Sprintf("s%05d", len(p.stories)+1), family: family, copies: []*article{a}}
	a.story = s
	f.add(a)
	p.stories = append(p.stories, s)
	return s
}

// families has every ward of a city publish, in one week, a story under
// one headline: different events, which must all stay.
func (p *Province) families() {
	w := p.w
	for _, city := range p.units {
		if city.level != levelCity || city.dept {
			continue
		}
		for n := range p.opts.Families {
			week := p.opts.Start.AddDate(0, 0, -8-w.rng.IntN(20))
			plan := w.plan(fmt.Sprintf("%s-%d", city.id, n), city.index+n, week.In(p.loc).Year())
			for _, ward := range p.units {
				if ward.parent != city.id {
					continue
				}
				at := week.Add(time.Duration(w.rng.Int64N(int64(6 * 24 * time.Hour)))).Truncate(time.Minute)
				p.publish(ward.storyFeeds()[0], w.family(ward, plan, at), plan.key)
			}
		}
	}
}

// crossPosts has cities re-post a share of their wards' stories, a few
// hours to three days later: a third by linking to the ward's article, the
// rest as an edited copy on the city's portal.
func (p *Province) crossPosts() {
	if p.opts.CrossPosts == 0 {
		return
	}
	w := p.w
	latest := p.opts.Start.Add(-5 * time.Minute)
	for _, s := range slices.Clone(p.stories) {
		orig := s.copies[0]
		ward := orig.feed.unit
		if ward.level != levelWard || !orig.feed.delivers || w.rng.Float64() >= p.opts.CrossPosts {
			continue
		}
		at := orig.published.Add(2*time.Hour + time.Duration(w.rng.Int64N(int64(70*time.Hour)))).Truncate(time.Minute)
		if at.After(latest) {
			at = latest.Truncate(time.Minute)
		}
		if !at.After(orig.published) {
			continue
		}
		var a *article
		if w.rng.IntN(3) == 0 {
			a = w.newArticle(at)
			a.title, a.lead, a.link = orig.title, orig.lead, orig.link
			a.paras = slices.DeleteFunc(slices.Clone(orig.paras), func(p para) bool { return p.signature })
		} else {
			a = w.repost(orig, at)
		}
		a.story = s
		s.copies = append(s.copies, a)
		p.byID[ward.parent].storyFeeds()[0].add(a)
	}
}

// Publish adds a new story, dated now, to one of the unit's feeds (each
// in turn) and returns what bantin must show of it.
func (p *Province) Publish(unitID string) (Story, error) {
	u := p.byID[unitID]
	if u == nil {
		return Story{}, fmt.Errorf("publish: no unit %q", unitID)
	}
	var feeds []*feed
	for _, f := range u.storyFeeds() {
		if f.delivers {
			feeds = append(feeds, f)
		}
	}
	if len(feeds) == 0 {
		return Story{}, fmt.Errorf("publish: unit %q has no working feed", unitID)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f := feeds[p.turn[unitID]%len(feeds)]
	p.turn[unitID]++
	now := p.now()
	s := p.publish(f, p.w.regular(u, now.Truncate(time.Minute)), "")
	f.mu.Lock()
	modified := now
	if next := f.modified.Add(time.Second); next.After(now) {
		// Last-Modified counts seconds: a change in the same second as the
		// last must still look newer to If-Modified-Since.
		modified = next
	}
	f.mu.Unlock()
	f.settle(modified)
	return p.storyTruth(s), nil
}

// Hosts returns the origin of every host, "http://127.0.0.2:41234": the
// good ones, then the hostile ones, then the TLS one.
func (p *Province) Hosts() []string {
	var out []string
	for _, h := range p.hosts() {
		out = append(out, h.base())
	}
	return out
}

// Stats returns what the hosts saw since the province started.
func (p *Province) Stats() Stats {
	s := Stats{Sources: map[string]SourceStats{}}
	for _, h := range p.hosts() {
		s.Hosts = append(s.Hosts, h.stats())
		h.sourceStats(s.Sources)
	}
	return s
}

// Close stops every host. Endless and trickling bodies end, and Close
// returns once every handler has returned (or after five seconds).
func (p *Province) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		for _, h := range p.hosts() {
			h.srv.Close()
		}
		p.serving.Wait()
		deadline := time.Now().Add(5 * time.Second)
		for p.busy() && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
	})
}

func (p *Province) busy() bool {
	for _, h := range p.hosts() {
		if h.flight.count() > 0 {
			return true
		}
	}
	return false
}
