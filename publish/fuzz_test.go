package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"bantin"
)

// FuzzHandler sends arbitrary paths, queries and headers: the server
// answers each with one of the statuses it means to use, never a panic
// or a 500.
func FuzzHandler(f *testing.F) {
	for _, seed := range [][4]string{
		{"feeds/phu-ly.rss", "", "gzip", ""},
		{"feeds/tp-phu-ly.atom", "limit=5&x=%zz", "*;q=0", ""},
		{"feeds/all.json", "limit=99999999999999999999", "gzip;q=abc", `W/"x"`},
		{"feeds/.rss", "limit=-1", "", "*"},
		{"feeds/phu-ly.rss.atom", "limit=1;2", "br", ""},
		{"units/tp-phu-ly", "a=b", "", ""},
		{"units/all", "", "", ""},
		{"opml.xml", "", "x-gzip, identity;q=0", ""},
		{"../../etc/passwd", "", "", ""},
		{"feeds/ha-nam.rss/", "", "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	e := newTestEnv(f)
	h := e.srv.Handler()
	// 307 and 308 come from ServeMux cleaning a path (".." or "//").
	allowed := map[int]bool{200: true, 301: true, 302: true, 304: true, 307: true, 308: true, 400: true, 404: true, 405: true}
	f.Fuzz(func(t *testing.T, path, query, acceptEncoding, ifNoneMatch string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = "/" + path
		req.URL.RawQuery = query
		req.Header.Set("Accept-Encoding", acceptEncoding)
		req.Header.Set("If-None-Match", ifNoneMatch)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("GET /%s?%s: %d %s", path, query, rec.Code, rec.Body.String())
		}
	})
}

// FuzzRenderStory renders a story of arbitrary text in every format: the
// result is always a well-formed document whose title reads back as the
// story's (less what XML cannot carry).
func FuzzRenderStory(f *testing.F) {
	f.Add("Giá điện < 2.000 đồng & tăng", "Tóm tắt <b>", "<p>Nội dung]]></p>", "Minh Anh", "https://a.example.gov.vn/1", "urn:bantin:1")
	f.Add("\x00\x0b\ufffe", "\xff\xfe", "<![CDATA[", "&amp;", "javascript:alert(1)", "")
	f.Add("  spaces\r\n", "", "", "", "", "http://x/")
	st := testSnapshot()
	f.Fuzz(func(t *testing.T, title, summary, content, author, link, id string) {
		stories := []bantin.Story{{
			ID: id, Title: title, Link: link, Summary: summary, Content: content, Author: author,
			Published: time.Date(2024, 5, 6, 7, 8, 9, 0, ict), Units: []string{"phu-ly", "gone-unit"}, Links: []string{link},
		}}
		doc := newFeedDoc(st, "phu-ly", DefaultLimit, stories, time.Time{})
		for _, fm := range allFormats {
			body, err := doc.render(fm)
			if err != nil {
				t.Fatalf("%s: %v", fm.ext(), err)
			}
			got, err := readBackTitle(fm, body)
			if err != nil {
				t.Fatalf("%s: %v\n%s", fm.ext(), err, body)
			}
			if want := xmlSafe(title); got != want {
				t.Fatalf("%s: title %q, want %q", fm.ext(), got, want)
			}
		}
	})
}

// readBackTitle parses a rendered feed strictly and returns its first
// item's title.
func readBackTitle(f format, body []byte) (string, error) {
	switch f {
	case formatJSON:
		var doc struct {
			Items []struct {
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			return "", err
		}
		return doc.Items[0].Title, nil
	case formatRSS:
		var doc struct {
			Titles []string `xml:"channel>item>title"`
		}
		err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc)
		if err != nil {
			return "", err
		}
		return doc.Titles[0], nil
	}
	var doc struct {
		Titles []string `xml:"entry>title"`
	}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return "", err
	}
	return doc.Titles[0], nil
}
