package publish

import "bytes"

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
	quoteRefs  = [][2][]byte{
		{[]byte("&#34;"), []byte("&quot;")},
		{[]byte("&#39;"), []byte("&apos;")},
	}
)

// namedQuotes rewrites the numeric references encoding/xml writes for
// quotes as the named ones. Both are valid XML, but fast-xml-parser (under
// several JavaScript feed readers) leaves &#34; undecoded, so a unit named
// with quotes reached their users as "&#34;". CDATA sections are copied
// as they are: their bytes are HTML, not XML escapes.
func namedQuotes(doc []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(doc) + len(doc)/64)
	for len(doc) > 0 {
		i := bytes.Index(doc, cdataOpen)
		if i < 0 {
			out.Write(replaceQuoteRefs(doc))
			break
		}
		out.Write(replaceQuoteRefs(doc[:i]))
		end := bytes.Index(doc[i:], cdataClose)
		if end < 0 {
			out.Write(doc[i:])
			break
		}
		end += i + len(cdataClose)
		out.Write(doc[i:end])
		doc = doc[end:]
	}
	return out.Bytes()
}

func replaceQuoteRefs(b []byte) []byte {
	for _, r := range quoteRefs {
		b = bytes.ReplaceAll(b, r[0], r[1])
	}
	return b
}
