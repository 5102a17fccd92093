package clean

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"bantin/vntext"
)

// isSpaceRune reports the runes portals put where a space belongs: ASCII
// and Unicode spaces (NBSP above all) and the zero-width ones, which
// unicode.IsSpace does not count.
func isSpaceRune(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.IsSpace(r)
}

// isInvisibleRune reports runes that render as nothing and only break
// comparisons and search: soft hyphens and stray control characters.
func isInvisibleRune(r rune) bool {
	return r == '\u00ad' || r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t') || (0x7f <= r && r < 0xa0)
}

// oneLine returns s in NFC with every run of space-like runes turned into
// one ASCII space, invisible runes dropped, and no space at either end.
// The spelling itself is kept: this is for what is stored, not a key.
func oneLine(s string) string {
	if plain, tight := plainVietnamese(s); plain {
		// NFC, and no space but the ASCII one, nothing invisible: one
		// scan tells what NFC and isOneLine would, and only runs of
		// spaces can be left to remove, or with none, a space at an end.
		if tight {
			return strings.Trim(s, " ")
		}
		return collapseSpaces(s)
	}
	s = vntext.NFC(s)
	if isOneLine(s) {
		// Most titles and paragraphs are clean already: no copy.
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		switch {
		case isSpaceRune(r):
			space = len(b) > 0
			continue
		case isInvisibleRune(r):
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i-n:i]...)
	}
	return string(b)
}

// isOneLine reports whether oneLine would leave s as it is: single ASCII
// spaces between words only, nothing invisible, valid UTF-8.
func isOneLine(s string) bool {
	afterSpace := true // a space first must go as well
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ':
				if afterSpace {
					return false
				}
				afterSpace = true
			case c < 0x20 || c == 0x7f:
				return false
			default:
				afterSpace = false
			}
			continue
		}
		afterSpace = false
		// The letters of Vietnamese, U+00C0-U+07FF and U+1E00-U+1EFF,
		// are plain runes; their bytes tell them without decoding.
		if 0xc3 <= c && c <= 0xdf && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			i += 2
			continue
		}
		if c == 0xe1 && i+2 < len(s) && 0xb8 <= s[i+1] && s[i+1] <= 0xbb && s[i+2]&0xc0 == 0x80 {
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !plainRune(r) {
			return false
		}
		i += n
	}
	return !afterSpace || s == ""
}

// plainRune reports a non-ASCII rune that is neither a space of any kind
// nor invisible (see isSpaceRune, isInvisibleRune), without the unicode
// tables for the runes Vietnamese text is made of.
func plainRune(r rune) bool {
	if r < 0x2000 {
		return r > 0xa0 && r != 0xad && r != 0x1680 && r != 0x180e
	}
	return !isSpaceRune(r) && !isInvisibleRune(r)
}

// tagLike finds what a browser would read as a tag; "Tỷ lệ <5%" has none.
var tagLike = regexp.MustCompile(`<(?:/?[A-Za-z][^<>]*|!--.*?--)>`)

// entityLike finds an entity left encoded after the first decoding, the
// trace of portals that encode twice ("&amp;#225;" for "á").
var entityLike = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// plainTitle turns a feed title into plain text: tags stripped, entities
// decoded (twice-encoded ones too), NFC, spaces cleaned. The words keep
// the source's spelling.
func plainTitle(s string) string {
	if hasTag(s) {
		s = textOfFragment(s)
	}
	return oneLine(decodeEntities(s))
}

// decodeEntities decodes the entities left in text that was already
// decoded once, so "&amp;#225;" shown as "&#225;" becomes "á". It runs at
// most twice: a third level is no longer a portal slip but content.
func decodeEntities(s string) string {
	for range 2 {
		if !strings.Contains(s, "&") || !entityLike.MatchString(s) {
			break
		}
		s = html.UnescapeString(s)
	}
	return s
}

// textOfFragment returns the text of an HTML fragment, without any tag,
// script or style content.
func textOfFragment(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if skipContent[string(name)] {
				skip++
			} else if blockTags[string(name)] || string(name) == "br" {
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if skipContent[string(name)] && skip > 0 {
				skip--
			} else if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// escapedTag finds markup escaped once too often: "&lt;p&gt;" where the
// portal meant <p>.
var escapedTag = regexp.MustCompile(`&lt;/?(?:p|div|br|span|strong|b|i|em|img|a|table|tr|td|ul|ol|li|h[1-6])(?:\s|/?&gt;)`)

// markupOf returns content as markup. A portal that escapes its HTML
// twice sends no tag at all and its tags as text; they are decoded once,
// and the sanitizer runs on the result as on any other content.
//
// It also reports whether the markup holds a tag at all.
func markupOf(s string) (markup string, tagged bool) {
	if hasTag(s) {
		return s, true
	}
	if strings.Contains(s, "&lt;") && escapedTag.MatchString(s) {
		s = html.UnescapeString(s)
		return s, hasTag(s)
	}
	return s, false
}

// hasTag is tagLike.MatchString(s). The pattern needs a '<', and its
// first '<' that a letter (or '/' and a letter) follows, with a '>'
// before the next '<', is a match: the usual content opens with a tag,
// so the regexp runs only on what does not.
func hasTag(s string) bool {
	i := strings.IndexByte(s, '<')
	if i < 0 {
		return false
	}
	if plainTagAt(s[i:]) {
		return true
	}
	return tagLike.MatchString(s[i:])
}

// plainTagAt reports whether s begins with "<x" or "</x", x a letter,
// and holds a '>' before its next '<': what tagLike's first branch
// matches.
func plainTagAt(s string) bool {
	j := 1
	if j < len(s) && s[j] == '/' {
		j++
	}
	if j >= len(s) || !('a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z') {
		return false
	}
	k := strings.IndexAny(s[j:], "<>")
	return k >= 0 && s[j+k] == '>'
}

// blankLines splits plain text into paragraphs.
var blankLines = regexp.MustCompile(`\r?\n[ \t\p{Zs}\x{200b}\x{feff}]*\r?\n\s*`)

// textToHTML turns a description written as plain text (no tag at all)
// into paragraphs, so the same lead and furniture rules apply to it. It
// is not escaped: a feed's description is HTML text by convention, and
// without a tag its entities are all it can hold.
func textToHTML(s string) string {
	var b strings.Builder
	for _, para := range blankLines.Split(strings.TrimSpace(s), -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(para, "\r\n", "\n"), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// truncateWords cuts s to at most max runes at a word boundary, marking
// the cut with an ellipsis.
func truncateWords(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= max {
			s = s[:i]
			break
		}
		cut++
	}
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)/2 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:-–") + "…"
}
