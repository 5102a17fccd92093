package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// renderTimeout bounds the store query behind one rendering.
const renderTimeout = 30 * time.Second

// opmlKey is the cache key of the OPML, which depends on the config alone.
var opmlKey = cacheKey{format: -1}

// feed returns the rendering of unit's feed (a canonical id or AllUnits)
// in format f with limit stories, from the cache while the store has not
// changed.
func (s *Server) feed(ctx context.Context, st *snapshot, unit string, f format, limit int) (*rendered, error) {
	uf := st.unitFeed(unit)
	units := uf.units
	// The version is read before the stories: a change in between makes
	// the next request render again, never serve stale bytes for long.
	version, changed := s.version(uf)
	return st.cache.get(ctx, cacheKey{unit, f, limit}, version, func() (*rendered, error) {
		// Other readers may be waiting for this rendering: the one who
		// started it hanging up must not fail theirs.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), renderTimeout)
		defer cancel()
		stories, err := s.store.Stories(ctx, units, limit)
		if err != nil {
			return nil, fmt.Errorf("stories of %s: %w", unit, err)
		}
		start := time.Now()
		body, err := newFeedDoc(st, unit, limit, stories, changed).render(f)
		if err != nil {
			return nil, err
		}
		s.renders.Add(1)
		s.metrics.renders.WithLabelValues(f.ext()).Inc()
		s.log.DebugContext(ctx, "feed rendered", slog.String("unit", unit), slog.String("format", f.ext()),
			slog.Int("limit", limit), slog.Int("stories", len(stories)), slog.Int("bytes", len(body)),
			slog.Duration("took", time.Since(start)))
		return st.cache.newRendered(body, laterOf(changed, st.loaded))
	})
}

// version is Store.Version of uf's units. When the store counts its
// changes, a feed whose last check saw the same count answers from that
// check: an unchanged feed costs one atomic load, whatever its size.
func (s *Server) version(uf *unitFeed) (uint64, time.Time) {
	if s.changes == nil {
		return s.store.Version(uf.units)
	}
	n := s.changes.Changes()
	if seen := uf.seen.Load(); seen != nil && seen.changes == n {
		return seen.version, seen.changed
	}
	v, t := s.store.Version(uf.units)
	uf.seen.Store(&versionSeen{changes: n, version: v, changed: t})
	return v, t
}

// opml returns the rendering of the OPML of st.
func (s *Server) opml(ctx context.Context, st *snapshot) (*rendered, error) {
	return st.cache.get(ctx, opmlKey, 0, func() (*rendered, error) {
		body, err := renderOPML(st)
		if err != nil {
			return nil, err
		}
		s.renders.Add(1)
		s.metrics.renders.WithLabelValues("opml").Inc()
		return st.cache.newRendered(body, st.loaded)
	})
}

// laterOf is the Last-Modified of a feed: its content changes with the
// store and with the config (names, base URL), whichever came last.
func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a.Truncate(time.Second)
	}
	return b
}

// handleFeed serves GET /feeds/{unit}.{rss,atom,json}.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	st := s.snapshot()
	name := r.PathValue("file")
	ext := path.Ext(name)
	f, ok := formatByExt(strings.TrimPrefix(ext, "."))
	if !ok {
		http.NotFound(w, r)
		return
	}
	id, alias, ok := st.tree.Resolve(strings.TrimSuffix(name, ext))
	if !ok {
		http.Error(w, fmt.Sprintf("no unit %q", strings.TrimSuffix(name, ext)), http.StatusNotFound)
		return
	}
	if alias {
		redirectCanonical(w, r, "/feeds/"+id+ext)
		return
	}
	limit := DefaultLimit
	var err error
	if r.URL.RawQuery != "" { // most readers ask without one: no map to build
		limit, err = parseLimit(r.URL.Query())
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rd, err := s.feed(r.Context(), st, id, f, limit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := serveCached(w, r, f.contentType(), st.cache, cacheKey{id, f, limit}, rd); err != nil {
		s.serverError(w, r, err)
	}
}

// handleOPML serves GET /opml and /opml.xml.
func (s *Server) handleOPML(w http.ResponseWriter, r *http.Request) {
	st := s.snapshot()
	rd, err := s.opml(r.Context(), st)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := serveCached(w, r, opmlContentType, st.cache, opmlKey, rd); err != nil {
		s.serverError(w, r, err)
	}
}

// redirectCanonical answers a former id with 301 to the current one,
// keeping the query so a reader's ?limit survives the move.
func redirectCanonical(w http.ResponseWriter, r *http.Request, canonical string) {
	u := url.URL{Path: canonical, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
}

// parseLimit reads ?limit: absent means DefaultLimit.
func parseLimit(q url.Values) (int, error) {
	v, ok := q["limit"]
	if !ok {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > MaxLimit {
		return 0, fmt.Errorf("limit must be a whole number from 1 to %d, not %q", MaxLimit, v[0])
	}
	return n, nil
}

// Header values every feed and OPML response carries; their slices have
// len == cap, so a handler appending to one copies it.
var (
	varyAcceptEncoding = []string{"Accept-Encoding"}
	cacheControlPublic = []string{"public, max-age=60"}
	contentEncodingGz  = []string{"gzip"}
	acceptRangesBytes  = []string{"bytes"}
	opmlContentType    = []string{"text/x-opml; charset=utf-8"}
)

// serveRendered writes rd, gzipped when the client accepts it, answering
// conditional requests and HEAD; see serveCached.
func serveRendered(w http.ResponseWriter, r *http.Request, contentType []string, rd *rendered) {
	if err := serveCached(w, r, contentType, nil, cacheKey{}, rd); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// serveCached writes rd, the rendering of key in c, gzipped when the
// client accepts it, answering conditional requests and HEAD. Each
// variant has its own ETag, as caches must not mix them. A plain GET or
// one with If-None-Match or If-Modified-Since (what feed readers send) is
// answered here from header values built once per rendering; anything
// rarer (ranges, If-Match) goes through http.ServeContent, which knows
// every rule. The plain bytes of a rendering the cache holds compressed
// only are decompressed when a body is sent, not for a 304 or a HEAD;
// when that fails, nothing is written and the error is returned.
func serveCached(w http.ResponseWriter, r *http.Request, contentType []string, c *renderCache, key cacheKey, rd *rendered) error {
	h := w.Header()
	h["Content-Type"] = contentType
	if v, ok := h["Vary"]; ok {
		h["Vary"] = append(v, varyAcceptEncoding...)
	} else {
		h["Vary"] = varyAcceptEncoding
	}
	h["Cache-Control"] = cacheControlPublic
	v := &rd.plain
	gz := acceptsGzip(r.Header["Accept-Encoding"])
	if gz {
		v = &rd.gz
		h["Content-Encoding"] = contentEncodingGz
	}
	h["Etag"] = v.etagHeader
	notModified, ok := checkConditions(r, v.etag, rd.modTime)
	if ok && notModified {
		delete(h, "Content-Type")
		delete(h, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := v.body
	if body == nil && (!ok || r.Method != http.MethodHead) {
		var pooled *[]byte
		var err error
		body, pooled, err = c.plainBody(key, rd)
		defer c.putBuffer(pooled)
		if err != nil {
			for _, k := range []string{"Content-Type", "Cache-Control", "Etag"} {
				delete(h, k)
			}
			return err
		}
	}
	if !ok {
		http.ServeContent(w, r, "", rd.modTime, bytes.NewReader(body))
		return nil
	}
	h["Last-Modified"] = rd.lastModified
	h["Accept-Ranges"] = acceptRangesBytes
	h["Content-Length"] = v.contentLength
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return nil
}

// checkConditions decides a GET or HEAD with at most If-None-Match and
// If-Modified-Since as http.ServeContent would (RFC 9110 13.2.2): whether
// to answer 304. ok is false for any request it does not cover.
func checkConditions(r *http.Request, etag string, modTime time.Time) (notModified, ok bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false, false
	}
	hd := r.Header
	if hd["Range"] != nil || hd["If-Match"] != nil || hd["If-Unmodified-Since"] != nil || hd["If-Range"] != nil {
		return false, false
	}
	if inm := hd["If-None-Match"]; inm != nil {
		if len(inm) != 1 {
			return false, false
		}
		if inm[0] != "" { // as ServeContent: an empty one is no condition
			return etagListMatches(inm[0], etag), true
		}
	}
	ims := hd["If-Modified-Since"]
	if len(ims) != 1 || modTime.IsZero() {
		return false, ims == nil
	}
	t, err := http.ParseTime(ims[0])
	if err != nil {
		return false, true // as ServeContent: an unreadable date is no condition
	}
	return !modTime.Truncate(time.Second).After(t), true
}

// etagListMatches reports whether the If-None-Match list holds etag by
// weak comparison, or "*", reading it as net/http does: the list ends at
// the first entity tag that does not parse.
func etagListMatches(list, etag string) bool {
	for {
		list = strings.Trim(list, " \t\r\n")
		switch {
		case list == "":
			return false
		case list[0] == ',':
			list = list[1:]
			continue
		case list[0] == '*':
			return true
		}
		tag, rest := scanETag(list)
		if tag == "" {
			return false
		}
		if strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
		list = rest
	}
}

// scanETag reads the entity tag that opens s (RFC 9110 8.8.3), "" when
// there is none.
func scanETag(s string) (tag, rest string) {
	start := 0
	if strings.HasPrefix(s, "W/") {
		start = 2
	}
	if len(s[start:]) < 2 || s[start] != '"' {
		return "", ""
	}
	for i := start + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x21 || c >= 0x23 && c <= 0x7E || c >= 0x80:
		case c == '"':
			return s[:i+1], s[i+1:]
		default:
			return "", ""
		}
	}
	return "", ""
}

// acceptsGzip reads Accept-Encoding (RFC 9110 12.5.3): gzip, x-gzip or *
// with a non-zero quality.
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			q := qualityOf(params)
			switch coding {
			case "gzip", "x-gzip":
				return q > 0
			case "*":
				star = q > 0
			}
		}
	}
	return star
}

func qualityOf(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return 0
			}
			return q
		}
	}
	return 1
}

// serverError answers 500 (or nothing, when the client has gone) and logs
// what happened; the details stay in the log.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	s.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	http.Error(w, "internal error; see the server log", http.StatusInternalServerError)
}
