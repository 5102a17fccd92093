package fetch

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
	"bantin/fetch/fetchtest"
)

// TestTorture fetches every corpus file over HTTP with its headers and
// parses it: no panic, no hang, and at least every file gofeed reads from
// the raw bytes.
func TestTorture(t *testing.T) {
	feeds, err := fetchtest.LoadCorpus(filepath.Join("testdata", "corpora"))
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) < 300 {
		t.Fatalf("only %d corpus files", len(feeds))
	}
	srv := fetchtest.Server(feeds)
	defer srv.Close()
	c := testClient(bantin.FetchLimits{TotalTimeout: 5 * time.Second})

	var oursOK, gofeedOK int
	for path, f := range feeds {
		_, rawErr := gofeed.NewParser().Parse(bytes.NewReader(f.Body))
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
