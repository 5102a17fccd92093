package fetch

import (
	"bytes"
	"encoding/binary"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// prologEncoding finds the encoding pseudo-attribute of an XML declaration
// read as ASCII, which every encoding but UTF-16/32 (sniffed first) allows.
var prologEncoding = regexp.MustCompile(`^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:\-]+)\s*["']`)

// unicodeBOMs is checked in order: the UTF-32 LE mark starts like UTF-16 LE.
var unicodeBOMs = []struct {
	bom  []byte
	name string
	enc  encoding.Encoding // nil: UTF-8
}{
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8", nil},
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "utf-32be", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "utf-32le", utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)},
	{[]byte{0xFE, 0xFF}, "utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
	{[]byte{0xFF, 0xFE}, "utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
}

// decodeText returns body as NFC UTF-8 without a byte order mark, and the
// name of the encoding it was read in. Which encoding that is:
//
//  1. a byte order mark, or the zero bytes of UTF-16/32 around an ASCII
//     '<' when there is none;
//  2. bytes that are valid UTF-8 are UTF-8, whatever the prolog or header
//     claim: a legacy charset's Vietnamese text is practically never valid
//     UTF-8, while "iso-8859-1" is a common server default on UTF-8 feeds;
//  3. otherwise the prolog's encoding, then the header's charset (the
//     prolog was written with the document, the header by a server
//     default);
//  4. otherwise UTF-8 with each invalid byte read as Windows-1258, which
//     keeps a mostly-UTF-8 feed intact and reads an undeclared
//     Vietnamese legacy feed.
func decodeText(body []byte, contentType string) ([]byte, string) {
	text, name, _ := decodeTextLegal(body, contentType)
	return text, name
}

// decodeTextLegal is decodeText that also reports whether the text is
// known to hold no character XML forbids, which spares repairXML its look
// for them. It knows that of the UTF-8 it reads (composing it to NFC
// neither makes nor unmakes a forbidden character) and of Windows-1258
// (see controlsLegal).
func decodeTextLegal(body []byte, contentType string) (text []byte, name string, legal bool) {
	if enc, name, skip := sniffUnicode(body); name != "" {
		if enc == nil {
			s := scanText(body[skip:])
			switch {
			case s.valid && s.plainNFC:
				return body[skip:], name, s.legal
			case s.valid:
				return composeNFC(body[skip:]), name, s.legal
			}
			return toNFC(validUTF8(body[skip:])), name, false
		}
		out, err := enc.NewDecoder().Bytes(body[skip:])
		if err != nil {
			return toNFC(validUTF8(body[skip:])), "utf-8", false
		}
		return toNFC(bytes.TrimPrefix(out, []byte("\uFEFF"))), name, false
	}
	labels := []string{declaredInProlog(body), charsetParam(contentType)}
	s := scanText(body)
	if s.ascii {
		// Only the 7-bit ISO-2022 family reads ASCII bytes as other text.
		for _, l := range labels {
			if strings.HasPrefix(l, "iso-2022-") {
				if out, name, ok := decodeWith(l, body); ok {
					return out, name, false
				}
			}
		}
		return body, "utf-8", s.legal
	}
	if s.valid {
		if s.plainNFC {
			return body, "utf-8", s.legal
		}
		return composeNFC(body), "utf-8", s.legal
	}
	for _, l := range labels {
		if out, name, ok := decodeWith(l, body); ok {
			return out, name, lookupEncoding(l) == charmap.Windows1258 && controlsLegal(body)
		}
	}
	return toNFC(validUTF8(body)), "utf-8", false
}

// controlsLegal reports whether b has no control character XML forbids
// (all of C0 but tab, LF and CR). Of Windows-1258 text that is all there
// is to know: every other byte decodes to a character XML allows.
func controlsLegal(b []byte) bool {
	const high, ctl = 0x8080808080808080, 0x2020202020202020
	i := 0
	for ; i+8 <= len(b); i += 8 {
		// Mycroft's test flags a word holding a byte below ' ' (and may
		// flag bytes after one): such a word is looked at byte by byte.
		if w := binary.LittleEndian.Uint64(b[i:]); (w-ctl)&^w&high != 0 && !controlsLegalBytes(b[i:i+8]) {
			return false
		}
	}
	return controlsLegalBytes(b[i:])
}

func controlsLegalBytes(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// textScan is what one pass over a body learns of it.
type textScan struct {
	ascii    bool // no byte beyond ASCII
	valid    bool // UTF-8
	plainNFC bool // NFC by isPlainNFC's rule (when valid)
	legal    bool // no character XML forbids (when valid)
}

// scanText looks at b once, eight ASCII bytes at a time where it can;
// it stops at the first byte that is not UTF-8.
func scanText(b []byte) textScan {
	const high, ctl = 0x8080808080808080, 0x2020202020202020
	s := textScan{ascii: true, valid: true, plainNFC: true, legal: true}
	for i := 0; i < len(b); {
		// Whole words with no byte beyond ASCII or below ' ' (Mycroft's
		// test), then the next eight bytes one character at a time.
		for i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if w&high != 0 || (w-ctl)&^w&high != 0 {
				break
			}
			i += 8
		}
		for end := min(i+8, len(b)); i < end; {
			c := b[i]
			switch {
			case ' ' <= c && c < utf8.RuneSelf:
				i++
				continue
			case c < ' ':
				if c != '\t' && c != '\n' && c != '\r' {
					s.legal = false
				}
				i++
				continue
			case 0xC2 <= c && c <= 0xCB && i+1 < len(b) && b[i+1]&0xC0 == 0x80:
				s.ascii = false // U+0080 to U+02FF: nfcInert[0], legal
				i += 2
				continue
			case c == 0xE1 && i+2 < len(b) && (b[i+1] == 0xBA || b[i+1] == 0xBB) && b[i+2]&0xC0 == 0x80:
				s.ascii = false // U+1E80 to U+1EFF, Vietnamese letters with two marks: in nfcInert[1], legal
				i += 3
				continue
			}
			s.ascii = false
			r, n := decodeRune(b[i:])
			if n == 1 {
				s.valid = false
				return s
			}
			if r == 0xFFFE || r == 0xFFFF {
				s.legal = false
			}
			if s.plainNFC && !inertRune(r) {
				s.plainNFC = false
			}
			i += n
		}
	}
	return s
}

// decodeRune is utf8.DecodeRune with the two- and three-byte sequences
// of Vietnamese text decoded in line.
func decodeRune(b []byte) (rune, int) {
	if len(b) >= 2 && 0xC2 <= b[0] && b[0] <= 0xDF && b[1]&0xC0 == 0x80 {
		return rune(b[0]&0x1F)<<6 | rune(b[1]&0x3F), 2
	}
	if len(b) >= 3 && b[0]&0xF0 == 0xE0 && b[1]&0xC0 == 0x80 && b[2]&0xC0 == 0x80 {
		r := rune(b[0]&0x0F)<<12 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRune(b)
}

// sniffUnicode recognises a byte order mark or, without one, the pattern
// of zero bytes that UTF-16 and UTF-32 give an ASCII character (XML 1.0
// appendix F).
func sniffUnicode(b []byte) (enc encoding.Encoding, name string, skip int) {
	for _, m := range unicodeBOMs {
		if bytes.HasPrefix(b, m.bom) {
			return m.enc, m.name, len(m.bom)
		}
	}
	if len(b) < 4 {
		return nil, "", 0
	}
	z := [4]bool{b[0] == 0, b[1] == 0, b[2] == 0, b[3] == 0}
	switch z {
	case [4]bool{true, true, true, false}:
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", 0
	case [4]bool{false, true, true, true}:
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", 0
	case [4]bool{true, false, true, false}:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 0
	case [4]bool{false, true, false, true}:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 0
	}
	return nil, "", 0
}

// decodeWith decodes body with the encoding a label names. It refuses the
// Unicode encodings: once sniffUnicode found no UTF-16/32 pattern, a label
// naming one is wrong, and UTF-8 has already been tried.
func decodeWith(label string, body []byte) ([]byte, string, bool) {
	enc := lookupEncoding(label)
	if enc == nil || isUnicodeLabel(label) {
		return nil, "", false
	}
	// WHATWG maps ISO-2022-KR and friends to "replacement", which turns
	// the whole document into one U+FFFD.
	if name, err := htmlindex.Name(enc); err == nil && (isUnicodeLabel(name) || name == "replacement") {
		return nil, "", false
	}
	// Windows-1258 decodes to decomposed tones, which composing as it
	// decodes spares a second pass through norm (see nfc1258.go).
	if enc == charmap.Windows1258 {
		return decodeWindows1258NFC(body), label, true
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", false
	}
	return toNFC(out), label, true
}

func lookupEncoding(label string) encoding.Encoding {
	if label == "" {
		return nil
	}
	if enc, err := htmlindex.Get(label); err == nil {
		return enc
	}
	if enc, err := ianaindex.IANA.Encoding(label); err == nil && enc != nil {
		return enc
	}
	return nil
}

func isUnicodeLabel(l string) bool {
	l = strings.ToLower(l)
	return strings.HasPrefix(l, "utf") || strings.HasPrefix(l, "ucs") || strings.HasPrefix(l, "unicode") ||
		strings.HasPrefix(l, "iso-10646")
}

func declaredInProlog(body []byte) string {
	head := body[:min(len(body), 512)]
	if m := prologEncoding.FindSubmatch(head); m != nil {
		return strings.ToLower(string(m[1]))
	}
	return ""
}

// charsetParam reads the charset parameter leniently: portals send
// `charset= "us-ascii"`, `charset = utf-8` and `charset='gb2312'`, which
// mime.ParseMediaType refuses.
func charsetParam(contentType string) string {
	low := strings.ToLower(contentType)
	i := strings.Index(low, "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(low[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\"'")
	if end := strings.IndexAny(rest, "\"'; \t,"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// validUTF8 keeps the valid UTF-8 of b and reads every other byte as
// Windows-1258.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1258.DecodeByte(b[0]))
			b = b[1:]
			continue
		}
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return out
}

// toNFC composes the decomposed tone marks some UTF-8 sources send (and
// the stray Windows-1258 marks validUTF8 reads) so the same word is
// always the same bytes. Text that is plainly NFC already comes back as
// it is, without the copy and the per-character table look-ups of norm.
func toNFC(b []byte) []byte {
	if s := scanText(b); s.valid && s.plainNFC {
		return b
	}
	return composeNFC(b)
}

// nfcInert are the ranges of characters that are NFC by themselves and
// never compose with a character before them (NFC_QC=Yes, combining class
// 0): a text of such characters and ASCII is NFC. They cover Vietnamese,
// precomposed (Latin-1, Latin Extended A/B and Additional), punctuation
// and CJK; TestNFCInertRanges checks every character against norm.
// A text of such characters is NFC however they follow each other.
var nfcInert = [...][2]rune{
	{0x80, 0x2FF},
	{0x1E00, 0x1F70},
	{0x2002, 0x20CF},
	{0x212C, 0x2328},
	{0x309B, 0xA66E},
	{0xABEE, 0xD7FF},
	{0xE000, 0xF8FF},
	{0xFE30, 0xFFFF},
}

func inertRune(r rune) bool {
	for _, rg := range nfcInert {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}
