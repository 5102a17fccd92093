package fetch

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/mmcdole/gofeed"

	"bantin"
)

// xmlDecl matches an XML declaration; its encoding is rewritten once the
// text is UTF-8, or encoding/xml would decode it a second time.
var (
	xmlDecl      = regexp.MustCompile(`^<\?xml[ \t\r\n][^>]*?\?>`)
	declEncoding = regexp.MustCompile(`(\bencoding\s*=\s*)(?:"[^"]*"|'[^']*')`)
)

// errParserPanic marks a panic inside gofeed, turned into an error.
var errParserPanic = errors.New("parser panicked")

// maxPrologJunk is how far into the body a declaration is looked for when
// something (a PHP warning, say) was printed before it.
const maxPrologJunk = 1024

// Parse repairs the bytes of a feed and reads them as gofeed does. The repair
// decodes the charset (byte order mark, XML declaration, Content-Type
// charset; see decodeText) to NFC UTF-8, rewrites the declaration to say
// so, drops comments and DOCTYPE before the root (gofeed sniffs only the
// first 4 KB, and a DOCTYPE's entities are never expanded anyway), and
// fixes entities and forbidden characters (see repairXML). An empty body
// or an HTML page is ErrNotFeed; a feed gofeed cannot read is ErrParse.
// RSS 2.0 and Atom in the XML that portals write are read by fastParse,
// to the same feed gofeed would give at a fraction of its cost; anything
// else by gofeed itself.
func Parse(body []byte, contentType string) (feed *gofeed.Feed, err error) {
	defer func() {
		// gofeed is a third party reading hostile input: a panic there
		// must cost one source one fetch, not the daemon.
		if p := recover(); p != nil {
			feed, err = nil, &Error{Kind: bantin.ErrParse, Err: fmt.Errorf("parse feed: %w: %v", errParserPanic, p)}
		}
	}()
	doc, err := prepareDoc(body, contentType)
	if err != nil {
		return nil, err
	}
	if feed, ok := fastParse(doc); ok {
		return feed, nil
	}
	return gofeedParse(doc.join())
}

// gofeedParse reads a prepared document with gofeed: what fastParse gives
// for the documents it takes, and the reading of all others.
func gofeedParse(doc []byte) (*gofeed.Feed, error) {
	feed, err := newParser().Parse(bytes.NewReader(doc))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, notFeed("root element is not RSS, RDF or Atom")
	case err != nil:
		return nil, &Error{Kind: bantin.ErrParse, Err: fmt.Errorf("parse feed: %w", err)}
	}
	return feed, nil
}

// newParser is gofeed's universal parser without the scan of every RSS
// item's HTML for a first <img>: nothing downstream reads Item.Image,
// and the scan is a full HTML parse per item, a quarter of gofeed's time
// (BenchmarkParse against BenchmarkParseImageScan).
func newParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}

func notFeed(why string) error {
	return &Error{Kind: bantin.ErrNotFeed, Err: fmt.Errorf("not a feed: %s", why)}
}

// prepare turns the raw body into the UTF-8 document handed to gofeed.
// Parse reads the parts (prepareDoc) and joins them only for gofeed.
func prepare(body []byte, contentType string) ([]byte, error) {
	d, err := prepareDoc(body, contentType)
	if err != nil {
		return nil, err
	}
	return d.join(), nil
}

// document is what prepareDoc makes of a body, in parts: the XML
// declaration and the repaired text from the root element on, which is
// (in most feeds) a slice of the body itself, so nothing may write to it;
// or a JSON feed as it came.
type document struct {
	decl, root []byte
	json       []byte
}

// join is the document as one text: the declaration, a line break and
// the root element.
func (d document) join() []byte {
	if d.json != nil {
		return d.json
	}
	doc := make([]byte, 0, len(d.decl)+1+len(d.root))
	doc = append(doc, d.decl...)
	doc = append(doc, '\n')
	return append(doc, d.root...)
}

// prepareDoc decodes, trims and repairs a body (see Parse).
func prepareDoc(body []byte, contentType string) (document, error) {
	text, _, legal := decodeTextLegal(body, contentType)
	text = bytes.TrimLeft(text, " \t\r\n\uFEFF")
	switch {
	case len(text) == 0:
		return document{}, notFeed("empty body")
	case text[0] == '{':
		return document{json: text}, nil // JSON Feed: no XML repair applies
	case text[0] != '<':
		i := bytes.Index(text[:min(len(text), maxPrologJunk)], []byte("<?xml"))
		if i < 0 {
			return document{}, notFeed(fmt.Sprintf("starts with %q, neither XML nor JSON", firstChars(text)))
		}
		text = text[i:]
	}
	decl, rest := splitDecl(text)
	root, at := findRoot(rest)
	switch {
	case root == "":
		return document{}, notFeed("no root element")
	case strings.EqualFold(localName(root), "html"):
		return document{}, notFeed("an HTML page")
	case declaresEntity.Match(rest[:at]):
		// gofeed never expands them, so a billion-laughs document would
		// publish "&lol9;" as a title: refuse it like the attack it is.
		return document{}, &Error{Kind: bantin.ErrParse, Err: errors.New("parse feed: the DOCTYPE declares XML entities (an entity bomb?); feeds need none")}
	}
	// A text the decoder made is the repair's to write over; the body
	// is the caller's.
	owned := !sharesArray(text, body)
	return document{decl: decl, root: closeLastTag(repairText(rest[at:], legal, owned))}, nil
}

// declaresEntity finds an entity declaration in a DOCTYPE's internal subset.
var declaresEntity = regexp.MustCompile(`<!ENTITY\s`)

// unclosedEnd matches a document cut one byte short: "</rss" at the end.
var unclosedEnd = regexp.MustCompile(`</[A-Za-z_][\w.:-]*\s*$`)

// closeLastTag finishes a document whose last end tag lost its '>', as
// feeds written by a script that dies on its final line do; encoding/xml
// would otherwise throw the whole feed away. The fix is made on a copy:
// doc may be the caller's body.
func closeLastTag(doc []byte) []byte {
	end := len(bytes.TrimRight(doc, " \t\r\n\f"))
	if end == 0 || doc[end-1] == '>' {
		return doc // the usual ending, which the pattern cannot match
	}
	tail := doc[max(0, len(doc)-256):]
	if unclosedEnd.Match(tail) {
		kept := bytes.TrimRight(doc, " \t\r\n")
		fixed := make([]byte, 0, len(kept)+1)
		fixed = append(fixed, kept...)
		return append(fixed, '>')
	}
	return doc
}

// splitDecl returns the XML declaration with its encoding set to utf-8,
// and the text after it.
func splitDecl(text []byte) (decl, rest []byte) {
	loc := xmlDecl.FindIndex(text[:min(len(text), maxPrologJunk)])
	if loc == nil {
		// No declaration, or one without an end: UTF-8 is XML's default.
		if bytes.HasPrefix(text, []byte("<?xml")) {
			if end := bytes.Index(text, []byte(">")); end >= 0 {
				return []byte(`<?xml version="1.0" encoding="utf-8"?>`), text[end+1:]
			}
		}
		return []byte(`<?xml version="1.0" encoding="utf-8"?>`), text
	}
	d := declEncoding.ReplaceAll(text[loc[0]:loc[1]], []byte(`${1}"utf-8"`))
	return d, text[loc[1]:]
}

// findRoot skips whitespace, comments, processing instructions and a
// DOCTYPE, and returns the name of the first element and where its '<' is.
func findRoot(b []byte) (name string, at int) {
	for i := 0; i < len(b); {
		switch {
		case b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n':
			i++
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			i = skipPast(b, i+4, "-->")
		case bytes.HasPrefix(b[i:], []byte("<?")):
			i = skipPast(b, i+2, "?>")
		case bytes.HasPrefix(b[i:], []byte("<!")):
			i = skipDoctype(b, i+2)
		case b[i] == '<':
			n := 1
			for n+i < len(b) && isNameByte(b[i+n]) {
				n++
			}
			return string(b[i+1 : i+n]), i
		default:
			return "", 0 // text before the root: not XML we can read
		}
	}
	return "", 0
}

func skipPast(b []byte, from int, end string) int {
	if i := bytes.Index(b[from:], []byte(end)); i >= 0 {
		return from + i + len(end)
	}
	return len(b)
}

// skipDoctype skips to the '>' that closes a DOCTYPE, past an internal
// subset in brackets and quoted strings.
func skipDoctype(b []byte, from int) int {
	depth, quote := 0, byte(0)
	for i := from; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return len(b)
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

func localName(n string) string {
	if i := strings.LastIndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

func firstChars(b []byte) string {
	s := string(b[:min(len(b), 20)])
	return strings.ToValidUTF8(s, "")
}
