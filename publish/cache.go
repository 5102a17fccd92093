package publish

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// defaultCacheBytes bounds the rendered feeds kept in memory. A province
// has about 150 units × 3 formats; their default-limit feeds with gzip
// variants fit in it, and odd limits asked for once fall out first.
const defaultCacheBytes = 64 << 20

// rendered is one document as served: its bytes, their gzip, and the
// validators of each. The header values are built once here, so that
// serving it from the cache allocates nothing for them.
//
// The gzip variant is compressed when a client first asks for it, not at
// rendering: while a pass ingests, feeds are rendered again after every
// batch, and compressing each rendering cost more than rendering it
// (BenchmarkServeFeed/render). Its ETag is known beforehand, so a 304 to a
// gzip client compresses nothing.
type rendered struct {
	body         []byte
	modTime      time.Time
	plain        variant
	lastModified []string // modTime as an HTTP date

	gzETag       string
	gzETagHeader []string
	gzOnce       sync.Once
	gz           variant // set by gzOnce
	gzErr        error
}

// variant is one encoding of a rendering with its header values; every
// slice has len == cap, so a handler appending to one copies it.
type variant struct {
	body          []byte
	etag          string
	etagHeader    []string
	contentLength []string
}

func newVariant(body []byte, etag string) variant {
	return variant{
		body:          body,
		etag:          etag,
		etagHeader:    []string{etag},
		contentLength: []string{strconv.Itoa(len(body))},
	}
}

func newRendered(body []byte, modTime time.Time) (*rendered, error) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	r := &rendered{
		body:         body,
		modTime:      modTime,
		lastModified: []string{modTime.UTC().Format(http.TimeFormat)},
		plain:        newVariant(body, `"`+tag+`"`),
		gzETag:       `"` + tag + `-gz"`,
	}
	r.gzETagHeader = []string{r.gzETag}
	return r, nil
}

// gzipped returns the gzip variant, compressing the body the first time.
func (r *rendered) gzipped() (*variant, error) {
	r.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		if err == nil {
			_, err = zw.Write(r.body)
		}
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			r.gzErr = fmt.Errorf("gzip feed: %w", err)
			return
		}
		r.gz = newVariant(buf.Bytes(), r.gzETag)
		r.gz.etagHeader = r.gzETagHeader
	})
	return &r.gz, r.gzErr
}

// size is what the rendering counts against the cache: the body and a
// gzip of it, which is about a fifth of a feed's XML and may not exist
// yet (counted ahead so that the count never changes under the cache).
func (r *rendered) size() int { return len(r.body) + len(r.body)/4 }

// cacheKey names one rendering: a unit's feed in one format and limit, or
// the OPML (unit "", format -1).
type cacheKey struct {
	unit   string
	format format
	limit  int
}

// renderCache keeps renderings while the store version they were made
// from is current, least recently used out first when over maxBytes.
// Requests for a rendering being built wait for it instead of building it
// again, so a change seen by fifty readers at once costs one query.
//
// While a newer rendering is being built, readers get the previous one at
// once (stale while revalidating) instead of queueing behind the build:
// during a pass a province's feed changes with every batch, and its
// readers would otherwise wait for one rendering after another. The
// reader who starts a build waits for it up to staleAfter, so a reader
// who asks after a change on a machine that is not overloaded gets the
// change.
type renderCache struct {
	maxBytes int
	mu       sync.Mutex
	bytes    int
	lru      *list.List // of *cacheEntry, most recent first
	entries  map[cacheKey]*list.Element
}

type cacheEntry struct {
	key     cacheKey
	r       *rendered // the newest complete rendering; nil before the first
	version uint64    // r's
	pending *pendingBuild
}

// pendingBuild is a rendering in progress.
type pendingBuild struct {
	version uint64
	done    chan struct{} // closed when r or err is set
	r       *rendered
	err     error
}

func newRenderCache(maxBytes int) *renderCache {
	return &renderCache{maxBytes: maxBytes, lru: list.New(), entries: make(map[cacheKey]*list.Element)}
}

// get returns the rendering of key at version, calling build when there is
// none, or the previous rendering while another reader builds this one.
// A failed build is not kept.
func (c *renderCache) get(ctx context.Context, key cacheKey, version uint64, build func() (*rendered, error)) (*rendered, error) {
	for {
		c.mu.Lock()
		el, ok := c.entries[key]
		if !ok {
			el = c.lru.PushFront(&cacheEntry{key: key})
			c.entries[key] = el
		}
		c.lru.MoveToFront(el)
		e := el.Value.(*cacheEntry)
		if e.r != nil && e.version == version {
			c.mu.Unlock()
			return e.r, nil
		}
		if p := e.pending; p != nil {
			prev := e.r
			c.mu.Unlock()
			if prev != nil {
				return prev, nil
			}
			if err := p.wait(ctx); err != nil || p.version == version {
				return p.r, cmp.Or(err, p.err)
			}
			continue // an older version was built: now build this one
		}
		p := &pendingBuild{version: version, done: make(chan struct{})}
		e.pending = p
		prev := e.r
		c.mu.Unlock()

		if prev == nil {
			p.r, p.err = build()
			c.finish(el, p)
			return p.r, p.err
		}
		go func() {
			p.r, p.err = build()
			c.finish(el, p)
		}()
		t := time.NewTimer(staleAfter)
		defer t.Stop()
		select {
		case <-p.done:
			return p.r, p.err
		case <-t.C:
			return prev, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// staleAfter is how long the reader who starts a new rendering waits for
// it before taking the previous one. A feed renders in a few milliseconds
// when the machine is idle, so a reader asking after a change gets the
// change; while a pass saturates both cores a province's feed can take
// far longer, and its readers get the previous rendering instead of
// waiting behind the ingest.
const staleAfter = 40 * time.Millisecond

// finish makes p's rendering its entry's, unless the entry was dropped
// meanwhile, and keeps the cache to its size.
func (c *renderCache) finish(el *list.Element, p *pendingBuild) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(p.done)
	e := el.Value.(*cacheEntry)
	if e.pending == p {
		e.pending = nil
	}
	if c.entries[e.key] != el {
		return // dropped meanwhile
	}
	if p.err != nil || p.r.size() > c.maxBytes/4 {
		if e.r == nil && e.pending == nil {
			c.remove(el)
		}
		return
	}
	if e.r != nil {
		c.bytes -= e.r.size()
	}
	e.r, e.version = p.r, p.version
	c.bytes += e.r.size()
	for c.bytes > c.maxBytes && c.evictOldest(el) {
	}
}

func (p *pendingBuild) wait(ctx context.Context) error {
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// evictOldest drops the least recently used entry with a rendering and no
// build in progress, other than keep, and reports whether there was one.
func (c *renderCache) evictOldest(keep *list.Element) bool {
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		e := el.Value.(*cacheEntry)
		if el != keep && e.r != nil && e.pending == nil {
			c.remove(el)
			return true
		}
	}
	return false
}

func (c *renderCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	if e.r != nil {
		c.bytes -= e.r.size()
	}
}
