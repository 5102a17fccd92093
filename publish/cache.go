package publish

import (
	"bytes"
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
type renderCache struct {
	maxBytes int
	mu       sync.Mutex
	bytes    int
	lru      *list.List // of *cacheEntry, most recent first
	entries  map[cacheKey]*list.Element
}

type cacheEntry struct {
	key     cacheKey
	version uint64
	done    chan struct{} // closed when r or err is set
	r       *rendered
	err     error
	counted bool // its size is in renderCache.bytes
}

func newRenderCache(maxBytes int) *renderCache {
	return &renderCache{maxBytes: maxBytes, lru: list.New(), entries: make(map[cacheKey]*list.Element)}
}

// get returns the rendering of key at version, calling build when there is
// none. A failed build is not kept.
func (c *renderCache) get(ctx context.Context, key cacheKey, version uint64, build func() (*rendered, error)) (*rendered, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.version == version {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return e.wait(ctx)
		}
		c.remove(el)
	}
	e := &cacheEntry{key: key, version: version, done: make(chan struct{})}
	el := c.lru.PushFront(e)
	c.entries[key] = el
	c.mu.Unlock()

	e.r, e.err = build()
	close(e.done)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[key] != el {
		return e.r, e.err // replaced meanwhile by a newer version
	}
	if e.err != nil || e.r.size() > c.maxBytes/4 {
		c.remove(el)
		return e.r, e.err
	}
	c.bytes += e.r.size()
	e.counted = true
	for c.bytes > c.maxBytes && c.evictOldest() {
	}
	return e.r, nil
}

func (e *cacheEntry) wait(ctx context.Context) (*rendered, error) {
	select {
	case <-e.done:
		return e.r, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// evictOldest drops the least recently used entry that counts towards
// the size, and reports whether there was one.
func (c *renderCache) evictOldest() bool {
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		if el.Value.(*cacheEntry).counted {
			c.remove(el)
			return true
		}
	}
	return false
}

func (c *renderCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	if e.counted {
		c.bytes -= e.r.size()
	}
}
