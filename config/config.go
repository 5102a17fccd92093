// Package config reads feeds.yaml into a bantin.Config. It walks the YAML
// node tree itself rather than decoding into structs, so that every problem
// in a file is reported at once with its line, and a bad file is refused
// before anything starts.
//
// # Keys of feeds.yaml
//
// A key with no value is the same as a key left out. Any other key is an
// error, at every level. Text is read in NFC with runs of spaces made one.
//
// Top level:
//
//	title                   title of the feeds of the root units (optional)
//	timezone                IANA zone for source times that carry none
//	                        (default Asia/Ho_Chi_Minh)
//	schedule                default cron spec of every source: five fields,
//	                        "@hourly", "@every 10m" (default "*/15 * * * *")
//	allow_private_networks  true lets sources on loopback and private
//	                        addresses be fetched: a LAN, tests (default false)
//	base_url                public http(s) URL of this bantin, used in self
//	                        links (default http://<listen address>)
//	metrics_loopback_only   true answers /metrics only to clients on
//	                        loopback, 403 to others (default false)
//	silent_days             days without a new item before staff see a unit
//	                        as silent, 1 to 3650 (default 7)
//	fetch                   limits of the HTTP client, below (optional)
//	units                   the list of units, at least one
//
// fetch (each optional; a key left out keeps the fetcher's default):
//
//	connect_timeout  dial and TLS handshake, a Go duration such as "10s" (10s)
//	header_timeout   until the response headers arrive (20s)
//	total_timeout    the whole request, body included (60s)
//	max_body         largest body after decompression: bytes as a whole
//	                 number, or with B, KiB, MiB, GiB: "512KiB", "16MiB";
//	                 at most 1GiB (16MiB)
//	max_redirects    redirects followed, 1 to 20 (5)
//	per_host         requests in flight per host, 1 to 64 (2)
//	workers          requests in flight overall, 1 to 1024 (16)
//	user_agent       User-Agent header (names bantin and its URL)
//
// Each entry of units:
//
//	id           [a-z0-9-]+, unique among ids and aliases, not "all";
//	             used in URLs (required)
//	name         display name, e.g. "Phường Phủ Lý" (required)
//	parent       id of the parent unit; left out for a root unit
//	aliases      list of former ids; their URLs answer 301
//	silent_days  this unit's silence threshold, 1 to 3650
//	feeds        list of the unit's feeds (optional: a unit may have none
//	             yet); each entry is a URL, or a mapping with the keys below
//
// A feed written as a mapping:
//
//	url           absolute http or https URL, unique in the file (required)
//	schedule      cron spec of this feed, overriding the top-level one
//	tls_insecure  true accepts expired or self-signed certificates; staff
//	              see a warning (default false)
package config

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"bantin"
)

// Defaults of the top-level keys.
const (
	DefaultTimezone   = "Asia/Ho_Chi_Minh"
	DefaultSchedule   = "*/15 * * * *"
	DefaultSilentDays = 7
)

// Load reads and validates a feeds.yaml.
func Load(path string) (*bantin.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

// Parse validates data read from path (path is used in messages only). On
// failure the error is an Errors listing every problem found.
func Parse(path string, data []byte) (*bantin.Config, error) {
	p := &parser{file: path}
	cfg := p.parse(data)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool {
			return p.problems[i].Line < p.problems[j].Line
		})
		return nil, p.problems
	}
	return cfg, nil
}

// Errors is every problem found in one file, in line order.
type Errors []Problem

// Error returns one "file:line: problem" per line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Problem is one thing wrong in a file, at a line counted from 1.
type Problem struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: problem".
func (p Problem) Error() string {
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// parser collects the problems of one file while it is walked.
type parser struct {
	file     string
	problems Errors
}

// addf records a problem. Line 0 (no position known) is reported on the
// first line, where a reader starts looking anyway.
func (p *parser) addf(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}
