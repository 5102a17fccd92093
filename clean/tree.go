package clean

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The HTML5 parser of x/net/html costs more than everything else clean
// does to an item, most of it for the rules that repair broken markup.
// Portals mostly send markup that needs none: paragraphs, spans, tables,
// closed in order. buildTree reads that markup in one pass over the
// string and builds the tree the parser would build, nodes and
// attributes in a few blocks, text shared with the input. Whatever needs
// a repair rule it does not model (a misnested tag, text loose in a
// table, a <form>, foreign content ...) makes it give up, and the caller
// runs the real parser: buildTree never guesses. FuzzBuildTree holds it
// to the parser's tree.

// maxFastDepth is below the depth at which x/net/html gives up on a
// document, so such input takes the parser's path and keeps its result.
const maxFastDepth = 500

// parseContent parses an item's content into b and prepares the tree
// for the filters (see prepare). clean reports that every text node is
// in NFC besides repaired, which spares segments a pass over the text.
func parseContent(s string, b *builder) (root *html.Node, clean bool) {
	b.reset(s, true)
	if b.run() {
		return b.root, b.nfc
	}
	b.sapoHint, b.tight = true, false // the parser's tree was not looked at
	root = parseFragment(s)
	prepare(root)
	return root, false
}

// parseHTML is parseFragment, fast for the markup buildTree reads.
func parseHTML(s string) *html.Node {
	if root, ok := buildTree(s, false); ok {
		return root
	}
	return parseFragment(s)
}

// buildTree parses s as parseFragment does, then with prepared as
// prepare leaves the tree. ok is false when s needs the real parser.
func buildTree(s string, prepared bool) (root *html.Node, ok bool) {
	b := new(builder)
	b.reset(s, prepared)
	if !b.run() {
		return nil, false
	}
	return b.root, true
}

// reset readies b to parse s, keeping the memory of its last use: a
// block of a little more than one node per '<', about what portal markup
// needs, and of one attribute per '='.
func (b *builder) reset(s string, prepared bool) {
	n := strings.Count(s, "<")
	if need := n + n/8 + 8; cap(b.slab) < need {
		b.slab = make([]html.Node, 0, need)
	}
	b.nodes = b.slab[:0]
	if need := strings.Count(s, "=") + 4; cap(b.attrs) < need {
		b.attrs = make([]html.Attribute, 0, need)
	}
	b.attrs = b.attrs[:0]
	b.s, b.i, b.prepared, b.nfc, b.sapoHint, b.tight = s, 0, prepared, true, false, true
	b.afe = b.afe[:0]
	b.droppedIn, b.droppedAfter = nil, nil
	b.root = b.node()
	b.root.Type, b.root.Data, b.root.DataAtom = html.ElementNode, "body", atom.Body
	b.stack = append(b.stack[:0], b.root)
}

// builder is the state of buildTree: the tokenizer's position, the
// parser's stack of open elements and list of active formatting
// elements (nil for a marker).
type builder struct {
	s        string
	i        int
	prepared bool
	root     *html.Node
	stack    []*html.Node
	afe      []*html.Node
	slab     []html.Node // the first block of nodes, kept by reset
	nodes    []html.Node // the block nodes come from
	attrs    []html.Attribute
	nfc      bool // every text node repaired so far was in NFC
	sapoHint bool // a class attribute may name a lead block (mayBeSapoClass)
	tight    bool // no text node holds two spaces in a row (see repairTextForm)

	// dropped* say where prepare removed a node last: text after it must
	// not join the text before it.
	droppedIn, droppedAfter *html.Node
}

// node returns a zeroed node from the current block. Blocks are never
// grown in place: nodes point at each other.
func (b *builder) node() *html.Node {
	if len(b.nodes) == cap(b.nodes) {
		b.nodes = make([]html.Node, 0, 32)
	}
	b.nodes = b.nodes[:len(b.nodes)+1]
	n := &b.nodes[len(b.nodes)-1]
	*n = html.Node{} // a block kept by reset holds the last tree
	return n
}

func (b *builder) top() *html.Node { return b.stack[len(b.stack)-1] }

// run reads every token. It returns false at the first thing it does not
// model.
func (b *builder) run() bool {
	s := b.s
	if strings.IndexByte(s, 0) >= 0 {
		return false // NUL has rules of its own in every state
	}
	for b.i < len(s) {
		if s[b.i] != '<' || b.i+1 == len(s) || !tagStart(s[b.i+1]) {
			if !b.text(b.readText()) {
				return false
			}
			continue
		}
		var ok bool
		switch c := s[b.i+1]; {
		case c == '/':
			ok = b.endTagToken()
		case c == '!' || c == '?':
			ok = b.markup()
		default:
			ok = b.startTagToken()
		}
		if !ok {
			return false
		}
	}
	return true
}

// tagStart reports a byte after '<' that starts a tag, comment or
// declaration rather than text.
func tagStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// readText reads text up to the next tag, decoded as the tokenizer does.
func (b *builder) readText() string {
	s, start := b.s, b.i
	j := start
	for {
		k := strings.IndexByte(s[j:], '<')
		if k < 0 {
			j = len(s)
			break
		}
		j += k
		if j+1 < len(s) && tagStart(s[j+1]) {
			break
		}
		j++
	}
	b.i = j
	return decodeText(s[start:j], false)
}

// decodeText turns raw text into what the tokenizer returns: CR LF and
// CR as LF, and unless raw, character references decoded.
func decodeText(t string, raw bool) string {
	if strings.IndexByte(t, '\r') >= 0 {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\r", "\n")
	}
	if !raw && strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return t
}

// markup reads a comment, a bogus comment or a declaration.
func (b *builder) markup() bool {
	s := b.s
	var data string
	switch {
	case strings.HasPrefix(s[b.i:], "<!--"):
		start := b.i + 4
		end, next, ok := commentEnd(s, start)
		if !ok {
			return false
		}
		data, b.i = s[start:end], next
	case b.i+2 < len(s) && (s[b.i+2] == 'd' || s[b.i+2] == 'D') && s[b.i+1] == '!':
		return false // a doctype, which the parser drops without a node
	default:
		start := b.i + 2
		if s[b.i+1] == '?' {
			start-- // the '?' is part of a bogus comment
		}
		k := strings.IndexByte(s[start:], '>')
		if k < 0 {
			return false
		}
		data, b.i = s[start:start+k], start+k+1
	}
	if b.prepared {
		b.drop()
		return true
	}
	n := b.node()
	n.Type, n.Data = html.CommentNode, decodeText(data, false)
	b.top().AppendChild(n)
	return true
}

// commentEnd finds the end of a comment whose text starts at start, as
// the tokenizer's readComment does: "-->", "--!>", or "<!-->" and
// "<!--->" closing at once. It returns the end of the text and the
// position after the comment.
func commentEnd(s string, start int) (end, next int, ok bool) {
	dashes, beginning := 0, true
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return max(start, i-2), i + 1, true
			}
		case '!':
			if dashes >= 2 {
				if i+1 >= len(s) {
					return 0, 0, false
				}
				i++
				if s[i] == '>' {
					return i - 3, i + 1, true
				}
				if s[i] == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return 0, 0, false
}

// tag is a start or end tag as read.
type tag struct {
	name        string
	atom        atom.Atom
	attr        []html.Attribute
	selfClosing bool
}

// flags is flagsOf(t.name), by its atom when it has one.
func (t tag) flags() elemFlags {
	if t.atom != 0 {
		return atomFlags(t.atom) // t.name is t.atom.String()
	}
	return flagsOf(t.name)
}

// readTag reads a tag whose name starts at b.i. Attributes are kept
// only when keep (end tags drop theirs).
func (b *builder) readTag(keep bool) (t tag, ok bool) {
	s := b.s
	i := b.i
	start := i
	for i < len(s) && !isTagSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		if !nameByte(s[i]) {
			return t, false
		}
		i++
	}
	t.name = lowerName(s[start:i])
	t.atom = atom.Lookup([]byte(t.name))
	if t.atom != 0 {
		t.name = t.atom.String()
	}
	var first int
	if keep {
		first = len(b.attrs)
	}
	for {
		i = skipTagSpace(s, i)
		if i >= len(s) {
			return t, false
		}
		switch s[i] {
		case '>':
			b.i = i + 1
			if keep {
				t.attr = b.attrs[first:len(b.attrs):len(b.attrs)]
			}
			return t, true
		case '/':
			if i+1 >= len(s) || s[i+1] != '>' {
				return t, false
			}
			t.selfClosing = true
			i++
			continue
		}
		var key, val string
		key, val, i, ok = readAttr(s, i)
		if !ok {
			return t, false
		}
		if keep && key == "class" && !b.sapoHint {
			b.sapoHint = mayBeSapoClass(val)
		}
		if keep && !hasAttr(b.attrs[first:], key) {
			if len(b.attrs) == cap(b.attrs) {
				// Attributes already handed out keep their block.
				grown := make([]html.Attribute, len(b.attrs)-first, max(16, 2*(len(b.attrs)-first)+4))
				copy(grown, b.attrs[first:])
				b.attrs, first = grown, 0
			}
			b.attrs = append(b.attrs, html.Attribute{Key: key, Val: val})
		}
	}
}

// readAttr reads one attribute at i: a name, and a value quoted, bare
// or absent.
func readAttr(s string, i int) (key, val string, next int, ok bool) {
	start := i
	for i < len(s) && !isTagSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=' {
		if !nameByte(s[i]) {
			return "", "", 0, false
		}
		i++
	}
	if i == start {
		return "", "", 0, false
	}
	key = lowerName(s[start:i])
	j := skipTagSpace(s, i)
	if j >= len(s) || s[j] != '=' {
		return key, "", i, true
	}
	j = skipTagSpace(s, j+1)
	if j >= len(s) {
		return "", "", 0, false
	}
	switch q := s[j]; q {
	case '"', '\'':
		k := strings.IndexByte(s[j+1:], q)
		if k < 0 {
			return "", "", 0, false
		}
		raw := s[j+1 : j+1+k]
		val, ok = attrValue(raw)
		return key, val, j + k + 2, ok
	case '>':
		return "", "", 0, false
	default:
		k := j
		for k < len(s) && !isTagSpace(s[k]) && s[k] != '>' {
			switch s[k] {
			case '"', '\'', '<', '=', '`':
				return "", "", 0, false
			}
			k++
		}
		if k < len(s) && s[k] == '>' && s[k-1] == '/' {
			// "<a href=x/>": the tokenizer keeps the slash in the value
			// and the tag open; rare enough to leave to it.
			return "", "", 0, false
		}
		val, ok = attrValue(s[j:k])
		return key, val, k, ok
	}
}

// attrValue decodes an attribute value as the tokenizer does. It gives
// up where an attribute decodes a reference differently from text (a
// legacy name without ';', as in "?a=1&copy=2"), so decoding as text is
// exact for what it accepts.
func attrValue(raw string) (string, bool) {
	if strings.IndexByte(raw, '\r') >= 0 {
		raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n")
	}
	amp := strings.IndexByte(raw, '&')
	if amp < 0 {
		return raw, true
	}
	for rest := raw[amp:]; ; {
		if !safeReference(rest[1:]) {
			return "", false
		}
		k := strings.IndexByte(rest[1:], '&')
		if k < 0 {
			break
		}
		rest = rest[1+k:]
	}
	return html.UnescapeString(raw), true
}

// safeReference reports whether what follows an '&' in an attribute
// decodes the same in text: a numeric reference, one of the common named
// ones with its ';', or a name no legacy entity begins.
func safeReference(s string) bool {
	if s == "" || s[0] == '#' {
		return true
	}
	n := 0
	for n < len(s) && isAlnum(s[n]) {
		n++
	}
	if n == 0 {
		return true
	}
	if n < len(s) && s[n] == ';' {
		switch s[:n] {
		case "amp", "lt", "gt", "quot", "apos", "nbsp", "#39":
			return true
		}
	}
	for j := 2; j <= n; j++ {
		if legacyEntities[s[:j]] {
			return false
		}
	}
	return true
}

// legacyEntities are the named references a browser decodes without a
// final ';'. Only they decode differently in an attribute.
var legacyEntities = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH
		Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde
		Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring
		atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12
		frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde
		oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1
		sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml`) {
		m[n] = true
	}
	return m
}()

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// nameByte is what buildTree accepts in tag and attribute names; the
// tokenizer accepts more, which buildTree leaves to it.
func nameByte(c byte) bool {
	return isAlnum(c) || c == '-' || c == '_' || c == ':' || c == '.'
}

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

func skipTagSpace(s string, i int) int {
	for i < len(s) && isTagSpace(s[i]) {
		i++
	}
	return i
}

// lowerName lower-cases an ASCII name, without a copy when it is already.
func lowerName(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func hasAttr(attrs []html.Attribute, key string) bool {
	for _, a := range attrs {
		if a.Key == key {
			return true
		}
	}
	return false
}

func (b *builder) startTagToken() bool {
	b.i++
	t, ok := b.readTag(true)
	if !ok {
		return false
	}
	return b.startTag(t)
}

func (b *builder) endTagToken() bool {
	s := b.s
	if b.i+2 >= len(s) {
		return false
	}
	c := s[b.i+2]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false // "</>" and bogus comments
	}
	b.i += 2
	t, ok := b.readTag(false)
	if !ok {
		return false
	}
	return b.endTag(t)
}

// Insertion modes, as far as buildTree tells them apart.
type insertionMode uint8

const (
	inBody insertionMode = iota
	inTable
	inTableBody
	inRow
	inCell
	inCaption
	inColumnGroup
)

// mode is the parser's insertion mode, which for the markup buildTree
// accepts follows from the stack of open elements.
func (b *builder) mode() insertionMode {
	switch b.top().Data {
	case "table":
		return inTable
	case "tbody", "thead", "tfoot":
		return inTableBody
	case "tr":
		return inRow
	case "colgroup":
		return inColumnGroup
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		switch b.stack[i].Data {
		case "td", "th":
			return inCell
		case "caption":
			return inCaption
		case "table":
			return inTable
		}
	}
	return inBody
}

// text inserts a text token.
func (b *builder) text(t string) bool {
	if t == "" {
		return true
	}
	switch b.mode() {
	case inTable, inTableBody, inRow:
		if strings.Trim(t, tableSpace) != "" {
			return false // foster parenting
		}
	case inColumnGroup:
		if strings.Trim(t, tableSpace) != "" {
			return false
		}
	}
	return b.addText(t)
}

const tableSpace = " \t\r\n\f"

func (b *builder) addText(t string) bool {
	parent := b.top()
	if last := parent.LastChild; last != nil && last.Type == html.TextNode &&
		!(b.droppedIn == parent && b.droppedAfter == last) {
		return false // the parser would join them: not a case worth modelling
	}
	if b.prepared {
		var nfc, tight bool
		t, nfc, tight = repairTextForm(t)
		b.nfc, b.tight = b.nfc && nfc, b.tight && tight
	} else {
		b.tight = false
	}
	n := b.node()
	n.Type, n.Data = html.TextNode, t
	parent.AppendChild(n)
	return true
}

// drop records that prepare would remove a node inserted here now.
func (b *builder) drop() {
	b.droppedIn = b.top()
	b.droppedAfter = b.droppedIn.LastChild
}

// insert adds an element for t under the current node and, unless void,
// opens it.
func (b *builder) insert(t tag, void bool) *html.Node {
	n := b.node()
	n.Type, n.Data, n.DataAtom, n.Attr = html.ElementNode, t.name, t.atom, t.attr
	if b.prepared {
		for i, a := range n.Attr {
			if a.Key == "alt" || a.Key == "title" {
				n.Attr[i].Val = oneLine(decodeEntities(a.Val))
			}
		}
	}
	b.top().AppendChild(n)
	if !void {
		b.stack = append(b.stack, n)
	}
	return n
}

// implied inserts an element the markup left out (tbody, tr, colgroup).
func (b *builder) implied(name string) {
	a := atom.Lookup([]byte(name))
	b.insert(tag{name: a.String(), atom: a}, false)
}

// Element sets of the parser's "in body" rules.
var (
	closesP = setOf(`address article aside blockquote center details dialog dir div dl fieldset
		figcaption figure footer header hgroup main menu nav ol p search section summary ul`)
	headings   = setOf(`h1 h2 h3 h4 h5 h6`)
	formatting = setOf(`a b big code em font i s small strike strong tt u`)
	// voids the parser inserts and closes at once, none of them special
	// to prepare.
	voidInBody = setOf(`area br img wbr param source track`)
	// droppedVoid are voids prepare removes.
	droppedVoid = setOf(`embed input link meta base`)
	// rawDropped hold raw text and are removed by prepare; iframe, whose
	// content is raw text too, stays.
	rawDropped = setOf(`script style noscript noframes title`)
	// declined are elements whose rules buildTree does not model.
	declined = setOf(`html body head frameset frame form pre listing plaintext button nobr applet
		marquee object image textarea xmp noembed select option optgroup rb rtc rp rt math svg
		template basefont bgsound keygen isindex menuitem canvas map caption col colgroup tbody td tfoot th
		thead tr`)
	// blockEnds are the end tags the parser closes with "generate implied
	// end tags" and a pop to the element.
	blockEnds = setOf(`address article aside blockquote center details dialog dir div dl fieldset
		figcaption figure footer header hgroup main menu nav ol search section summary ul`)
	special = setOf(`address applet area article aside base basefont bgsound blockquote body br
		button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure
		footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input
		keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param
		plaintext pre script section select source style summary table tbody td template textarea
		tfoot th thead title tr track ul wbr xmp`)
)

func setOf(names string) map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(names) {
		m[n] = true
	}
	return m
}

func (b *builder) startTag(t tag) bool {
	if t.selfClosing && (t.flags()&fRawDropped != 0 || t.name == "iframe") {
		return false
	}
	switch b.mode() {
	case inTable, inTableBody, inRow, inColumnGroup:
		return b.startInTable(t)
	case inCell:
		switch t.name {
		case "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr":
			if !b.closeCell() {
				return false
			}
			return b.startTag(t)
		}
	case inCaption:
		switch t.name {
		case "caption", "col", "colgroup", "tbody", "td", "tfoot", "thead", "tr", "th":
			return false
		}
	}
	return b.startInBody(t)
}

func (b *builder) startInBody(t tag) bool {
	if len(b.stack) > maxFastDepth {
		return false
	}
	name := t.name
	f := t.flags()
	switch {
	case f&fDeclined != 0:
		return false
	case f&fRawDropped != 0:
		return b.rawElement(t)
	case name == "iframe":
		return b.rawElement(t)
	case f&fDroppedVoid != 0:
		if b.prepared {
			b.drop()
			return true
		}
		b.insert(t, true)
	case f&fClosesP != 0:
		if !b.closeP() {
			return false
		}
		b.insert(t, false)
	case f&fHeading != 0:
		if !b.closeP() {
			return false
		}
		if isNode(b.top(), fHeading) {
			return false
		}
		b.insert(t, false)
	case name == "li" || name == "dd" || name == "dt":
		if !b.closeListItem(name) || !b.closeP() {
			return false
		}
		b.insert(t, false)
	case name == "table":
		if !b.closeP() {
			return false
		}
		b.insert(t, false)
	case name == "hr":
		if !b.closeP() {
			return false
		}
		b.insert(t, true)
	case f&fVoidInBody != 0:
		b.insert(t, true)
	case f&fFormatting != 0:
		same := 0
		for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
			if b.afe[i].Data == name {
				if name == "a" {
					return false // the adoption agency closes the open link
				}
				same++
			}
		}
		if same >= 2 {
			return false // the Noah's Ark clause
		}
		// The parser sorts a formatting element's attributes, to compare
		// them with its open kin.
		slices.SortFunc(t.attr, func(x, y html.Attribute) int { return strings.Compare(x.Key, y.Key) })
		b.afe = append(b.afe, b.insert(t, false))
	default:
		b.insert(t, false)
	}
	return true
}

// rawElement reads an element whose content is text up to its end tag:
// script, style, title, iframe and the like.
func (b *builder) rawElement(t tag) bool {
	s := b.s
	start := b.i
	end := start
	for {
		k := strings.Index(s[end:], "</")
		if k < 0 {
			return false
		}
		end += k
		j := end + 2 + len(t.name)
		if j < len(s) && asciiEqualFold(s[end+2:j], t.name) && (isTagSpace(s[j]) || s[j] == '/' || s[j] == '>') {
			break
		}
		end += 2
	}
	content := s[start:end]
	if t.name == "script" && strings.Contains(content, "<!-") {
		return false // the escaped states of script data
	}
	b.i = end + 2
	if _, ok := b.readTag(false); !ok {
		return false
	}
	if b.prepared && t.name != "iframe" {
		b.drop()
		return true
	}
	n := b.insert(t, false)
	if content != "" {
		txt := b.node()
		txt.Type = html.TextNode
		txt.Data = decodeText(content, t.name != "title")
		if b.prepared {
			txt.Data = repairText(txt.Data)
		}
		b.tight = b.tight && !strings.Contains(txt.Data, "  ")
		n.AppendChild(txt)
	}
	b.stack = b.stack[:len(b.stack)-1]
	return true
}

// asciiEqualFold compares s with a lower-case ASCII name, as the
// tokenizer looks for the end of raw text.
func asciiEqualFold(s, name string) bool {
	for i := 0; i < len(name); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// inScope returns the index of the nearest open element named name that
// is in the parser's scope kind (default, button, list or table), or -1.
func (b *builder) inScope(name string, kind string) int {
	for i := len(b.stack) - 1; i > 0; i-- {
		d := b.stack[i].Data
		if d == name {
			return i
		}
		switch d {
		case "table":
			return -1
		case "td", "th", "caption":
			if kind != "table" {
				return -1
			}
		case "ol", "ul":
			if kind == "list" {
				return -1
			}
		}
	}
	return -1
}

// popTo closes the open elements from index i up. An active formatting
// element closed on the way would be reopened by the parser later: that
// is not modelled.
func (b *builder) popTo(i int) bool {
	for _, n := range b.stack[i:] {
		if b.active(n) >= 0 {
			return false
		}
	}
	b.stack = b.stack[:i]
	return true
}

func (b *builder) active(n *html.Node) int {
	for i := len(b.afe) - 1; i >= 0; i-- {
		if b.afe[i] == n {
			return i
		}
	}
	return -1
}

// closeP closes an open <p> in button scope, as block start tags do.
func (b *builder) closeP() bool {
	if i := b.inScope("p", "button"); i >= 0 {
		return b.popTo(i)
	}
	return true
}

// closeListItem is the loop of the li, dd and dt start tags: an open
// item of the same kind, not behind another block, is closed.
func (b *builder) closeListItem(name string) bool {
	for i := len(b.stack) - 1; i > 0; i-- {
		d := b.stack[i].Data
		if d == name || name != "li" && (d == "dd" || d == "dt") {
			return b.popTo(i)
		}
		if isNode(b.stack[i], fSpecial) && d != "address" && d != "div" && d != "p" {
			return true
		}
	}
	return true
}

// closeCell closes the open cell, as a new cell, row or the table's end
// does. The cell's formatting elements go with its marker.
func (b *builder) closeCell() bool {
	for i := len(b.stack) - 1; i > 0; i-- {
		switch b.stack[i].Data {
		case "td", "th":
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table":
			return false
		}
	}
	return false
}

func (b *builder) clearToMarker() {
	for len(b.afe) > 0 {
		n := b.afe[len(b.afe)-1]
		b.afe = b.afe[:len(b.afe)-1]
		if n == nil {
			return
		}
	}
}

// startInTable follows the table modes for the tags of a well-formed
// table; anything the parser would foster-parent is declined.
func (b *builder) startInTable(t tag) bool {
	top := b.top().Data
	if top == "colgroup" {
		if t.name == "col" {
			b.insert(t, true)
			return true
		}
		b.stack = b.stack[:len(b.stack)-1]
		return b.startTag(t)
	}
	if t.name == "style" || t.name == "script" {
		return b.rawElement(t) // style and script keep their place in a table
	}
	switch top {
	case "tr":
		switch t.name {
		case "td", "th":
			b.insert(t, false)
			b.afe = append(b.afe, nil)
			return true
		case "caption", "col", "colgroup", "tbody", "tfoot", "thead", "tr":
			b.stack = b.stack[:len(b.stack)-1]
			return b.startTag(t)
		}
	case "tbody", "thead", "tfoot":
		switch t.name {
		case "tr":
			b.insert(t, false)
			return true
		case "td", "th":
			b.implied("tr")
			return b.startTag(t)
		case "caption", "col", "colgroup", "tbody", "tfoot", "thead":
			b.stack = b.stack[:len(b.stack)-1]
			return b.startTag(t)
		}
	case "table":
		switch t.name {
		case "caption":
			b.afe = append(b.afe, nil)
			b.insert(t, false)
			return true
		case "colgroup", "tbody", "tfoot", "thead":
			b.insert(t, false)
			return true
		case "col":
			b.implied("colgroup")
			return b.startTag(t)
		case "td", "th", "tr":
			b.implied("tbody")
			return b.startTag(t)
		}
	}
	return false
}

func (b *builder) endTag(t tag) bool {
	switch b.mode() {
	case inColumnGroup:
		if t.name == "colgroup" {
			b.stack = b.stack[:len(b.stack)-1]
			return true
		}
		if t.name == "col" {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return b.endTag(t)
	case inTable, inTableBody, inRow:
		return b.endInTable(t)
	case inCell:
		switch t.name {
		case "td", "th":
			i := b.inScope(t.name, "table")
			if i < 0 {
				return false
			}
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table", "tbody", "tfoot", "thead", "tr":
			if b.inScope(t.name, "table") < 0 || !b.closeCell() {
				return false
			}
			return b.endTag(t)
		case "body", "caption", "col", "colgroup", "html":
			return false
		}
	case inCaption:
		switch t.name {
		case "caption":
			i := b.inScope("caption", "table")
			if i < 0 {
				return false
			}
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table", "body", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr":
			return false
		}
	}
	return b.endInBody(t)
}

func (b *builder) endInTable(t tag) bool {
	top := b.top().Data
	switch t.name {
	case "table":
		if top != "table" {
			b.stack = b.stack[:len(b.stack)-1] // tr, then tbody: the parser closes them first
			return b.endTag(t)
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	case "tr":
		if top != "tr" {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	case "tbody", "thead", "tfoot":
		if top == "tr" && b.inScope(t.name, "table") >= 0 {
			b.stack = b.stack[:len(b.stack)-1]
			return b.endTag(t)
		}
		if top != t.name {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	}
	return false
}

func (b *builder) endInBody(t tag) bool {
	name := t.name
	f := t.flags()
	switch {
	case name == "br":
		t.attr = nil
		return b.startTag(t)
	case name == "p":
		i := b.inScope("p", "button")
		return i >= 0 && b.popTo(i)
	case name == "li":
		i := b.inScope("li", "list")
		return i >= 0 && b.popTo(i)
	case name == "dd" || name == "dt":
		i := b.inScope(name, "default")
		return i >= 0 && b.popTo(i)
	case f&fHeading != 0:
		for i := len(b.stack) - 1; i > 0; i-- {
			d := b.stack[i].Data
			if isNode(b.stack[i], fHeading) {
				return b.popTo(i)
			}
			if d == "table" || d == "td" || d == "th" || d == "caption" {
				return false
			}
		}
		return false
	case f&fBlockEnd != 0:
		i := b.inScope(name, "default")
		return i >= 0 && b.popTo(i)
	case f&fFormatting != 0:
		return b.endFormatting(name)
	case f&fDeclined != 0 || name == "body" || name == "html":
		return false
	}
	// "Any other end tag": the nearest open element of that name, unless
	// a special element comes first.
	for i := len(b.stack) - 1; i > 0; i-- {
		n := b.stack[i]
		if n.Data == name {
			return b.popTo(i)
		}
		if isNode(n, fSpecial) {
			return false
		}
	}
	return false
}

// endFormatting is the adoption agency for the case without a furthest
// block: the element and whatever is open inside it close.
func (b *builder) endFormatting(name string) bool {
	top := b.top()
	if top.Data == name && b.active(top) < 0 {
		b.stack = b.stack[:len(b.stack)-1]
		return true
	}
	var fe *html.Node
	k := -1
	for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
		if b.afe[i].Data == name {
			fe, k = b.afe[i], i
			break
		}
	}
	if fe == nil {
		return false
	}
	at := -1
	for i := len(b.stack) - 1; i > 0; i-- {
		n := b.stack[i]
		if n == fe {
			at = i
			break
		}
		if isNode(n, fSpecial) {
			return false // a furthest block, or fe out of scope
		}
	}
	if at < 0 {
		return false
	}
	b.afe = slices.Delete(b.afe, k, k+1)
	return b.popTo(at)
}
