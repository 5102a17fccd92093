package main

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestRawReader: the load's hand-written client reads every kind of
// answer the servers it measures give, several on one connection.
func TestRawReader(t *testing.T) {
	body := strings.Repeat("<item>tin tức</item>", 3000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write([]byte(body))
		case "/chunked":
			w.Write([]byte(body[:100]))
			w.(http.Flusher).Flush()
			w.Write([]byte(body[100:]))
		case "/close":
			w.Header().Set("Connection", "close")
			w.Write([]byte("bye"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	var c rawReader
	defer c.close()
	cases := []struct {
		name, path, etag string
		method           string
		want             int
	}{
		{"body with a length", "/length", "", "GET", 200},
		{"not modified", "/length", `"v1"`, "GET", 304},
		{"chunked body", "/chunked", "", "GET", 200},
		{"HEAD", "/length", "", "HEAD", 200},
		{"not found", "/nope", "", "GET", 404},
		{"server closes", "/close", "", "GET", 200},
		{"after a close", "/length", "", "GET", 200},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.etag != "" {
			req.Header.Set("If-None-Match", tc.etag)
		}
		status, err := c.do(req)
		if err != nil || status != tc.want {
			t.Errorf("%s: status %d, %v; want %d", tc.name, status, err, tc.want)
		}
	}
}
