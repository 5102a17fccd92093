package interop

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"bantin"
)

// deviation is a known way one parser reads our documents unlike what was
// stored. Most are the parser's own doing, which bantin cannot change;
// those marked ours are defects of bantin's output that a change in
// package publish would cure. Both are logged, not failed, so the suite
// stays green while they are open; one that stops showing fails the test,
// so that this list only ever says what is true.
type deviation struct {
	parser  string
	kinds   []string // document kinds it shows in
	field   string   // title, categories, published or content
	article string   // the article it shows on; "" for any
	unit    string   // a unit the story must list; "" for any
	ours    bool
	why     string
}

// knownDeviations were each seen with the parser versions pinned in
// js/package-lock.json.
var knownDeviations = []deviation{
	{
		parser: "rowanmanning", kinds: []string{"rss", "atom"}, field: "title", article: entityArticle,
		why: "html-entities decodes every text again after fast-xml-parser did: the literal text &amp; reads as &, &lt;b&gt; as <b>",
	},
	{
		parser: "feed-extractor", kinds: []string{"rss", "atom"}, field: "title", article: entityArticle,
		why: "its normalizer unescapes HTML entities in titles after the XML parser did: the literal text &amp; reads as &",
	},
	{
		parser: "feedparser", kinds: []string{"rss", "atom"}, field: "title", article: entityArticle,
		why: "it strips whatever looks like a tag from titles: the literal text </title> disappears",
	},
	{
		parser: "rss-parser", kinds: []string{"atom"}, field: "categories",
		why: "it reads no <category> of an Atom entry (only RSS categories)",
	},
	{
		parser: "feed-extractor", kinds: []string{"atom"}, field: "published", article: sharedArticle,
		why: "it gives an entry's <updated> as its publication date; a story merged from a second unit is updated at the merge",
	},
	{
		parser: "rowanmanning", kinds: []string{"rss", "atom"}, field: "content",
		why: "it decodes HTML entities inside HTML content: &lt; becomes <, &#34; inside an attribute breaks it, &nbsp; becomes U+00A0",
	},
}

func (d *deviation) covers(parser, kind, field string, s bantin.Story) bool {
	return d.parser == parser && d.field == field && slices.Contains(d.kinds, kind) &&
		(d.article == "" || d.article == articleOf(s)) &&
		(d.unit == "" || slices.Contains(s.Units, d.unit))
}

// deviationLog tracks which known deviations a test run met, and which
// parser and document kind pairs it checked at all.
type deviationLog struct {
	mu   sync.Mutex
	seen map[string]bool // deviation index and kind
	ran  map[string]bool // parser and kind
}

func newDeviationLog() *deviationLog {
	return &deviationLog{seen: map[string]bool{}, ran: map[string]bool{}}
}

func (l *deviationLog) checked(parser, kind string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ran[parser+" "+kind] = true
}

// mismatch reports that parser read field of s in a document of kind
// unlike what was stored: logged when it is a known deviation, an error
// otherwise.
func (l *deviationLog) mismatch(t *testing.T, parser, kind, field string, s bantin.Story, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	for i, d := range knownDeviations {
		if !d.covers(parser, kind, field, s) {
			continue
		}
		l.mu.Lock()
		l.seen[fmt.Sprint(i, kind)] = true
		l.mu.Unlock()
		whose := "parser's"
		if d.ours {
			whose = "BANTIN DEFECT, publish's"
		}
		t.Logf("known deviation (%s: %s): %s", whose, d.why, msg)
		return
	}
	t.Error(msg)
}

// stale fails for every known deviation of a checked parser and kind that
// did not show: fixed, it must leave the list.
func (l *deviationLog) stale(t *testing.T) {
	t.Helper()
	for i, d := range knownDeviations {
		for _, kind := range d.kinds {
			if l.ran[d.parser+" "+kind] && !l.seen[fmt.Sprint(i, kind)] {
				t.Errorf("known deviation of %s on %s %s no longer shows (%s): remove it from knownDeviations", d.parser, kind, d.field, d.why)
			}
		}
	}
}
