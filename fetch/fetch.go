// Package fetch is the one guarded door between bantin and the portals it
// reads: it does the conditional HTTP GET of a source under hard limits
// (time, size, redirects, addresses, requests per host) and turns the bytes
// that came back, whatever their charset and their small XML sins, into a
// gofeed.Feed. Every failure comes back as an *Error whose Kind tells staff
// what went wrong.
package fetch

import (
	"log/slog"
	"time"

	"bantin"
)

// DefaultUserAgent is sent when FetchLimits.UserAgent is empty. Portal
// operators who find bantin in their logs can follow the URL to learn
// what it is.
const DefaultUserAgent = "bantin/1.0 (+https://github.com/bantin/bantin)"

// DefaultLimits returns the limits that zero fields of bantin.FetchLimits
// stand for.
func DefaultLimits() bantin.FetchLimits {
	return bantin.FetchLimits{
		ConnectTimeout: 10 * time.Second,
		HeaderTimeout:  20 * time.Second,
		TotalTimeout:   60 * time.Second,
		MaxBodyBytes:   16 << 20,
		MaxRedirects:   5,
		PerHost:        2,
		Workers:        16,
		UserAgent:      DefaultUserAgent,
	}
}

// Options configure a Client. The zero value is usable: default limits,
// private networks refused, logs discarded, the system clock.
type Options struct {
	bantin.FetchLimits // zero fields take DefaultLimits

	// AllowPrivateNetworks lets sources on loopback, private, link-local
	// and other non-public addresses be fetched (a LAN, tests).
	AllowPrivateNetworks bool

	Logger *slog.Logger
	Now    func() time.Time // clock for Retry-After in seconds; nil means time.Now
}

// withDefaults fills every zero field.
func (o Options) withDefaults() Options {
	d := DefaultLimits()
	l := &o.FetchLimits
	if l.ConnectTimeout <= 0 {
		l.ConnectTimeout = d.ConnectTimeout
	}
	if l.HeaderTimeout <= 0 {
		l.HeaderTimeout = d.HeaderTimeout
	}
	if l.TotalTimeout <= 0 {
		l.TotalTimeout = d.TotalTimeout
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxRedirects <= 0 {
		l.MaxRedirects = d.MaxRedirects
	}
	if l.PerHost <= 0 {
		l.PerHost = d.PerHost
	}
	if l.Workers <= 0 {
		l.Workers = d.Workers
	}
	if l.UserAgent == "" {
		l.UserAgent = d.UserAgent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Response is what a successful Get brought back.
type Response struct {
	Status       int
	NotModified  bool   // 304: Body is empty, keep what was stored
	ETag         string // validators to send next time
	LastModified string
	ContentType  string
	URL          string // final URL after redirects
	Body         []byte // decompressed, at most MaxBodyBytes
	RetryAfter   time.Time
}
