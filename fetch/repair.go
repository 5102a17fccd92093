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
	return repair(in, false)
}

// repair is repairXML for a text that may be known to hold no forbidden
// character (legal), which spares the look for them.
func repair(in []byte, legal bool) []byte {
	return repairText(in, legal, false)
}

// repairText is repair that may write the repaired text over in when in
// is its own (owned): a text the decoder made rather than the caller's
// body, which spares a copy of the whole document.
func repairText(in []byte, legal, owned bool) []byte {
	for {
		out, dropped := repairOnce(in, legal, owned)
		if !dropped {
			return out
		}
		// A dropped reference can join what stood around it ("&amp;a",
		// "&#0;", "c;") into a new one: repair again until nothing is
		// dropped. Each round is shorter than the last, so this ends.
		// out is a copy or in written over: its own either way.
		in, legal, owned = out, false, true
	}
}

// repairOnce is one pass of repairXML; dropped reports a reference to a
// forbidden character removed. It returns in itself when nothing needs
// repair, as in most feeds: the copy is made at the first change, or in
// is written over when it is owned.
func repairOnce(in []byte, legal, owned bool) (out []byte, dropped bool) {
	// Forbidden characters go first, so one inside a reference ("&\x00#225;")
	// cannot hide it from the entity repair.
	if !legal {
		stripped := stripIllegal(in)
		owned = owned || !sharesArray(stripped, in)
		in = stripped
	}
	p := patcher{src: in, inPlace: owned}
	marks := markIndex{b: in, lt: -2, amp: -2}
	for i := 0; ; {
		j := marks.from(i)
		if j < 0 {
			return p.result(), p.dropped
		}
		if in[j] == '<' {
			i = p.markup(j)
		} else {
			i = p.ampersand(j, len(in), true)
		}
	}
}

// markIndex finds the '<' and '&' of a text with IndexByte, which is
// many times faster than looking at each byte for either: it keeps the
// next of each, so each is searched for once.
type markIndex struct {
	b       []byte
	lt, amp int // next '<' and '&' at or after the last search; -1 none; -2 unknown
}

// from returns the index of the first '<' or '&' at or after i, or -1.
func (m *markIndex) from(i int) int {
	m.lt = nextAt(m.b, '<', i, m.lt)
	m.amp = nextAt(m.b, '&', i, m.amp)
	switch {
	case m.lt < 0:
		return m.amp
	case m.amp < 0:
		return m.lt
	}
	return min(m.lt, m.amp)
}

// nextAt returns the index of the first c at or after i, knowing the one
// found last (known; -2 when there is none yet).
func nextAt(b []byte, c byte, i, known int) int {
	if known == -1 || known >= i {
		return known
	}
	j := bytes.IndexByte(b[i:], c)
	if j < 0 {
		return -1
	}
	return i + j
}

// patcher edits src, copying it only once the first edit is made; or,
// when src is its own to write over (inPlace), writing the edited text
// over the text already read, as long as it stays behind it.
type patcher struct {
	src     []byte
	out     []byte // nil until the first edit
	kept    int    // src[:kept] is in out (or unchanged)
	dropped bool   // a reference to a forbidden character was removed
	inPlace bool   // out is src's own memory
}

// edit replaces src[at:end] with repl. Nothing reads src before kept, so
// out may be written there.
func (p *patcher) edit(at, end int, repl string) {
	if p.out == nil && p.inPlace {
		p.out = p.src[:0]
	}
	if p.inPlace && len(p.out)+at-p.kept+len(repl) > end {
		// The edited text would overtake what is still to read (a raw
		// '&' made "&amp;" early on): go on in a copy.
		p.out = append(make([]byte, 0, len(p.src)+len(p.src)/32), p.out...)
		p.inPlace = false
	}
	if p.out == nil {
		p.out = make([]byte, 0, len(p.src)+len(p.src)/32)
	}
	p.out = append(p.out, p.src[p.kept:at]...)
	p.out = append(p.out, repl...)
	p.kept = end
}

func (p *patcher) result() []byte {
	if p.out == nil {
		return p.src
	}
	return append(p.out, p.src[p.kept:]...)
}

// sharesArray reports whether a and b are slices of one array (none is
// made with a capacity short of its array's end).
func sharesArray(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// stripIllegal drops the C0 controls other than tab, CR and LF, U+FFFE
// and U+FFFF, and bytes that are not UTF-8 (so that dropping one
// character cannot join the bytes around it into another forbidden one);
// it returns b itself when there are none.
func stripIllegal(b []byte) []byte {
	if s := scanText(b); s.valid && s.legal {
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

// markup passes over the CDATA section, comment or processing instruction
// at src[at] whole (an unterminated one runs to the end), or just the '<'
// of a tag, and returns where the scan goes on.
func (p *patcher) markup(at int) int {
	b := p.src[at:]
	for _, s := range sections {
		if !bytes.HasPrefix(b, []byte(s.open)) {
			continue
		}
		end := bytes.Index(b[len(s.open):], []byte(s.close))
		n := len(b)
		if end >= 0 {
			n = len(s.open) + end + len(s.close)
		}
		if s.open == "<![CDATA[" {
			p.cdata(at, at+n)
		}
		return at + n
	}
	return at + 1
}

// cdata undoes double escaping in the CDATA section src[from:to], where
// '&' is otherwise literal: feeds put escaped HTML there and the HTML then
// shows "&#225;" to the reader.
func (p *patcher) cdata(from, to int) {
	for i := from; i < to; {
		j := bytes.IndexByte(p.src[i:to], '&')
		if j < 0 {
			return
		}
		i = p.ampersand(i+j, to, false)
	}
}

// ampersand handles the '&' at src[at], reading no further than limit, and
// returns where the scan goes on. escapeRaw is false in CDATA, where a raw
// '&' is fine as it is.
func (p *patcher) ampersand(at, limit int, escapeRaw bool) int {
	b := p.src[at:limit]
	if n := markupEntityLen(b); n > 0 {
		return at + n // what parseRef reads it as, a name that is not "amp"
	}
	ref, n := parseRef(b)
	switch {
	case ref.kind == refNone:
		if escapeRaw {
			p.edit(at, at+1, "&amp;")
		}
		return at + 1
	case ref.kind == refNumeric && !isXMLChar(ref.r):
		p.dropped = true
		p.edit(at, at+n, "")
		return at + n
	case ref.kind == refNamed && string(ref.name) == "amp":
		inner, m := parseRef(b[n-1:]) // b[n-1] is the ';' of "&amp;": read past it as '&'
		if m > 0 && inner.kind != refNone && inner.repairable() {
			p.edit(at+1, at+n, "") // "&amp;#225;" becomes "&#225;"
			return at + n - 1 + m
		}
	}
	return at + n
}

// markupEntityLen is the length of the "&lt;", "&gt;" or "&quot;" b
// starts with, 0 for anything else: escaped HTML is mostly these, and
// they need no repair.
func markupEntityLen(b []byte) int {
	switch {
	case len(b) >= 4 && b[3] == ';' && (b[1] == 'l' || b[1] == 'g') && b[2] == 't':
		return 4
	case len(b) >= 6 && string(b[1:6]) == "quot;":
		return 6
	}
	return 0
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
