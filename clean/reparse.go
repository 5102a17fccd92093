package clean

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Item.Text is PlainText(Content): the paragraphs of the sanitized HTML
// as a parser reads it back. Parsing it again costs as much as the
// first parse. But the sanitizer knows every token it writes, and when
// the HTML parser would nest them exactly as written (no <p> closed by a
// block, no tbody inserted, no text foster-parented: the checks below,
// taken from the parser's "in body" and table rules), the paragraphs
// follow from the tokens as they come. reparse does both: it checks the
// nesting and splits the text as walkSegments would split the tree. When
// a token would make the parser repair something, it gives up and the
// caller parses the HTML.

// reparse follows the tokens the sanitizer writes.
type reparse struct {
	ok     bool
	clean  bool // the text written is NFC and repaired
	tight  bool // and no text holds two spaces in a row
	open   []reparseFrame
	run    []byte // text of the paragraph being read
	pieces []int  // where in run each text after the first starts
	out    []byte // the paragraphs so far

	// html and attrs are the treeWriter's memory, kept with this.
	html  []byte
	attrs []html.Attribute
}

// reparseFrame is an open element: its name and how its content counts
// towards paragraphs.
type reparseFrame struct {
	name  string
	flags elemFlags // flagsOf(name)
	kind  frameKind
	off   int // for inline: where in run its text starts
}

type frameKind uint8

const (
	walked  frameKind = iota // a block: its children are paragraphs of their own
	inline                   // part of the paragraph, until a break inside makes it walked
	skipped                  // content that is no text (an iframe's)
)

// reset readies r for a tree of about sizeHint bytes of HTML, keeping
// the memory of its last use: the text and the HTML are built in it and
// copied out once, at their size, rather than grown in strings of a size
// guessed beforehand.
func (r *reparse) reset(clean, tight bool, sizeHint int) {
	r.ok, r.clean, r.tight = true, clean, clean && tight
	r.open, r.run, r.pieces = r.open[:0], r.run[:0], r.pieces[:0]
	r.out = grown(r.out, sizeHint)
	r.html = grown(r.html, sizeHint+sizeHint/8+64)
}

// grown is b emptied, with room for n bytes.
func grown(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, 0, n)
	}
	return b[:0]
}

// topFlags is flagsOf(r.top()).
func (r *reparse) topFlags() elemFlags {
	if len(r.open) == 0 {
		return 0
	}
	return r.open[len(r.open)-1].flags
}

func (r *reparse) top() string {
	if len(r.open) == 0 {
		return ""
	}
	return r.open[len(r.open)-1].name
}

// tableTop reports whether the current node puts the parser in one of
// the table modes, where text and tags other than the table's own are
// moved out of the table.
func (r *reparse) tableTop() bool {
	switch r.top() {
	case "table", "tbody", "thead", "tfoot", "tr", "colgroup":
		return true
	}
	return false
}

// pInButtonScope reports an open <p> a block start tag would close.
func (r *reparse) pInButtonScope() bool {
	for i := len(r.open) - 1; i >= 0; i-- {
		switch r.open[i].name {
		case "p":
			return true
		case "table", "td", "th", "caption":
			return false
		}
	}
	return false
}

// nests reports whether the parser would insert start tag name, whose
// flags are f, as a child of the current node and change nothing else.
func (r *reparse) nests(name string, f elemFlags) bool {
	if len(r.open) >= maxFastDepth {
		return false
	}
	switch r.top() {
	case "colgroup":
		return name == "col"
	case "table":
		switch name {
		case "caption", "colgroup", "tbody", "thead", "tfoot":
			return true
		}
		return false
	case "tbody", "thead", "tfoot":
		return name == "tr"
	case "tr":
		return name == "td" || name == "th"
	}
	switch {
	case name == "caption" || name == "col" || name == "colgroup" || name == "tbody" || name == "td" ||
		name == "tfoot" || name == "th" || name == "thead" || name == "tr":
		return false // ignored, or closing the open cell
	case f&(fClosesP|fHeading) != 0 || name == "hr" || name == "table" || name == "li":
		if r.pInButtonScope() {
			return false
		}
		if f&fHeading != 0 && r.topFlags()&fHeading != 0 {
			return false
		}
		if name == "li" {
			for i := len(r.open) - 1; i >= 0; i-- {
				d := r.open[i].name
				if d == "li" {
					return false
				}
				if r.open[i].flags&fSpecial != 0 && d != "p" {
					break
				}
			}
		}
	case f&fFormatting != 0:
		same := 0
		for i := len(r.open) - 1; i >= 0; i-- {
			d := r.open[i].name
			if d == "td" || d == "th" || d == "caption" {
				break // the list of active formatting elements has a marker here
			}
			if d == name {
				if name == "a" {
					return false
				}
				same++
			}
		}
		return same < 2
	case f&fDeclined != 0 || f&(fRawDropped|fSkipContent) != 0 && name != "iframe":
		return false
	}
	return true
}

// start follows a start tag the sanitizer wrote; f is flagsOf(name).
func (r *reparse) start(name string, f elemFlags) {
	if !r.ok {
		return
	}
	if !r.nests(name, f) {
		r.ok = false
		return
	}
	var kind frameKind
	switch {
	case len(r.open) > 0 && r.open[len(r.open)-1].kind == skipped || name == "iframe":
		kind = skipped // walkSegments never reads an iframe's text
	case f&fBlock != 0:
		r.breakInline()
		r.flush()
		kind = walked
	default:
		kind = inline
	}
	r.open = append(r.open, reparseFrame{name: name, flags: f, kind: kind, off: len(r.run)})
}

// void follows a void element (br, img, hr, col) the sanitizer wrote;
// f is flagsOf(name).
func (r *reparse) void(name string, f elemFlags) {
	if !r.ok {
		return
	}
	if r.tableTop() && !(name == "col" && r.top() == "colgroup") || !r.nests(name, f) {
		r.ok = false
		return
	}
	if len(r.open) > 0 && r.open[len(r.open)-1].kind == skipped {
		return
	}
	if name == "br" || f&fBlock != 0 {
		r.breakInline()
		r.flush()
	}
}

// end follows an end tag the sanitizer wrote. The parser closes exactly
// the current node when the names match: the checks in nests kept every
// open element where the parser would have it.
func (r *reparse) end(name string) {
	if !r.ok {
		return
	}
	if r.top() != name {
		r.ok = false
		return
	}
	f := r.open[len(r.open)-1]
	r.open = r.open[:len(r.open)-1]
	if f.kind == walked {
		r.flush()
	}
}

// text follows text the sanitizer wrote.
func (r *reparse) text(s string) {
	if !r.ok || s == "" {
		return
	}
	if r.tableTop() {
		if strings.Trim(s, tableSpace) != "" {
			r.ok = false // foster parenting
			return
		}
	}
	if len(r.open) > 0 && r.open[len(r.open)-1].kind == skipped {
		return
	}
	if len(r.run) > 0 {
		r.pieces = append(r.pieces, len(r.run))
	}
	r.run = append(r.run, s...)
}

// breakInline handles a break inside inline elements: walkSegments walks
// into every inline element that holds one, so each such element ends
// the paragraph before it, and its text so far starts a new one.
func (r *reparse) breakInline() {
	first := len(r.open)
	for first > 0 && r.open[first-1].kind == inline {
		first--
	}
	if first == len(r.open) {
		return
	}
	last := 0
	for i := first; i < len(r.open); i++ {
		r.emit(last, r.open[i].off)
		last = r.open[i].off
		r.open[i].kind = walked
	}
	r.keepFrom(last)
}

// flush ends the paragraph being read.
func (r *reparse) flush() {
	r.emit(0, len(r.run))
	r.run, r.pieces = r.run[:0], r.pieces[:0]
}

// keepFrom drops the run's text before from.
func (r *reparse) keepFrom(from int) {
	n := copy(r.run, r.run[from:])
	r.run = r.run[:n]
	kept := r.pieces[:0]
	for _, p := range r.pieces {
		if p > from {
			kept = append(kept, p-from)
		}
	}
	r.pieces = kept
}

// emit adds run[a:b] as a paragraph, on one line, when it has text.
func (r *reparse) emit(a, b int) {
	if a >= b {
		return
	}
	part := r.run[a:b]
	nfc := r.clean
	// Tight text has two spaces in a row only where two texts join.
	spaced := !r.tight
	for _, p := range r.pieces {
		if a < p && p < b {
			if nfc {
				c, _ := utf8.DecodeRune(r.run[p:])
				nfc = c < 0x300 || 0x1e00 <= c && c <= 0x1eff
			}
			spaced = spaced || r.run[p-1] == ' ' && r.run[p] == ' '
		}
	}
	if !nfc {
		t := oneLine(string(part))
		if t == "" {
			return
		}
		if len(r.out) > 0 {
			r.out = append(r.out, "\n\n"...)
		}
		r.out = append(r.out, t...)
		return
	}
	// collapseSpaces, written straight into out.
	for len(part) > 0 && part[0] == ' ' {
		part = part[1:]
	}
	for len(part) > 0 && part[len(part)-1] == ' ' {
		part = part[:len(part)-1]
	}
	if len(part) == 0 {
		return
	}
	if len(r.out) > 0 {
		r.out = append(r.out, "\n\n"...)
	}
	if !spaced {
		r.out = append(r.out, part...)
		return
	}
	for len(part) > 0 {
		k := bytes.Index(part, doubleSpace)
		if k < 0 {
			r.out = append(r.out, part...)
			break
		}
		r.out = append(r.out, part[:k+1]...)
		part = bytes.TrimLeft(part[k+1:], " ")
	}
}

var doubleSpace = []byte("  ")

// finish returns the text, or false when the tokens needed a repair.
func (r *reparse) finish() (string, bool) {
	if !r.ok {
		return "", false
	}
	r.flush()
	return string(r.out), true
}
