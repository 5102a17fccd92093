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
		{"", "status=loi&sort=name&dir=asc&lang=en", "", ""},
		{"", "status=%ff&sort=&dir=desc", "", ""},
		{"items", "q=d%C3%A2n+v%E1%BA%ADn&unit=phu-ly&page=2", "", ""},
		{"items", `q="NEAR(x*+OR+-y)"^:&page=99999999999999999999`, "", ""},
		{"report.csv", "from=2020-01&to=2020-12&by=source&sep=semicolon", "", ""},
		{"report.csv", "from=0000-00&to=9999-99", "", ""},
		{"units/le-hong-phong", "lang=en", "", ""},
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

// FuzzStaffPages sends arbitrary queries and Accept-Language headers to
// the staff pages and the report: each answers 200 or a 400 that says
// what is wrong, never a 500 or a panic.
func FuzzStaffPages(f *testing.F) {
	for _, seed := range []struct {
		page          uint8
		query, accept string
	}{
		{0, "status=loi&sort=d7&dir=asc", "vi-VN,vi;q=0.9"},
		{0, "sort=name&lang=en", "en-US,en;q=0.8,*;q=0.1"},
		{1, "q=d%C3%A2n+v%E1%BA%ADn&unit=phu-ly&page=1", "fr;q=x, ;;"},
		{1, `q="a"+OR+NEAR(b)*&unit=&page=`, ""},
		{2, "from=2020-01&to=2020-12&by=source&sep=semicolon", "en"},
		{2, "from=2020-02-30&to=", "*"},
		{3, "lang=vi&lang=en", "zh-Hant-TW-x-private"},
	} {
		f.Add(seed.page, seed.query, seed.accept)
	}
	e := newTestEnv(f)
	h := e.srv.Handler()
	paths := []string{"/", "/items", "/report.csv", "/units/phu-ly"}
	f.Fuzz(func(t *testing.T, page uint8, query, accept string) {
		req := httptest.NewRequest(http.MethodGet, paths[int(page)%len(paths)], nil)
		req.URL.RawQuery = query
		req.Header.Set("Accept-Language", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest:
			if rec.Body.Len() < 10 {
				t.Fatalf("%s?%s: 400 without a reason: %q", req.URL.Path, query, rec.Body.String())
			}
		default:
			t.Fatalf("%s?%s: %d %s", req.URL.Path, query, rec.Code, rec.Body.String())
		}
	})
}
