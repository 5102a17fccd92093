// Package fetchtest serves the third-party feed corpora in
// fetch/testdata/corpora over HTTP, with the response headers their files
// ask for, so the fetcher and the whole pipeline can be tortured with
// them on loopback.
package fetchtest

import (
	"bufio"
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
)

// Canned is one corpus file: the body and the headers to send with it.
type Canned struct {
	Header http.Header
	Body   []byte
}

// LoadCorpus reads every corpus file under root, keyed by its path below
// root with a leading slash, which is also the path Server serves it at.
func LoadCorpus(root string) (map[string]Canned, error) {
	feeds := make(map[string]Canned)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch d.Name() {
		case "LICENSE", "COMMIT", "README.md":
			return nil
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		feeds["/"+filepath.ToSlash(rel)] = Canned{Header: HeaderLines(body), Body: body}
		return nil
	})
	return feeds, err
}

// HeaderLines reads feedparser's "Header: Name: value" lines from the
// comment a test file opens with.
func HeaderLines(body []byte) http.Header {
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

// Server serves feeds at their paths with their headers; a file without
// a Content-Type header gets none, rather than one sniffed by net/http.
func Server(feeds map[string]Canned) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range f.Header {
			w.Header()[k] = v
		}
		if f.Header.Get("Content-Type") == "" {
			w.Header()["Content-Type"] = nil
		}
		w.Write(f.Body)
	}))
}
