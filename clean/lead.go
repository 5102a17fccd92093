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
	for _, c := range strings.Fields(strings.ToLower(class)) {
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
	for _, n := range elements(root) {
		if !sapoClass(attr(n, "class")) {
			continue
		}
		if text := oneLine(textOf(n)); text != "" && utf8.RuneCountInString(text) <= maxLeadRunes {
			return n
		}
	}
	return nil
}

func contains(ancestor, n *xhtml.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// textSegments keeps the segments that hold text.
func textSegments(segs []*segment) []*segment {
	out := segs[:0:0]
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
func leadOnce(root *xhtml.Node, texts []*segment, descLead string) (lead string, known, inContent bool) {
	var kept *segment
	switch sapo := findSapo(root); {
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
	leadKey := vntext.Fold(lead)
	if leadKey == "" {
		return "", false, false
	}
	for _, s := range texts {
		if s == kept || s.text == "" || !sameSize(s.text, leadKey) || s.key() != leadKey {
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
		if k := texts[i].key(); k != "" && k == texts[i+1].key() {
			return texts[i]
		}
	}
	return nil
}

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
func descriptionLead(desc, title string, texts []*segment) string {
	d := PlainText(desc)
	if d == "" || strings.Contains(d, "\n\n") || utf8.RuneCountInString(d) > maxLeadRunes || len(texts) == 0 {
		return ""
	}
	dk := vntext.Fold(d)
	if dk == "" || dk == key(title) || dk == vntext.Fold(title) {
		return ""
	}
	var all strings.Builder
	for _, s := range texts {
		all.WriteString(s.text)
		all.WriteByte(' ')
	}
	ck := vntext.Fold(all.String())
	if dk == ck {
		return ""
	}
	trimmed := strings.TrimRight(d, " .…[]()")
	if tk := vntext.Fold(trimmed); tk != "" && strings.HasPrefix(ck, tk) && tk != texts[0].key() {
		return ""
	}
	return d
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
