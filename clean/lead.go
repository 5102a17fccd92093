package clean

import (
	"html"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"bantin/vntext"
)

// maxLeadRunes bounds a description that can be a lead: longer, it is the
// article itself or a long extract, not a sapo.
const maxLeadRunes = 1200

// sapoClass reports a class naming the lead block of a portal's article
// template: ".ArticleSummary", ".sapo", ".chapeau".
func sapoClass(class string) bool {
	for c := range strings.FieldsSeq(strings.ToLower(class)) {
		switch {
		case strings.Contains(c, "sapo"), strings.Contains(c, "summary"), strings.Contains(c, "chapeau"),
			c == "lead", c == "lede", c == "tomtat", c == "tom-tat":
			return true
		}
	}
	return false
}

// findSapo returns the first element under root marked as the lead block
// and holding a lead-sized text: a "summary" class on a wrapper of the
// whole article does not make the article a lead.
func findSapo(root *xhtml.Node) *xhtml.Node {
	var found *xhtml.Node
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			if class := attr(c, "class"); class != "" && mayBeSapoClass(class) && sapoClass(class) {
				if text := oneLine(textOf(c)); text != "" && (len(text) <= maxLeadRunes || utf8.RuneCountInString(text) <= maxLeadRunes) {
					found = c
					return
				}
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

// mayBeSapoClass is a cheap test that sapoClass may hold: one of its
// words is in class, in any case. Lower-casing a non-ASCII rune never
// makes one of their letters.
func mayBeSapoClass(class string) bool {
	for _, w := range []string{"sapo", "summary", "chapeau", "lead", "lede", "tomtat", "tom-tat"} {
		if containsFoldASCII(class, w) {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s holds the lower-case ASCII word w
// in any case.
func containsFoldASCII(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func contains(ancestor, n *xhtml.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// textSegments keeps the segments that hold text, in segs' own array.
func textSegments(segs []*segment) []*segment {
	out := segs[:0]
	for _, s := range segs {
		if s.text != "" {
			out = append(out, s)
		}
	}
	return out
}

// leadOnce keeps the lead paragraph once in the content. The lead is the
// portal's marked lead block, else the description when it is a lead
// (descLead, may be ""), else a paragraph written twice in a row near the
// top. Every other paragraph equal to it under vntext.Fold (a final
// period, spacing, case, Unicode form, tone placement) is a repeat and
// goes; a paragraph that is only similar stays. It returns the lead's text, whether it is known to be
// the lead (marked, given, or repeated) rather than just the first
// paragraph, and whether the content holds it.
//
// descKey is vntext.Fold(descLead), which descriptionLead computed;
// marked is false when no class attribute in the tree can mark a lead
// block (see builder.sapoHint), which spares the walk looking for one.
func leadOnce(root *xhtml.Node, texts []*segment, descLead, descKey string, marked bool) (lead string, known, inContent bool) {
	var kept *segment
	var sapo *xhtml.Node
	if marked {
		sapo = findSapo(root)
	}
	switch {
	case sapo != nil:
		lead, known = oneLine(textOf(sapo)), true
		for _, s := range texts {
			if contains(sapo, firstNode(s)) {
				kept = s
				break
			}
		}
	case descLead != "":
		lead, known = descLead, true
	default:
		if s := repeatedOpening(texts); s != nil {
			lead, kept, known = s.text, s, true
		}
	}
	var leadKey string
	switch {
	case kept != nil && kept.text == lead:
		leadKey = kept.key()
	case lead == descLead && lead != "":
		leadKey = descKey
	default:
		leadKey = vntext.Fold(lead)
	}
	if leadKey == "" {
		return "", false, false
	}
	leadSig := foldSig(lead)
	leadStem := strings.TrimRight(lead, foldFinal) // see sameBeforeFinal
	for _, s := range texts {
		if s == kept || s.text == "" || !sameSize(s.text, leadKey) {
			continue
		}
		if strings.TrimRight(s.text, foldFinal) != leadStem && (!s.keyed && s.signature() != leadSig || s.key() != leadKey) {
			continue
		}
		if kept == nil {
			kept = s
			continue
		}
		s.remove()
	}
	return lead, known, kept != nil
}

// leadWindow is how far into the text a lead and its repeat are looked
// for when nothing marks the lead: past a kicker or a subtitle, not into
// the body.
const leadWindow = 4

// repeatedOpening finds the lead a page writes twice in a row near its
// top, as a sapo and again as the first body paragraph.
func repeatedOpening(texts []*segment) *segment {
	for i := 0; i+1 < len(texts) && i < leadWindow; i++ {
		a, b := texts[i], texts[i+1]
		if sameBeforeFinal(a.text, b.text) {
			if strings.TrimRight(a.text, foldFinal) != "" {
				return a
			}
			continue
		}
		if (!a.keyed || !b.keyed) && a.signature() != b.signature() {
			continue
		}
		if k := a.key(); k != "" && k == b.key() {
			return texts[i]
		}
	}
	return nil
}

// foldFinal is what vntext.Fold trims from the end of a text: final
// punctuation and spaces.
const foldFinal = ".…;:!?/\"'“”‘’«»„-‐‑‒–—― "

// sameBeforeFinal reports two texts (on one line, NFC) that fold alike
// because they differ only in what folding trims from their end: a lead
// and its repeat with a period. It spares folding both.
func sameBeforeFinal(a, b string) bool {
	return strings.TrimRight(a, foldFinal) == strings.TrimRight(b, foldFinal)
}

// foldSig is a cheap test that two texts (on one line, NFC) may fold to
// the same key: folding keeps their ASCII digits and consonants, in
// order, and only lower-cases them, so texts whose sequences differ fold
// apart. It hashes the start of that sequence.
func foldSig(s string) uint64 {
	// The first 48 of them tell paragraphs apart well enough, and most
	// paragraphs need not be read to the end.
	h := uint64(14695981039346656037)
	n := 0
	for i := 0; i < len(s) && n < 48; i++ {
		if c := sigByte[s[i]]; c != 0 {
			h = (h ^ uint64(c)) * 1099511628211
			n++
		}
	}
	return h
}

// sigByte maps the bytes foldSig reads (ASCII digits and consonants) to
// themselves in lower case, and every other byte to 0.
var sigByte = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			continue
		}
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// sameSize is a cheap test that text may fold to key: folding trims final
// punctuation and lower-cases, so it never halves a text nor more than
// doubles it. Most paragraphs of an article fail it and are never folded.
func sameSize(text, key string) bool {
	return len(text) >= len(key)/2 && len(text) <= 2*len(key)+64
}

func firstNode(s *segment) *xhtml.Node {
	if len(s.nodes) == 0 {
		return s.br
	}
	return s.nodes[0]
}

// prependLead puts the lead at the top of the content, as portals show
// their sapo: in bold, above the body.
func prependLead(root *xhtml.Node, lead string) {
	frag := parseFragment("<p><strong>" + html.EscapeString(lead) + "</strong></p>")
	for c := frag.LastChild; c != nil; c = frag.LastChild {
		frag.RemoveChild(c)
		root.InsertBefore(c, root.FirstChild)
	}
}

// descriptionLead returns the description's text when it is a lead
// beside the content: short, one paragraph, not the title, not the
// content itself, and not an excerpt cut from the start of the content
// ("Ngày 16/12/2020, Ban Dân vận...").
//
// It also returns the lead's key, vntext.Fold(lead), for leadOnce.
func descriptionLead(desc string, title *titleKey, texts []*segment) (lead, leadKey string) {
	d := PlainText(desc)
	if d == "" || strings.Contains(d, "\n\n") || len(d) > maxLeadRunes && utf8.RuneCountInString(d) > maxLeadRunes || len(texts) == 0 {
		return "", ""
	}
	dk := fold(d, title.buf)
	if dk == "" {
		return "", ""
	}
	if ft := title.folded(); dk == ft || dk == strings.Trim(ft, decoration) {
		return "", ""
	}
	// Both tests below find the description at the start of the content;
	// when its digits and consonants are not there (see foldSig), neither
	// can. The first needs the whole content folded only when they are
	// all there is; the second needs only as much of its start as the
	// description is long.
	prefix, whole := sigPrefixOf(d, texts)
	if !prefix {
		return d, dk
	}
	if whole {
		var all strings.Builder
		for _, s := range texts {
			all.WriteString(s.text)
			all.WriteByte(' ')
		}
		if dk == vntext.Fold(all.String()) {
			return "", ""
		}
	}
	tk := dk // most descriptions end without the period trimmed here
	if trimmed := strings.TrimRight(d, " .…[]()"); trimmed != d {
		tk = fold(trimmed, title.buf)
	}
	if tk != "" && strings.HasPrefix(foldedStart(texts, len(tk)), tk) && tk != texts[0].key() {
		return "", ""
	}
	return d, dk
}

// titleKey is an item's title folded when a rule first needs it, then
// kept for the next.
type titleKey struct {
	title string
	fold  string
	done  bool
	buf   *[]byte // scratch for fold
}

// folded returns vntext.Fold(title).
func (t *titleKey) folded() string {
	if !t.done {
		t.fold, t.done = fold(t.title, t.buf), true
	}
	return t.fold
}

// foldedStart returns vntext.Fold of the texts joined by spaces, or a
// prefix of it at least n bytes long: folding paragraph by paragraph
// gives the start of the whole folded, since nothing carries across the
// space between two.
func foldedStart(texts []*segment, n int) string {
	if k := texts[0].key(); len(k) >= n || len(texts) == 1 {
		return k
	}
	var b strings.Builder
	for _, s := range texts {
		b.WriteString(s.text)
		b.WriteByte(' ')
		if b.Len() >= n+n/2+16 {
			if k := vntext.Fold(b.String()); len(k) >= n {
				return k
			}
		}
	}
	return vntext.Fold(b.String())
}

// sigPrefixOf reports whether the ASCII digits and consonants of d (the
// bytes foldSig reads) begin those of the texts joined, what folding
// keeps of a text that begins the content; whole, whether they are all
// of them.
func sigPrefixOf(d string, texts []*segment) (prefix, whole bool) {
	i := 0
	next := func() byte { // the next byte of d that foldSig reads, or 0
		for ; i < len(d); i++ {
			if c := sigByte[d[i]]; c != 0 {
				i++
				return c
			}
		}
		return 0
	}
	want := next()
	for _, s := range texts {
		for j := 0; j < len(s.text); j++ {
			if c := sigByte[s.text[j]]; c != 0 {
				if want == 0 {
					return true, false
				}
				if c != want {
					return false, false
				}
				want = next()
			}
		}
	}
	return want == 0, want == 0
}

// firstParagraph picks the summary when nothing marks a lead: the first
// paragraph long enough to say something (a photo caption does not).
func firstParagraph(texts []*segment) string {
	for _, s := range texts {
		if s.text != "" && len(vntext.Words(s.text)) >= 8 {
			return s.text
		}
	}
	for _, s := range texts {
		if s.text != "" {
			return s.text
		}
	}
	return ""
}
