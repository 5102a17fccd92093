package sim

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// testStart is a fixed start so that runs are comparable.
var testStart = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// startProvince starts a province closed at the end of the test.
func startProvince(t testing.TB, o Options) *Province {
	t.Helper()
	if o.Start.IsZero() {
		o.Start = testStart
	}
	p, err := Start(o)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// client is a plain HTTP client for the tests, trusting the self-signed
// host when insecure.
func client(insecure bool) *http.Client {
	tr := &http.Transport{DisableCompression: true, TLSClientConfig: &tls.Config{InsecureSkipVerify: insecure}}
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

// fetch GETs url with the headers and reads the whole (gunzipped) body.
func fetch(t testing.TB, c *http.Client, rawURL string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: gzip: %v", rawURL, err)
		}
		r = zr
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: read: %v", rawURL, err)
	}
	return resp, body
}

var (
	prologEncoding = regexp.MustCompile(`^<\?xml[^>]*?encoding="([^"]+)"`)
	srcAttr        = regexp.MustCompile(`src="([^"]+)"`)
	dateLineRe     = regexp.MustCompile(`Ngày (\d\d/\d\d/\d{4})`)
)

// decodeFeed does what a careful reader does with a portal's bytes: a BOM
// first, then the prolog's encoding, then the header's charset; then NFC.
// It is written independently of the sim's encoder, to check it.
func decodeFeed(body []byte, contentType string) (string, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	enc := "utf-8"
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		enc = params["charset"]
	}
	if m := prologEncoding.FindSubmatch(body); m != nil {
		enc = string(m[1])
	}
	text := string(body)
	switch strings.ToLower(enc) {
	case "utf-8":
	case "windows-1258":
		b, err := charmap.Windows1258.NewDecoder().Bytes(body)
		if err != nil {
			return "", fmt.Errorf("decode windows-1258: %w", err)
		}
		text = string(b)
	default:
		return "", fmt.Errorf("unexpected encoding %q", enc)
	}
	text = prologEncoding.ReplaceAllString(text, `<?xml version="1.0" encoding="utf-8"`)
	return norm.NFC.String(text), nil
}

// layouts are the date forms the sim writes, read independently.
var layouts = []string{time.RFC1123Z, http.TimeFormat, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"02/01/2006 15:04", "15:04 - 02/01/2006", "15:04:05 02/01/2006", "02/01/2006 15:04:05"}

// readDate reads an item's date, or the date line of its content when it
// has none.
func readDate(raw, content string, loc *time.Location) (time.Time, error) {
	if raw == "" {
		m := dateLineRe.FindStringSubmatch(content)
		if m == nil {
			return time.Time{}, fmt.Errorf("no date and no date line")
		}
		return time.ParseInLocation("02/01/2006", m[1], loc)
	}
	if t, err := http.ParseTime(raw); err == nil {
		return t, nil // "GMT" means UTC, whatever the zone
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, raw, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unknown date %q", raw)
}

// cleanTitle is the least a reader does to a title: entities (twice
// encoded ones included), NFC, spaces.
func cleanTitle(s string) string {
	return collapse(norm.NFC.String(html.UnescapeString(s)))
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

func bytes0(b []byte, c byte) bool { return bytes.IndexByte(b, c) >= 0 }

func utf8Valid(b []byte) bool { return utf8.Valid(b) }

func regexpMatch(expr string, b []byte) bool { return regexp.MustCompile(expr).Match(b) }
