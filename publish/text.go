package publish

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// summaryRunes bounds a summary made from the content when the story has
// none: about the length of a portal's lead paragraph.
const summaryRunes = 300

// xmlSafe drops what XML 1.0 cannot carry at all (C0 controls other than
// tab and newlines, U+FFFE/U+FFFF, lone surrogates) and turns invalid UTF-8
// into U+FFFD. encoding/xml escapes markup but writes CDATA as it is, and
// one stray control byte from a portal would make the whole feed
// unreadable to a strict parser.
func xmlSafe(s string) string {
	if xmlClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // an invalid byte comes out as U+FFFD
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlClean reports whether s is valid UTF-8 of XML 1.0 characters only,
// reading bytes rather than runes: every feed rendering passes all its
// text through here (a third of a rendering's time when done rune by
// rune). In valid UTF-8 the only characters outside the Char production
// are C0 controls and U+FFFE/U+FFFF (EF BF BE, EF BF BF); surrogates
// cannot be encoded.
func xmlClean(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return false
		}
	}
	return utf8.ValidString(s)
}

// xmlChar reports whether r is in the Char production of XML 1.0.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}

// plainText returns the text of an HTML fragment with runs of white space
// collapsed, for a summary when the story came without one.
func plainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0 // depth inside elements whose text is not prose
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if nonProse(string(name)) {
				skip++
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			name, _ := z.TagName()
			if nonProse(string(name)) && skip > 0 {
				skip--
			}
			b.WriteByte(' ')
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

func nonProse(tag string) bool {
	switch tag {
	case "script", "style", "iframe", "noscript", "template":
		return true
	}
	return false
}

// truncateText cuts s to at most n runes at a word boundary and marks the
// cut with an ellipsis.
func truncateText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexFunc(s[:cut], unicode.IsSpace); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}

// summaryOf is the plain-text summary published for a story: its lead, or
// the start of its content when it has none.
func summaryOf(summary, content string) string {
	if s := strings.TrimSpace(summary); s != "" {
		return s
	}
	return truncateText(plainText(content), summaryRunes)
}
