package publish

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"
)

// serveBoth answers the same request with serveRendered and with plain
// http.ServeContent of the same variant, the behaviour it must keep.
func serveBoth(t testing.TB, rd *rendered, method string, header http.Header) (got, want *httptest.ResponseRecorder) {
	req := httptest.NewRequest(method, "/feeds/phu-ly.rss", nil)
	req.Header = header
	got = httptest.NewRecorder()
	serveRendered(got, req, formatRSS.contentType(), rd)

	want = httptest.NewRecorder()
	h := want.Header()
	h.Set("Content-Type", formatRSS.contentType()[0])
	h.Add("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, max-age=60")
	body, etag := rd.body, rd.plain.etag
	if acceptsGzip(header.Values("Accept-Encoding")) {
		body, etag = rd.gz.body, rd.gzETag
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(want, req, "", rd.modTime, bytes.NewReader(body))
	return got, want
}

func sameResponse(t testing.TB, what string, got, want *httptest.ResponseRecorder) {
	t.Helper()
	if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Fatalf("%s: status %d with %d bytes, ServeContent %d with %d bytes",
			what, got.Code, got.Body.Len(), want.Code, want.Body.Len())
	}
	for k, v := range want.Header() {
		if !slices.Equal(got.Header()[k], v) {
			t.Errorf("%s: %s %q, ServeContent %q", what, k, got.Header()[k], v)
		}
	}
	for k := range got.Header() {
		// ServeContent leaves out the length of a gzipped body in case a
		// wrapper compresses on the fly; ours is compressed already, so
		// its length is known and saves chunked encoding.
		if k == "Content-Length" && got.Header().Get("Content-Encoding") == "gzip" &&
			(got.Header().Get(k) == strconv.Itoa(got.Body.Len()) || got.Body.Len() == 0) {
			continue
		}
		if _, ok := want.Header()[k]; !ok {
			t.Errorf("%s: %s set, ServeContent does not", what, k)
		}
	}
}

// TestServeRenderedAsServeContent: what feed readers send is answered
// exactly as http.ServeContent would answer it.
func TestServeRenderedAsServeContent(t *testing.T) {
	modTime := time.Date(2020, 12, 21, 9, 0, 0, 0, time.UTC)
	rd, err := newRendered([]byte("<rss><channel><title>Phủ Lý</title></channel></rss>"), modTime)
	if err != nil {
		t.Fatal(err)
	}
	lm := modTime.Format(http.TimeFormat)
	tests := []struct {
		name, method string
		header       []string
	}{
		{"first visit", "GET", nil},
		{"reader asks with its ETag", "GET", []string{"If-None-Match", rd.plain.etag}},
		{"reader asks with a weak ETag", "GET", []string{"If-None-Match", "W/" + rd.plain.etag}},
		{"ETag among others", "GET", []string{"If-None-Match", `"cu", ` + rd.plain.etag}},
		{"stale ETag", "GET", []string{"If-None-Match", `"cu"`}},
		{"any ETag", "GET", []string{"If-None-Match", "*"}},
		{"broken ETag list", "GET", []string{"If-None-Match", `"cu`}},
		{"unquoted ETag", "GET", []string{"If-None-Match", `cu`}},
		{"gzip reader with the plain ETag", "GET", []string{"Accept-Encoding", "gzip", "If-None-Match", rd.plain.etag}},
		{"gzip reader with its ETag", "GET", []string{"Accept-Encoding", "gzip", "If-None-Match", rd.gzETag}},
		{"date of the last visit", "GET", []string{"If-Modified-Since", lm}},
		{"date before the change", "GET", []string{"If-Modified-Since", modTime.Add(-time.Hour).Format(http.TimeFormat)}},
		{"unreadable date", "GET", []string{"If-Modified-Since", "hôm qua"}},
		{"stale ETag beats a current date", "GET", []string{"If-None-Match", `"cu"`, "If-Modified-Since", lm}},
		{"HEAD", "HEAD", nil},
		{"HEAD with the ETag", "HEAD", []string{"If-None-Match", rd.plain.etag}},
		{"range", "GET", []string{"Range", "bytes=0-9"}},
		{"If-Match", "GET", []string{"If-Match", `"cu"`}},
		{"If-Unmodified-Since", "GET", []string{"If-Unmodified-Since", modTime.Add(-time.Hour).Format(http.TimeFormat)}},
		{"If-Range with a range", "GET", []string{"Range", "bytes=0-9", "If-Range", rd.plain.etag}},
	}
	for _, tc := range tests {
		header := http.Header{}
		for i := 0; i+1 < len(tc.header); i += 2 {
			header.Add(tc.header[i], tc.header[i+1])
		}
		got, want := serveBoth(t, rd, tc.method, header)
		sameResponse(t, tc.name, got, want)
	}
}

// FuzzServeRendered: whatever validators a client sends, the answer is
// the one http.ServeContent gives.
func FuzzServeRendered(f *testing.F) {
	modTime := time.Date(2020, 12, 21, 9, 0, 0, 0, time.UTC)
	rd, err := newRendered([]byte("<rss><channel><title>Phủ Lý</title></channel></rss>"), modTime)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(false, rd.plain.etag, "", "")
	f.Add(true, "W/"+rd.gzETag+", *", modTime.Format(http.TimeFormat), "gzip;q=0")
	f.Add(false, "", modTime.Add(time.Second).Format(http.TimeFormat), "x-gzip")
	f.Fuzz(func(t *testing.T, head bool, inm, ims, ae string) {
		header := http.Header{}
		for k, v := range map[string]string{"If-None-Match": inm, "If-Modified-Since": ims, "Accept-Encoding": ae} {
			if v != "" {
				header.Set(k, v)
			}
		}
		method := http.MethodGet
		if head {
			method = http.MethodHead
		}
		got, want := serveBoth(t, rd, method, header)
		sameResponse(t, "fuzzed", got, want)
	})
}
