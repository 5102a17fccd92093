// Package bantin holds the domain of the aggregator: administrative units,
// their sources, the items a source publishes and the stories they are
// merged into. The packages beneath talk to the outside world: config reads
// feeds.yaml, fetch talks to portals, clean and dedup repair and compare
// what arrived, store keeps it in SQLite, publish serves it to readers and
// staff, poll schedules the passes, and cmd/bantin wires them together.
package bantin

import "time"

// AllUnits is the reserved unit id that stands for every root unit.
const AllUnits = "all"

// Config is a loaded and validated feeds.yaml.
type Config struct {
	Path                 string         // the file it was read from
	Title                string         // title of the root feed; may be empty
	Location             *time.Location // zone for source times that carry none
	Schedule             string         // default cron spec for every source
	AllowPrivateNetworks bool           // sources on loopback/private addresses may be fetched
	BaseURL              string         // public URL of this bantin, for self links; "" means http://<addr>
	SilentDays           int            // default days without an item before a unit is "im lặng" (7)
	MetricsLoopbackOnly  bool           // /metrics answers only clients on loopback
	Fetch                FetchLimits    // limits of the HTTP client and the poller
	Units                []Unit         // in file order; parents before or after children
}

// FetchLimits bound what fetching may cost. Zero fields take the defaults
// of package fetch.
type FetchLimits struct {
	ConnectTimeout time.Duration // dial and TLS handshake (10s)
	HeaderTimeout  time.Duration // until response headers (20s)
	TotalTimeout   time.Duration // whole request including body (60s)
	MaxBodyBytes   int64         // after decompression (16 MiB)
	MaxRedirects   int           // (5)
	PerHost        int           // requests in flight per host (2)
	Workers        int           // requests in flight overall (16)
	UserAgent      string        // default names bantin and its URL
}

// Unit is one administrative unit: the province, a department, a commune
// or ward. Units form a forest through Parent.
type Unit struct {
	ID         string   // [a-z0-9-]+, used in URLs
	Name       string   // display name, e.g. "Phường Phủ Lý"
	Parent     string   // "" for a root unit
	Aliases    []string // former ids; their URLs answer 301
	SilentDays int      // days without a new item before staff see "im lặng"; 0 means the default
	Sources    []Source
}

// Source is one feed URL of one unit.
type Source struct {
	URL         string
	Unit        string // id of the unit that owns it
	Schedule    string // cron spec, the config default already applied
	TLSInsecure bool   // accept expired or self-signed certificates (a warning for staff)
}

// Item is one article as one source carries it, after cleaning.
type Item struct {
	Source        string // URL of the source it came from
	Unit          string // unit id of that source
	GUID          string // the source's id for it; the canonical link when it gave none
	Link          string // absolute URL of the original article
	CanonicalLink string // Link without tracking parameters or fragment: identity
	Title         string // NFC, whitespace cleaned, otherwise the source's spelling
	Summary       string // plain text lead
	Content       string // sanitized HTML, lead kept once, furniture removed
	Text          string // the readable text of Content, for comparing and searching
	Author        string
	Published     time.Time // never after the time first seen
	Updated       time.Time // zero when the source gave none
	DateOnly      bool      // the source gave only a day: Published is its midnight
	Fingerprint   []byte    // near-duplicate signature (package dedup); nil: match by link only
	Bands         []uint64  // LSH band keys of Fingerprint, for the candidate index
}

// Story is what readers see: one article merged across every source that
// published it.
type Story struct {
	ID        string // stable id, kept for the life of the database
	Title     string
	Link      string // link of the first copy seen
	Summary   string
	Content   string
	Author    string
	Published time.Time
	Updated   time.Time
	Units     []string // ids of every unit that published it, first publisher first
	Links     []string // every original URL, first copy first
}

// Matcher decides whether two fingerprints describe the same story.
type Matcher interface {
	SameStory(a, b []byte) bool
}

// Sketch is a short digest of a fingerprint that a SketchMatcher can rule
// pairs out by.
type Sketch [100]byte

// SketchMatcher is a Matcher that can tell from two sketches alone that
// fingerprints are not the same story. The store keeps the sketches of
// recent stories in memory and reads a candidate's fingerprint only when
// its sketch may match: most candidates of an item share a band key by
// chance, and reading their fingerprints was most of a first pass.
type SketchMatcher interface {
	Matcher
	// Sketch writes fp's sketch into dst; false when fp has none (it does
	// not decode), and then the fingerprint is always compared.
	Sketch(dst *Sketch, fp []byte) bool
	// MayMatch is false only when SameStory is false for every pair of
	// fingerprints with these sketches.
	MayMatch(a, b *Sketch) bool
}

// ErrorKind classifies why a fetch failed, for staff and metrics.
type ErrorKind string

// The kinds of fetch failure staff see.
const (
	ErrNone      ErrorKind = ""
	ErrTimeout   ErrorKind = "timeout"
	ErrDNS       ErrorKind = "dns"
	ErrTLS       ErrorKind = "tls"
	ErrConnect   ErrorKind = "connect"
	ErrHTTP      ErrorKind = "http"      // a non-2xx, non-304 status
	ErrTooLarge  ErrorKind = "too_large" // body over the cap after decompression
	ErrNotFeed   ErrorKind = "not_feed"  // HTML page, empty body, unknown format
	ErrParse     ErrorKind = "parse"     // a feed that could not be read
	ErrForbidden ErrorKind = "forbidden" // blocked address or scheme
	ErrOther     ErrorKind = "other"
)

// Fetch is what one fetch of one source did; the store records it in one
// transaction together with the items it brought.
type Fetch struct {
	Source       string
	Started      time.Time
	Duration     time.Duration
	Status       int    // HTTP status, 0 when no response
	NotModified  bool   // 304
	ETag         string // validators to send next time
	LastModified string
	ErrorKind    ErrorKind
	Error        string    // empty on success
	RetryAfter   time.Time // from a 429/503 Retry-After, zero if none
	Offline      bool      // failed while every source failed: our network, not the source's fault
	NextFetchAt  time.Time
	Items        []Item
	// Unchanged counts the items the source sent again exactly as they
	// were last recorded, which are not in Items: the store holds them.
	Unchanged int
}

// Failed reports whether the fetch failed.
func (f *Fetch) Failed() bool { return f.Error != "" }

// SourceState is what the store knows of a source between fetches.
type SourceState struct {
	URL                 string
	Unit                string
	ETag                string
	LastModified        string
	LastFetchAt         time.Time
	LastOKAt            time.Time
	LastStatus          int
	LastError           string
	ErrorKind           ErrorKind
	FailingSince        time.Time
	ConsecutiveFailures int
	NextFetchAt         time.Time
}

// IngestStats counts what a fetch did to the stored items.
type IngestStats struct {
	New       int // a story not seen before
	Updated   int // an item of this source seen before, changed
	Unchanged int // an item of this source seen before, the same
	Duplicate int // a new copy of a story another source already published
}

// Add sums two counts.
func (s IngestStats) Add(o IngestStats) IngestStats {
	return IngestStats{s.New + o.New, s.Updated + o.Updated, s.Unchanged + o.Unchanged, s.Duplicate + o.Duplicate}
}

// Sources returns every source of every unit, in file order.
func (c *Config) Sources() []Source {
	var out []Source
	for _, u := range c.Units {
		out = append(out, u.Sources...)
	}
	return out
}

// FetchOrder returns every source, each unit's after those of the units
// under it (a walk of the tree in post-order, units in file order). A
// re-post is nearly always a parent unit's copy of a child's article (a
// city's of its ward's, the province's of a department's), published
// after it: fetching children first stores the original before its
// re-posts, as steady polling does. A first pass in file order stored
// the re-post first and then, when the original came, made it the
// story's primary copy, which re-indexes the story: 15,752 of a
// simulated country's 17,978 merged copies (741 in this order), about
// 6% of the pass's CPU. Each parent comes right after its own children,
// not with every parent at the end: parents' feeds are the large ones,
// and fetched together they waited for the writer all at once (77 MB of
// live heap against 26).
func (c *Config) FetchOrder() []Source {
	t := NewTree(c)
	out := make([]Source, 0, len(c.Units))
	done := make(map[string]bool, len(c.Units))
	var visit func(id string)
	visit = func(id string) {
		if done[id] {
			return
		}
		done[id] = true
		for _, child := range t.Children(id) {
			visit(child)
		}
		out = append(out, t.Unit(id).Sources...)
	}
	for _, id := range t.Roots() {
		visit(id)
	}
	// Units no root reaches (a loop of parents or a parent not listed,
	// which package config refuses) follow, in file order.
	for _, u := range t.Units() {
		visit(u.ID)
	}
	return out
}

// Activity counts a unit's own items.
type Activity struct {
	LastItemAt time.Time // publication time of its newest item; zero if none
	Today      int       // items published today, in the configured zone
	Days7      int       // items published in the last 7 days
	Days30     int       // items published in the last 30 days
}

// FetchRecord is one past fetch of a source, for staff.
type FetchRecord struct {
	At          time.Time
	Duration    time.Duration
	Status      int
	NotModified bool
	ErrorKind   ErrorKind
	Error       string
	New         int
	Updated     int
	Duplicate   int
}
