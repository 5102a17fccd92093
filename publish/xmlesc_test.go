package publish

import (
	"encoding/xml"
	"testing"
)

func TestNamedQuotes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"attribute", `<category term="Sở &#34;A&#34; &amp; B"></category>`, `<category term="Sở &quot;A&quot; &amp; B"></category>`},
		{"text", `<title>It&#39;s &#34;x&#34;</title>`, `<title>It&apos;s &quot;x&quot;</title>`},
		{"cdata kept byte for byte", `<c><![CDATA[<img alt="&#34;">]]></c><t>&#34;</t>`, `<c><![CDATA[<img alt="&#34;">]]></c><t>&quot;</t>`},
		{"escaped reference text stays text", `<t>&amp;#34;</t>`, `<t>&amp;#34;</t>`},
		{"unterminated cdata", `<c><![CDATA[&#34;`, `<c><![CDATA[&#34;`},
	}
	for _, tc := range tests {
		got := string(namedQuotes([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// The rewrite never changes what an XML parser reads.
	var before, after struct {
		Term string `xml:"term,attr"`
		Text string `xml:",chardata"`
	}
	doc := []byte(`<c term="a &#34;b&#34; c&#39;d">&#34;x&#39;</c>`)
	if err := xml.Unmarshal(doc, &before); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(namedQuotes(doc), &after); err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("parsed %+v before, %+v after", before, after)
	}
}
