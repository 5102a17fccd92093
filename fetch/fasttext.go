package fetch

import (
	"bytes"
	"html"
	"strconv"
	"unicode/utf8"
)

// charData decodes text as encoding/xml does for character data and
// attribute values: the five XML entities and character references
// become characters, CR and CRLF become LF, and (in its lenient mode)
// anything else after '&' stays as it is. A reference to a character XML
// forbids makes encoding/xml fail; the reader fails with it.
func (r *xmlReader) charData(raw []byte) string {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw)
	}
	r.buf = r.appendCharData(r.buf[:0], raw)
	return string(r.buf)
}

func (r *xmlReader) appendCharData(dst, raw []byte) []byte {
	prevCR := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			var n int
			dst, n = r.appendXMLRef(dst, raw[i:])
			i += n
			prevCR = false
			continue
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && prevCR:
		default:
			dst = append(dst, c)
		}
		prevCR = c == '\r'
		i++
	}
	return dst
}

// xmlEntities are the entities XML predefines.
var xmlEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// appendXMLRef reads the reference at b[0] == '&' the way encoding/xml's
// Decoder.text does and says how many bytes it took. What is not a
// reference it knows is copied as it is, up to the byte that ended it.
func (r *xmlReader) appendXMLRef(dst, b []byte) ([]byte, int) {
	i := 1
	if i < len(b) && b[i] == '#' {
		i++
		base := 10
		if i < len(b) && b[i] == 'x' {
			base = 16
			i++
		}
		start := i
		for i < len(b) && (isDigit(b[i]) || base == 16 && isHexLetter(b[i])) {
			i++
		}
		if i < len(b) && b[i] == ';' {
			n, err := strconv.ParseUint(string(b[start:i]), base, 64)
			if err == nil && n <= utf8.MaxRune {
				c := rune(n)
				if 0xD800 <= c && c <= 0xDFFF {
					c = utf8.RuneError // what string(rune(n)) gives
				}
				if !isXMLChar(c) {
					r.fail() // "illegal character code"
					return dst, len(b)
				}
				return utf8.AppendRune(dst, c), i + 1
			}
			return append(dst, b[:i+1]...), i + 1
		}
		return append(dst, b[:i]...), i
	}
	for i < len(b) && (isASCIINameByte(b[i]) || b[i] >= utf8.RuneSelf) {
		i++
	}
	if i < len(b) && b[i] == ';' {
		if s, ok := xmlEntities[string(b[1:i])]; ok {
			return append(dst, s...), i + 1
		}
		return append(dst, b[:i+1]...), i + 1
	}
	return append(dst, b[:i]...), i
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isHexLetter(c byte) bool { return 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// htmlText is gofeed's ParseText applied to an element's inner XML: the
// text trimmed, then CDATA sections kept as they are and everything else
// HTML-unescaped (shared.StripCDATA, shared.DecodeEntities).
func (r *xmlReader) htmlText(inner []byte) string {
	t := bytes.TrimSpace(inner)
	if bytes.Contains(t, cdataStart) {
		return r.stripCDATA(t)
	}
	return r.decodeEntities(t)
}

func (r *xmlReader) decodeEntities(t []byte) string {
	if bytes.IndexByte(t, '&') < 0 {
		return string(t)
	}
	r.buf = appendDecodedEntities(r.buf[:0], t)
	return string(r.buf)
}

// stripCDATA is shared.StripCDATA.
func (r *xmlReader) stripCDATA(s []byte) string {
	buf := r.buf[:0]
	for len(s) > 0 {
		start := bytes.Index(s, cdataStart)
		if start < 0 {
			buf = appendDecodedEntities(buf, s)
			break
		}
		buf = appendDecodedEntities(buf, s[:start])
		end := bytes.Index(s[start+len(cdataStart):], cdataEnd)
		if end < 0 {
			buf = appendDecodedEntities(buf, s[start:])
			break
		}
		end += start + len(cdataStart)
		buf = append(buf, s[start+len(cdataStart):end]...)
		s = s[end+len(cdataEnd):]
	}
	r.buf = buf
	return string(buf)
}

// maxEntityLen is gofeed's bound on how far the ';' of an entity may be.
const maxEntityLen = 64

// appendDecodedEntities is shared.DecodeEntities: each "&...;" span is
// decoded with html.UnescapeString, and kept as it is when it decodes
// only by HTML's legacy rules without the ';'. Common entities and
// character references are decoded from htmlEntities and by hand to the
// same result, without the two strings UnescapeString costs per span.
func appendDecodedEntities(dst, data []byte) []byte {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '&')
		if i < 0 {
			return append(dst, data...)
		}
		dst = append(dst, data[:i]...)
		data = data[i:]
		window := data[:min(len(data), maxEntityLen)]
		end := bytes.IndexByte(window, ';')
		if end < 0 && len(window) == len(data) {
			return append(dst, data...)
		}
		if end >= 0 {
			// A body appendQuickEntity knows has no space in it.
			if d, ok := appendQuickEntity(dst, data[1:end]); ok {
				dst = d
				data = data[end+1:]
				continue
			}
		}
		if end < 0 || bytes.ContainsAny(data[1:end], " \t\r\n") {
			dst = append(dst, '&')
			data = data[1:]
			continue
		}
		span := string(data[:end+1])
		dec := html.UnescapeString(span)
		if dec == html.UnescapeString(span[:len(span)-1])+";" {
			dst = append(dst, '&')
			data = data[1:]
			continue
		}
		dst = append(dst, dec...)
		data = data[end+1:]
	}
	return dst
}

// appendQuickEntity appends what html.UnescapeString makes of
// "&body;" when that is certain without calling it: a name in
// htmlEntities, or a character reference short enough not to overflow and
// outside the Windows-1252 range HTML remaps.
func appendQuickEntity(dst, body []byte) ([]byte, bool) {
	if len(body) == 0 {
		return dst, false
	}
	if body[0] != '#' {
		switch string(body) {
		case "lt":
			return append(dst, '<'), true
		case "gt":
			return append(dst, '>'), true
		case "amp":
			return append(dst, '&'), true
		case "quot":
			return append(dst, '"'), true
		case "nbsp":
			return append(dst, "\u00a0"...), true
		}
		s, ok := htmlEntities[string(body)]
		return append(dst, s...), ok
	}
	digits, base, maxDigits := body[1:], rune(10), 7
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base, maxDigits = digits[1:], 16, 6
	}
	if len(digits) == 0 || len(digits) > maxDigits {
		return dst, false
	}
	var x rune
	for _, c := range digits {
		var d rune
		switch {
		case isDigit(c):
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return dst, false
		}
		x = x*base + d
	}
	switch {
	case 0x80 <= x && x <= 0x9F:
		return dst, false
	case x == 0 || 0xD800 <= x && x <= 0xDFFF || x > utf8.MaxRune:
		x = utf8.RuneError
	}
	return utf8.AppendRune(dst, x), true
}

// htmlEntities maps the entity names portals use most to what
// shared.DecodeEntities makes of "&name;". It is built by asking
// html.UnescapeString, so it cannot disagree with it.
var htmlEntities = func() map[string]string {
	names := []string{
		"amp", "lt", "gt", "quot", "apos", "nbsp", "ndash", "mdash", "hellip", "laquo", "raquo",
		"lsquo", "rsquo", "ldquo", "rdquo", "sbquo", "bdquo", "middot", "bull", "copy", "reg", "trade",
		"deg", "plusmn", "times", "divide", "frac12", "sect", "para", "shy", "ensp", "emsp", "thinsp",
		"agrave", "aacute", "acirc", "atilde", "egrave", "eacute", "ecirc", "igrave", "iacute",
		"ograve", "oacute", "ocirc", "otilde", "ugrave", "uacute", "yacute",
		"Agrave", "Aacute", "Acirc", "Atilde", "Egrave", "Eacute", "Ecirc", "Igrave", "Iacute",
		"Ograve", "Oacute", "Ocirc", "Otilde", "Ugrave", "Uacute", "Yacute",
		"uuml", "ouml", "auml", "euml", "iuml", "ccedil", "ntilde", "szlig",
	}
	m := make(map[string]string, len(names))
	for _, n := range names {
		span := "&" + n + ";"
		dec := html.UnescapeString(span)
		if dec != html.UnescapeString(span[:len(span)-1])+";" {
			m[n] = dec
		}
	}
	return m
}()
