package clean

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// trackingParams are query parameters that say who shared a link, not
// which article it is. Prefixes end in "_".
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "zarsrc": true, "gidzl": true, "spm": true,
	"fb_action_ids": true, "fb_action_types": true, "fb_source": true, "fb_ref": true,
	"__twitter_impression": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
}

var trackingPrefixes = []string{"utm_", "pk_", "mtm_"}

func isTracking(key string) bool {
	key = strings.ToLower(key)
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Canonical returns the identity form of a link: absolute, scheme and host
// lower case, default port dropped, fragment dropped, tracking parameters
// (utm_*, fbclid, gclid, zarsrc, ...) dropped, remaining query kept in
// order. A link that is not an absolute http(s) URL is returned trimmed:
// there is no identity to compute without a base.
func Canonical(link string) string {
	link = strings.TrimSpace(link)
	if c, ok := simpleCanonical(link); ok {
		return c
	}
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return link
	}
	u.Host = canonicalHost(u.Scheme, u.Host)
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = stripTracking(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if !strings.Contains(strings.ToLower(u.RawPath), "%2f") {
		// "tin-t%e1%bb%a9c", "tin-t%E1%BB%A9c" and "tin-tức" are one
		// path; an encoded slash is not a slash, so such a path stays.
		u.RawPath = ""
	}
	if strings.Contains(u.Path, "/.") {
		// "/a/../b" and "/b" are one page; ResolveReference removes dot
		// segments and keeps everything else.
		u = u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery})
	}
	return u.String()
}

// simpleCanonical is Canonical for the common simpleURL, whose host is
// already canonical and whose path has no dot segment: only its
// tracking parameters go. ok is false for any other link.
func simpleCanonical(link string) (string, bool) {
	host, q, ok := simpleURL(link)
	if !ok || strings.HasSuffix(host, ".") {
		return "", false
	}
	if _, port, found := strings.Cut(host, ":"); found {
		if port == "80" && strings.HasPrefix(link, "http:") || port == "443" && strings.HasPrefix(link, "https:") {
			return "", false
		}
	}
	path := link[strings.Index(link, "//")+2+len(host) : q]
	if path == "" || strings.Contains(path, "/.") {
		return "", false
	}
	if q == len(link) {
		return link, true
	}
	switch raw, kept := link[q+1:], stripTracking(link[q+1:]); kept {
	case raw:
		return link, true
	case "":
		return link[:q], true
	default:
		return link[:q+1] + kept, true
	}
}

// canonicalHost lower-cases a host and drops the port its scheme implies.
func canonicalHost(scheme, host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") || port == "" {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// stripTracking removes tracking parameters from a raw query and keeps
// the others byte for byte, in their order: re-encoding could turn one
// article's URL into another's.
func stripTracking(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" {
			continue
		}
		key, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if !isTracking(key) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "&")
}

// absolute resolves ref against base and returns it only when the result
// is an http(s) URL; "" otherwise (javascript:, mailto: and the like are
// not article links).
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if _, _, ok := simpleURL(ref); ok {
		return ref
	}
	if parts, ok := partsOf(base); ok {
		if abs, ok := resolveSimple(parts, ref); ok {
			return abs
		}
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// parseBase returns the first of the candidates that is an absolute
// http(s) URL, to resolve relative references against.
func parseBase(candidates ...string) *url.URL {
	for _, c := range candidates {
		c = strings.TrimSpace(c)
		if u, ok := parseSimple(c); ok {
			return u
		}
		u, err := url.Parse(c)
		if err == nil && u.Host != "" && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
			return u
		}
	}
	return nil
}

// linkBase is parseBase of its candidates, parsed when a relative
// reference first needs it: most items link absolutely or relative to a
// plain base, and one base serves every item of a feed.
type linkBase struct {
	candidates [3]string
	u          *url.URL
	parsed     bool
	parts      baseParts // of candidates[0], when it is a simpleURL
	split      uint8     // parts is 0: not computed, 1: valid, 2: invalid
}

func newLinkBase(candidates ...string) *linkBase {
	b := new(linkBase)
	copy(b.candidates[:], candidates)
	return b
}

// fixedBase is a linkBase that is u.
func fixedBase(u *url.URL) *linkBase {
	return &linkBase{u: u, parsed: true}
}

// url returns the base, parsing it the first time.
func (b *linkBase) url() *url.URL {
	if !b.parsed {
		// An empty candidate is no URL, so the unused places change
		// nothing.
		b.u, b.parsed = parseBase(b.candidates[:]...), true
	}
	return b.u
}

// absolute is absolute(b.url(), ref), without parsing the base when
// ref needs none or the base is a simpleURL (the base is then its first
// candidate, which parseBase would take).
func (b *linkBase) absolute(ref string) string {
	if s := strings.TrimSpace(ref); s != "" {
		if _, _, ok := simpleURL(s); ok {
			return s
		}
		if b.split == 0 {
			b.split = 2
			if parts, ok := simpleParts(strings.TrimSpace(b.candidates[0])); ok {
				b.parts, b.split = parts, 1
			}
		}
		if b.split == 1 {
			if abs, ok := resolveSimple(b.parts, s); ok {
				return abs
			}
		}
	}
	return absolute(b.url(), ref)
}

// simpleURL reports an absolute http(s) URL written only in bytes that
// net/url reads and writes back as they are: a lower-case scheme, a host
// of lower-case letters, digits, dots and dashes with an optional port,
// then a path of unreserved bytes and slashes, a query of unreserved
// bytes, '=' and '&', and no fragment. For such a URL
// url.Parse(s).String() is s and its Host is host (FuzzSimpleURL), so
// absolute, validURL and Canonical need not parse it. query is the
// index of the '?', or len(s).
func simpleURL(s string) (host string, query int, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	default:
		return "", 0, false
	}
	start := len(s) - len(rest)
	i := 0
	for i < len(rest) && urlBytes[rest[i]]&uHost != 0 {
		i++
	}
	if i == 0 {
		return "", 0, false
	}
	if i < len(rest) && rest[i] == ':' {
		j := i + 1
		for j < len(rest) && '0' <= rest[j] && rest[j] <= '9' {
			j++
		}
		if j == i+1 || j-i-1 > 5 {
			return "", 0, false
		}
		i = j
	}
	host = rest[:i]
	if i < len(rest) && rest[i] == '/' {
		for i < len(rest) && urlBytes[rest[i]]&uPath != 0 {
			i++
		}
	}
	query = start + i
	if i < len(rest) {
		if rest[i] != '?' || i+1 == len(rest) {
			return "", 0, false
		}
		for i++; i < len(rest); i++ {
			if urlBytes[rest[i]]&uQuery == 0 {
				return "", 0, false
			}
		}
	}
	return host, query, true
}

// baseParts are what resolving a reference takes of its base.
type baseParts struct {
	scheme, host, path string
}

// simpleParts splits a simpleURL as url.Parse does.
func simpleParts(s string) (p baseParts, ok bool) {
	host, q, ok := simpleURL(s)
	if !ok {
		return p, false
	}
	scheme, _, _ := strings.Cut(s, ":")
	return baseParts{scheme: scheme, host: host, path: s[len(scheme)+3+len(host) : q]}, true
}

// partsOf is the parts of a parsed base, when they are all it has that
// resolving reads: no user, nothing escaped in the path.
func partsOf(u *url.URL) (baseParts, bool) {
	if u == nil || u.User != nil || u.RawPath != "" || u.Opaque != "" || u.Host == "" {
		return baseParts{}, false
	}
	return baseParts{scheme: u.Scheme, host: u.Host, path: u.Path}, true
}

// parseSimple is url.Parse for a simpleURL, whose parts are plain to
// see: a scheme, a host, a path with nothing escaped and a query.
func parseSimple(s string) (*url.URL, bool) {
	p, ok := simpleParts(s)
	if !ok {
		return nil, false
	}
	u := &url.URL{Scheme: p.scheme, Host: p.host, Path: p.path}
	if q := len(p.scheme) + 3 + len(p.host) + len(p.path); q < len(s) {
		u.RawQuery = s[q+1:]
	}
	return u, true
}

// resolveSimple is absolute(base, ref) for the relative references
// portals write most ("/tin/a.html", "a.html", "//host/a.html") when
// what they resolve to is a simpleURL without a dot segment: the
// reference joined to the base as ResolveReference joins it, with
// nothing to escape or remove. ok is false for any other reference.
func resolveSimple(base baseParts, ref string) (abs string, ok bool) {
	if ref == "" || base.scheme != "http" && base.scheme != "https" {
		return "", false
	}
	switch {
	case strings.HasPrefix(ref, "//"):
		abs = base.scheme + ":" + ref
	case ref[0] == '/':
		abs = base.scheme + "://" + base.host + ref
	case ref[0] == '?' || ref[0] == '#':
		return "", false // the base's own path, and maybe its query
	default:
		dir := base.path[:strings.LastIndexByte(base.path, '/')+1]
		if dir == "" {
			dir = "/"
		}
		abs = base.scheme + "://" + base.host + dir + ref
	}
	host, q, ok := simpleURL(abs)
	if !ok || host == "" || hasDotSegment(abs[len(base.scheme)+3+len(host):q]) {
		return "", false
	}
	return abs, true
}

// hasDotSegment reports a "." or ".." segment in a path, which resolving
// a reference removes.
func hasDotSegment(path string) bool {
	for rest := path; rest != ""; {
		var seg string
		seg, rest, _ = strings.Cut(rest, "/")
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// urlBytes classes the bytes simpleURL accepts.
var urlBytes = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		lowerOrDigit := 'a' <= b && b <= 'z' || '0' <= b && b <= '9'
		unreserved := isAlnum(b) || b == '-' || b == '.' || b == '_' || b == '~'
		if lowerOrDigit || b == '.' || b == '-' {
			t[c] |= uHost
		}
		if unreserved || b == '/' {
			t[c] |= uPath
		}
		if unreserved || b == '=' || b == '&' {
			t[c] |= uQuery
		}
	}
	return t
}()

const (
	uHost = 1 << iota
	uPath
	uQuery
)

// lazySrc are the attributes lazy-loading scripts keep the real image in,
// leaving a placeholder in src that is useless without the script.
var lazySrc = []string{"data-src", "data-original", "data-lazy-src", "data-lazyload", "data-url"}

// rewriteLinks makes every href and src under root absolute against
// base. Links that cannot be (javascript:, vbscript:, data: outside
// images) lose their href; players not on the allow-list are removed.
func rewriteLinks(root *html.Node, base *url.URL) {
	rewriteLinksFrom(root, fixedBase(base))
}

// rewriteLinksFrom is rewriteLinks against a base parsed when needed.
func rewriteLinksFrom(root *html.Node, base *linkBase) {
	walkElements(root, func(n *html.Node) {
		switch n.Data {
		case "a", "area":
			rewriteHref(n, base)
		case "img":
			rewriteImg(n, base)
		case "iframe":
			if src, ok := player(base.absolute(attr(n, "src"))); ok {
				setAttr(n, "src", src)
				// The sanitizer adds an empty sandbox, which stops the
				// player; these are what a player needs, and no more.
				setAttr(n, "sandbox", playerSandbox)
			} else {
				detach(n)
			}
		}
	})
}

func rewriteHref(n *html.Node, base *linkBase) {
	href := strings.TrimSpace(attr(n, "href"))
	switch {
	case href == "":
		removeAttr(n, "href")
	case hasScheme(href, "mailto") || hasScheme(href, "tel"):
		// kept as written: the sanitizer checks them
	case strings.HasPrefix(href, "#"):
		// a link into the portal's own page means nothing in a feed
		removeAttr(n, "href")
	default:
		if abs := base.absolute(href); abs != "" {
			setAttr(n, "href", abs)
		} else {
			removeAttr(n, "href")
		}
	}
}

func rewriteImg(n *html.Node, base *linkBase) {
	src := strings.TrimSpace(attr(n, "src"))
	for _, k := range lazySrc {
		if v := strings.TrimSpace(attr(n, k)); v != "" && (src == "" || hasScheme(src, "data") && !hasScheme(v, "data")) {
			src = v
			break
		}
	}
	switch {
	case src == "":
		detach(n)
	case hasScheme(src, "data"):
		setAttr(n, "src", src) // the sanitizer keeps only data: images
	default:
		if abs := base.absolute(src); abs != "" {
			setAttr(n, "src", abs)
		} else {
			detach(n)
		}
	}
}

func hasScheme(ref, scheme string) bool {
	return len(ref) > len(scheme) && ref[len(scheme)] == ':' && strings.EqualFold(ref[:len(scheme)], scheme)
}

// playerHosts are the video hosts whose embedded players are kept, with
// the path prefix a player lives under ("" for any path).
var playerHosts = map[string]string{
	"youtube.com":              "/embed/",
	"www.youtube.com":          "/embed/",
	"youtube-nocookie.com":     "/embed/",
	"www.youtube-nocookie.com": "/embed/",
}

// playerDomains are domains whose own players, on any of their hosts, are
// kept: the national broadcasters.
var playerDomains = []string{"vtv.vn", "vtv.gov.vn", "vov.vn"}

const playerSandbox = "allow-scripts allow-same-origin allow-presentation allow-popups"

// allowedPlayer reports whether an iframe src is a player from the
// allow-list, and returns it absolute over https.
func allowedPlayer(base *url.URL, src string) (string, bool) {
	return player(absolute(base, src))
}

// player is allowedPlayer given the src made absolute.
func player(abs string) (string, bool) {
	if abs == "" {
		return "", false
	}
	u, err := url.Parse(abs)
	if err != nil || u.User != nil || u.Port() != "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	ok := false
	if prefix, found := playerHosts[host]; found {
		ok = strings.HasPrefix(u.Path, prefix)
	}
	for _, d := range playerDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			ok = true
		}
	}
	if !ok {
		return "", false
	}
	u.Scheme, u.Host = "https", host
	return u.String(), true
}
