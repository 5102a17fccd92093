package fetch

import (
	"bytes"
	"html"
	"strconv"
	"unicode/utf8"
)

// repairXML fixes, in one pass over decoded UTF-8, what portals get wrong
// in well-formedness while keeping what they meant:
//   - an entity escaped twice (`&amp;#225;`, `&amp;aacute;`) becomes the
//     entity, unless it stands for markup (`&amp;lt;` is how a feed shows
//     a literal "&lt;");
//   - a raw `&` that starts no entity becomes `&amp;`; named entities XML
//     lacks (`&nbsp;`) are left for gofeed, which decodes HTML ones;
//   - characters XML 1.0 forbids, raw or as references, are dropped.
//
// CDATA sections, comments and processing instructions keep their `&`
// as it is: there it is literal text.
func repairXML(in []byte) []byte {
	for {
		out, dropped := repairOnce(in)
		if !dropped {
			return out
		}
		// A dropped reference can join what stood around it ("&amp;a",
		// "&#0;", "c;") into a new one: repair again until nothing is
		// dropped. Each round is shorter than the last, so this ends.
		in = out
	}
}

// repairOnce is one pass of repairXML; dropped reports a reference to a
// forbidden character removed.
func repairOnce(in []byte) (out []byte, dropped bool) {
	// Forbidden characters go first, so one inside a reference ("&\x00#225;")
	// cannot hide it from the entity repair.
	in = stripIllegal(in)
	out = make([]byte, 0, len(in)+len(in)/32)
	for {
		j := bytes.IndexAny(in, "<&")
		if j < 0 {
			return append(out, in...), dropped
		}
		out = append(out, in[:j]...)
		var n int
		if in[j] == '<' {
			out, n = appendMarkup(out, in[j:], &dropped)
		} else {
			out, n = appendAmpersand(out, in[j:], true, &dropped)
		}
		in = in[j+n:]
	}
}

// stripIllegal drops the C0 controls other than tab, CR and LF, U+FFFE
// and U+FFFF, and bytes that are not UTF-8 (so that dropping one
// character cannot join the bytes around it into another forbidden one);
// it returns b itself when there are none.
func stripIllegal(b []byte) []byte {
	i := 0
	for i < len(b) && illegalLen(b[i:]) == 0 {
		i += runeLen(b[i:])
	}
	if i >= len(b) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if n := illegalLen(b[i:]); n > 0 {
			i += n
			continue
		}
		n := runeLen(b[i:])
		out = append(out, b[i:i+n]...)
		i += n
	}
	return out
}

// runeLen is the length of the UTF-8 sequence at the start of b (1 for a
// byte that starts none).
func runeLen(b []byte) int {
	if b[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRune(b)
	return n
}

// illegalLen is the length of the forbidden character at the start of b,
// 0 when there is none.
func illegalLen(b []byte) int {
	switch {
	case len(b) == 0:
		return 0
	case b[0] < 0x20 && b[0] != '\t' && b[0] != '\n' && b[0] != '\r':
		return 1
	case b[0] < utf8.RuneSelf:
		return 0
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBF && (b[2] == 0xBE || b[2] == 0xBF):
		return 3
	}
	if r, n := utf8.DecodeRune(b); r == utf8.RuneError && n == 1 {
		return 1
	}
	return 0
}

var sections = []struct{ open, close string }{
	{"<![CDATA[", "]]>"},
	{"<!--", "-->"},
	{"<?", "?>"},
}

// appendMarkup copies a CDATA section, comment or processing instruction
// whole (an unterminated one runs to the end), or just the '<' of a tag.
func appendMarkup(out, b []byte, dropped *bool) ([]byte, int) {
	for _, s := range sections {
		if !bytes.HasPrefix(b, []byte(s.open)) {
			continue
		}
		end := bytes.Index(b[len(s.open):], []byte(s.close))
		n := len(b)
		if end >= 0 {
			n = len(s.open) + end + len(s.close)
		}
		return appendLiteral(out, b[:n], s.open == "<![CDATA[", dropped), n
	}
	return append(out, '<'), 1
}

// appendLiteral copies text where '&' is literal; in CDATA it undoes
// double escaping, because feeds put escaped HTML there and the HTML then
// shows "&#225;" to the reader.
func appendLiteral(out, b []byte, cdata bool, dropped *bool) []byte {
	for i := 0; i < len(b); {
		if cdata && b[i] == '&' {
			var n int
			out, n = appendAmpersand(out, b[i:], false, dropped)
			i += n
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// appendAmpersand handles the '&' at b[0] and says how many bytes it used.
// escapeRaw is false in CDATA, where a raw '&' is fine as it is.
func appendAmpersand(out, b []byte, escapeRaw bool, dropped *bool) ([]byte, int) {
	ref, n := parseRef(b)
	switch {
	case ref.kind == refNone:
		if escapeRaw {
			return append(out, "&amp;"...), 1
		}
		return append(out, '&'), 1
	case ref.kind == refNumeric && !isXMLChar(ref.r):
		*dropped = true
		return out, n
	case ref.kind == refNamed && string(ref.name) == "amp":
		inner, m := parseRef(b[n-1:]) // b[n-1] is the ';' of "&amp;": read past it as '&'
		if m > 0 && inner.kind != refNone && inner.repairable() {
			out = append(out, '&')
			return append(out, b[n:n-1+m]...), n - 1 + m
		}
	}
	return append(out, b[:n]...), n
}

type refKind int

const (
	refNone refKind = iota
	refNumeric
	refNamed
)

type ref struct {
	kind refKind
	r    rune   // numeric: the character
	name []byte // named: the name, a slice of the input
}

// maxRefLen bounds the scan for ';' so a text full of '&' stays linear.
const maxRefLen = 40

// parseRef reads a character or entity reference at b[0] (which is taken to
// be '&' whatever it is). It returns refNone and 1 when there is none.
func parseRef(b []byte) (ref, int) {
	end := bytes.IndexByte(b[1:min(len(b), maxRefLen)], ';') + 1
	if end <= 1 {
		return ref{}, 1
	}
	body := b[1:end]
	if body[0] == '#' {
		r, ok := parseCharRef(body[1:])
		if !ok {
			return ref{}, 1
		}
		return ref{kind: refNumeric, r: r}, end + 1
	}
	if !isName(body) {
		return ref{}, 1
	}
	return ref{kind: refNamed, name: body}, end + 1
}

func parseCharRef(d []byte) (rune, bool) {
	base := 10
	if len(d) > 0 && (d[0] == 'x' || d[0] == 'X') {
		base, d = 16, d[1:]
	}
	if len(d) == 0 || len(d) > 8 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(d), base, 32)
	if err != nil {
		return 0, false
	}
	if v > 0x10FFFF {
		v = 0 // not a character: dropped like one XML forbids
	}
	return rune(v), true
}

func isName(b []byte) bool {
	for i, c := range b {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '.' || c == '-')) {
			return false
		}
	}
	return len(b) > 0
}

// repairable says whether `&amp;` followed by this reference is a double
// escape to undo: yes for a character that is not markup.
func (r ref) repairable() bool {
	var s string
	switch r.kind {
	case refNumeric:
		if !isXMLChar(r.r) {
			return false
		}
		s = string(r.r)
	case refNamed:
		var ok bool
		if s, ok = htmlEntity(string(r.name)); !ok {
			return false
		}
	}
	switch s {
	case "<", ">", "&", `"`, "'":
		return false
	}
	return true
}

// htmlEntity decodes a named HTML entity. html.UnescapeString also takes
// legacy names without ';' ("&copyx;" gives "©x;"), so the name counts only
// when the ';' was part of it.
func htmlEntity(name string) (string, bool) {
	span := "&" + name + ";"
	dec := html.UnescapeString(span)
	if dec == span || dec == html.UnescapeString(span[:len(span)-1])+";" {
		return "", false
	}
	return dec, true
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
