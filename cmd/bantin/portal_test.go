package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// portal is a fake government portal: a few feeds, RSS or Atom, that
// answer conditional requests the way a well-behaved CMS does.
type portal struct {
	srv   *httptest.Server
	mu    sync.Mutex
	feeds map[string]*fakeFeed
	hits  map[string]int // requests per path
	n304  int
}

type fakeFeed struct {
	atom  bool
	items []fakeItem
}

type fakeItem struct {
	guid, link, title, body string
	published               time.Time
}

func newPortal(t *testing.T) *portal {
	p := &portal{feeds: map[string]*fakeFeed{}, hits: map[string]int{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *portal) url(path string) string { return p.srv.URL + path }

// add publishes an item in the feed at path, creating the feed.
func (p *portal) add(path string, atom bool, it fakeItem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.feeds[path]
	if f == nil {
		f = &fakeFeed{atom: atom}
		p.feeds[path] = f
	}
	f.items = append([]fakeItem{it}, f.items...)
}

func (p *portal) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hits[r.URL.Path]++
	f := p.feeds[r.URL.Path]
	if f == nil {
		http.NotFound(w, r)
		return
	}
	body := f.render()
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		p.n304++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if f.atom {
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	}
	fmt.Fprint(w, body)
}

func (f *fakeFeed) render() string {
	var b strings.Builder
	esc := html.EscapeString
	if f.atom {
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Cổng thông tin</title><id>urn:x</id><updated>2025-07-01T00:00:00Z</updated>`)
		for _, it := range f.items {
			fmt.Fprintf(&b, `<entry><id>%s</id><title>%s</title><link href="%s"/><published>%s</published><updated>%s</updated><content type="html">%s</content></entry>`,
				esc(it.guid), esc(it.title), esc(it.link), it.published.Format(time.RFC3339), it.published.Format(time.RFC3339), esc(it.body))
		}
		b.WriteString(`</feed>`)
		return b.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Cổng thông tin</title><link>http://example/</link><description>Tin tức</description>`)
	for _, it := range f.items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>`,
			esc(it.guid), esc(it.title), esc(it.link), it.published.Format(time.RFC1123Z), esc(it.body))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}
