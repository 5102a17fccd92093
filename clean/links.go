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
		u, err := url.Parse(strings.TrimSpace(c))
		if err == nil && u.Host != "" && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
			return u
		}
	}
	return nil
}

// lazySrc are the attributes lazy-loading scripts keep the real image in,
// leaving a placeholder in src that is useless without the script.
var lazySrc = []string{"data-src", "data-original", "data-lazy-src", "data-lazyload", "data-url"}

// rewriteLinks makes every href and src under root absolute against
// base. Links that cannot be (javascript:, vbscript:, data: outside
// images) lose their href; players not on the allow-list are removed.
func rewriteLinks(root *html.Node, base *url.URL) {
	walkElements(root, func(n *html.Node) {
		switch n.Data {
		case "a", "area":
			rewriteHref(n, base)
		case "img":
			rewriteImg(n, base)
		case "iframe":
			if src, ok := allowedPlayer(base, attr(n, "src")); ok {
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

func rewriteHref(n *html.Node, base *url.URL) {
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
		if abs := absolute(base, href); abs != "" {
			setAttr(n, "href", abs)
		} else {
			removeAttr(n, "href")
		}
	}
}

func rewriteImg(n *html.Node, base *url.URL) {
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
		if abs := absolute(base, src); abs != "" {
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
	abs := absolute(base, src)
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
