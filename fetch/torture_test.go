package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
)

type cannedFeed struct {
	header http.Header
	body   []byte
}

// loadCorpora reads testdata/corpora, keyed by path below it.
func loadCorpora(t *testing.T) map[string]cannedFeed {
	t.Helper()
	feeds := make(map[string]cannedFeed)
	root := filepath.Join("testdata", "corpora")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch d.Name() {
		case "LICENSE", "COMMIT", "README.md":
			return nil
		}
		body := readFixture(t, strings.TrimPrefix(path, "testdata"+string(filepath.Separator)))
		rel, _ := filepath.Rel(root, path)
		feeds["/"+filepath.ToSlash(rel)] = cannedFeed{header: headerLines(body), body: body}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return feeds
}

// headerLines reads feedparser's "Header: Name: value" lines from the
// comment a test file opens with.
func headerLines(body []byte) http.Header {
	h := http.Header{}
	end := bytes.Index(body, []byte("-->"))
	if end < 0 {
		return h
	}
	sc := bufio.NewScanner(bytes.NewReader(body[:end]))
	for sc.Scan() {
		line, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Header:")
		if !ok {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok {
			h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	return h
}

// TestTorture fetches every corpus file over HTTP with its headers and
// parses it: no panic, no hang, and at least every file gofeed reads from
// the raw bytes.
func TestTorture(t *testing.T) {
	feeds := loadCorpora(t)
	if len(feeds) < 300 {
		t.Fatalf("only %d corpus files", len(feeds))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range f.header {
			w.Header()[k] = v
		}
		if f.header.Get("Content-Type") == "" {
			w.Header()["Content-Type"] = nil // no sniffed "text/xml; charset=utf-8"
		}
		w.Write(f.body)
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{TotalTimeout: 5 * time.Second})

	var oursOK, gofeedOK int
	for path, f := range feeds {
		_, rawErr := gofeed.NewParser().Parse(bytes.NewReader(f.body))
		if rawErr == nil {
			gofeedOK++
		}
		err := withDeadline(t, path, func() error {
			resp, err := c.Get(context.Background(), source(srv.URL+path), "", "")
			if err != nil {
				return err
			}
			_, err = Parse(resp.Body, resp.ContentType)
			return err
		})
		switch {
		case err == nil:
			oursOK++
		case errors.Is(err, errParserPanic):
			t.Errorf("%s: %v", path, err)
		case rawErr == nil:
			t.Errorf("%s: gofeed reads the raw bytes, we fail: %v", path, err)
		case Kind(err) != bantin.ErrParse && Kind(err) != bantin.ErrNotFeed:
			t.Errorf("%s: %v (kind %q)", path, err, Kind(err))
		}
	}
	t.Logf("%d corpus files: %d parsed through fetch, %d by gofeed alone on the raw bytes", len(feeds), oursOK, gofeedOK)
	if oursOK < gofeedOK {
		t.Errorf("parsed %d, gofeed alone %d", oursOK, gofeedOK)
	}
}

// withDeadline runs f and fails the test if it takes longer than a file
// can reasonably take.
func withDeadline(t *testing.T, name string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no answer within 10s", name)
		return nil
	}
}
