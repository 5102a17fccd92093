package config

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"bantin"

	"go.yaml.in/yaml/v3"
)

// Bounds of the numbers a file may set.
const (
	maxSilentDays   = 3650
	maxRedirects    = 20
	maxPerHost      = 64
	maxWorkers      = 1024
	maxUserAgentLen = 512
)

// unitAt is a unit with the lines the cross-unit checks point to.
type unitAt struct {
	bantin.Unit
	line       int   // of the unit's mapping
	idLine     int   // of its id, 0 when it has no valid id
	parentLine int   // of its parent
	aliasLines []int // of each alias, beside Aliases
	urlLines   []int // of each source's URL, beside Sources
}

// parse walks a whole file into a Config. The Config is only meaningful
// when no problem was recorded.
func (p *parser) parse(data []byte) *bantin.Config {
	root := p.document(data)
	if root == nil {
		return nil
	}
	if root = p.value(root); root == nil {
		return nil // an alias at the root, already reported
	}
	if root.Kind != yaml.MappingNode {
		p.addf(root.Line, "the file must be a mapping of keys (title, units, ...), not %s", kind(root))
		return nil
	}
	return p.config(root)
}

// config reads the top-level mapping.
func (p *parser) config(n *yaml.Node) *bantin.Config {
	cfg := &bantin.Config{Path: p.file, Schedule: DefaultSchedule, SilentDays: DefaultSilentDays}
	zoneSet, unitsSet := false, false
	var units []*unitAt
	p.mapping(n, "the top level", map[string]field{
		"title": func(k string, v *yaml.Node) { cfg.Title, _ = p.text(k, v) },
		"timezone": func(k string, v *yaml.Node) {
			zoneSet = true
			cfg.Location, _ = p.zone(k, v)
		},
		"schedule": func(k string, v *yaml.Node) {
			if s, ok := p.schedule(k, v); ok {
				cfg.Schedule = s
			}
		},
		"allow_private_networks": func(k string, v *yaml.Node) { cfg.AllowPrivateNetworks, _ = p.boolean(k, v) },
		"base_url":               func(k string, v *yaml.Node) { cfg.BaseURL, _ = p.baseURL(k, v) },
		"metrics_loopback_only":  func(k string, v *yaml.Node) { cfg.MetricsLoopbackOnly, _ = p.boolean(k, v) },
		"silent_days": func(k string, v *yaml.Node) {
			if d, ok := p.integer(k, v, 1, maxSilentDays); ok {
				cfg.SilentDays = d
			}
		},
		"fetch": func(k string, v *yaml.Node) { p.fetch(k, v, &cfg.Fetch) },
		"units": func(k string, v *yaml.Node) {
			unitsSet = true
			units = p.units(k, v)
		},
	})
	if !zoneSet {
		loc, err := loadZone(DefaultTimezone)
		if err != nil {
			p.addf(n.Line, "the default time zone is not available on this machine: %v", err)
		}
		cfg.Location = loc
	}
	if !unitsSet {
		p.addf(n.Line, "no units: add a units list with at least one unit")
	}
	p.check(units)
	addUnits(cfg, units)
	return cfg
}

// addUnits puts the units in cfg, each source knowing its unit and its
// schedule, the default applied.
func addUnits(cfg *bantin.Config, units []*unitAt) {
	for _, u := range units {
		for i := range u.Sources {
			u.Sources[i].Unit = u.ID
			if u.Sources[i].Schedule == "" {
				u.Sources[i].Schedule = cfg.Schedule
			}
		}
		cfg.Units = append(cfg.Units, u.Unit)
	}
}

// baseURL reads the public URL of this bantin, without a trailing slash
// so that paths can be appended to it.
func (p *parser) baseURL(key string, v *yaml.Node) (string, bool) {
	s, ok := p.link(key, v)
	if !ok {
		return "", false
	}
	if u, _ := url.Parse(s); u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		p.addf(v.Line, "%s: %q must not carry a query or fragment", key, s)
		return "", false
	}
	return strings.TrimRight(s, "/"), true
}

// fetch reads the limits of the HTTP client.
func (p *parser) fetch(key string, v *yaml.Node, f *bantin.FetchLimits) {
	if v.Kind != yaml.MappingNode {
		p.addf(v.Line, "%s: want a mapping of limits, got %s", key, kind(v))
		return
	}
	p.mapping(v, "fetch", map[string]field{
		"connect_timeout": func(k string, v *yaml.Node) { f.ConnectTimeout, _ = p.duration(k, v) },
		"header_timeout":  func(k string, v *yaml.Node) { f.HeaderTimeout, _ = p.duration(k, v) },
		"total_timeout":   func(k string, v *yaml.Node) { f.TotalTimeout, _ = p.duration(k, v) },
		"max_body":        func(k string, v *yaml.Node) { f.MaxBodyBytes, _ = p.size(k, v) },
		"max_redirects":   func(k string, v *yaml.Node) { f.MaxRedirects, _ = p.integer(k, v, 1, maxRedirects) },
		"per_host":        func(k string, v *yaml.Node) { f.PerHost, _ = p.integer(k, v, 1, maxPerHost) },
		"workers":         func(k string, v *yaml.Node) { f.Workers, _ = p.integer(k, v, 1, maxWorkers) },
		"user_agent":      func(k string, v *yaml.Node) { f.UserAgent, _ = p.userAgent(k, v) },
	})
}

// userAgent reads a header value, which a line break would cut in two.
func (p *parser) userAgent(key string, v *yaml.Node) (string, bool) {
	s, ok := p.text(key, v)
	switch {
	case !ok:
		return "", false
	case s == "":
		p.addf(v.Line, "%s: empty: leave the key out for the default", key)
	case strings.ContainsFunc(s, unicode.IsControl):
		p.addf(v.Line, "%s: must not hold control characters such as line breaks", key)
	case len(s) > maxUserAgentLen:
		p.addf(v.Line, "%s: longer than %d bytes", key, maxUserAgentLen)
	default:
		return s, true
	}
	return "", false
}

// units reads the list of units.
func (p *parser) units(key string, v *yaml.Node) []*unitAt {
	if v.Kind != yaml.SequenceNode {
		p.addf(v.Line, "%s: want a list of units, got %s", key, kind(v))
		return nil
	}
	if len(v.Content) == 0 {
		p.addf(v.Line, "%s: the list is empty: add at least one unit", key)
		return nil
	}
	var out []*unitAt
	for _, item := range p.entries(key, v, "a unit with id and name") {
		if item.Kind != yaml.MappingNode {
			p.addf(item.Line, "%s: want a unit (a mapping with id, name, ...), got %s", key, kind(item))
			continue
		}
		out = append(out, p.unit(item))
	}
	return out
}

// entries returns the usable entries of a list, recording the empty ones.
func (p *parser) entries(key string, list *yaml.Node, want string) []*yaml.Node {
	var out []*yaml.Node
	for _, item := range list.Content {
		if isNull(item) {
			p.addf(item.Line, "%s: an empty entry: want %s", key, want)
			continue
		}
		if item = p.value(item); item != nil {
			out = append(out, item)
		}
	}
	return out
}

// unit reads one unit.
func (p *parser) unit(n *yaml.Node) *unitAt {
	u := &unitAt{line: n.Line}
	where := "unit"
	if id := lookup(n, "id"); id != "" {
		where = fmt.Sprintf("unit %q", id)
	}
	hasID, badName := false, false
	p.mapping(n, where, map[string]field{
		"id": func(k string, v *yaml.Node) {
			hasID = true
			p.id(k, v, u)
		},
		"name": func(k string, v *yaml.Node) {
			var ok bool
			u.Name, ok = p.text(k, v)
			badName = !ok
		},
		"parent": func(k string, v *yaml.Node) {
			if s, ok := p.text(k, v); ok && s != "" {
				u.Parent, u.parentLine = s, v.Line
			}
		},
		"aliases": func(k string, v *yaml.Node) { p.aliases(k, v, u) },
		"silent_days": func(k string, v *yaml.Node) {
			u.SilentDays, _ = p.integer(k, v, 1, maxSilentDays)
		},
		"feeds": func(k string, v *yaml.Node) { p.feeds(k, v, u) },
	})
	if !hasID {
		p.addf(n.Line, "%s has no id", where)
	}
	if u.Name == "" && !badName {
		p.addf(n.Line, "%s has no name", where)
	}
	return u
}

// id reads a unit's id.
func (p *parser) id(key string, v *yaml.Node, u *unitAt) {
	s, ok := p.text(key, v)
	if !ok {
		return
	}
	if msg := checkID(s); msg != "" {
		p.addf(v.Line, "%s %s", key, msg)
		return
	}
	u.ID, u.idLine = s, v.Line
}

// aliases reads a unit's former ids.
func (p *parser) aliases(key string, v *yaml.Node, u *unitAt) {
	if v.Kind != yaml.SequenceNode {
		p.addf(v.Line, "%s: want a list of former ids, got %s", key, kind(v))
		return
	}
	for _, item := range p.entries(key, v, "a former id") {
		s, ok := p.text("alias", item)
		if !ok {
			continue
		}
		if msg := checkID(s); msg != "" {
			p.addf(item.Line, "alias %s", msg)
			continue
		}
		u.Aliases = append(u.Aliases, s)
		u.aliasLines = append(u.aliasLines, item.Line)
	}
}

// feeds reads a unit's feeds: each a URL or a mapping with url and the
// per-source options.
func (p *parser) feeds(key string, v *yaml.Node, u *unitAt) {
	if v.Kind != yaml.SequenceNode {
		p.addf(v.Line, "%s: want a list of feed URLs, got %s", key, kind(v))
		return
	}
	for _, item := range p.entries(key, v, "a feed URL") {
		var src bantin.Source
		var ok bool
		switch item.Kind {
		case yaml.ScalarNode:
			src.URL, ok = p.link("feed", item)
		case yaml.MappingNode:
			src, ok = p.feed(item)
		default:
			p.addf(item.Line, "%s: want a URL or a mapping with url, got %s", key, kind(item))
		}
		if ok {
			u.Sources = append(u.Sources, src)
			u.urlLines = append(u.urlLines, urlLine(item))
		}
	}
}

// feed reads a feed written as a mapping.
func (p *parser) feed(n *yaml.Node) (bantin.Source, bool) {
	var src bantin.Source
	hasURL, ok := false, true
	p.mapping(n, "feed", map[string]field{
		"url": func(k string, v *yaml.Node) {
			hasURL = true
			src.URL, ok = p.link(k, v)
		},
		"schedule":     func(k string, v *yaml.Node) { src.Schedule, _ = p.schedule(k, v) },
		"tls_insecure": func(k string, v *yaml.Node) { src.TLSInsecure, _ = p.boolean(k, v) },
	})
	if !hasURL {
		p.addf(n.Line, "feed has no url")
	}
	return src, hasURL && ok
}

// urlLine is the line of a feed's URL, whichever way it was written.
func urlLine(n *yaml.Node) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "url" {
			return n.Content[i+1].Line
		}
	}
	return n.Line
}
