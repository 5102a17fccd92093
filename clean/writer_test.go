package clean

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// checkSanitizeTree holds the one-walk writer to bluemonday on the tree
// of s, as parsed and prepared, and again after the links are
// rewritten, whenever the writer takes the tree.
func checkSanitizeTree(t *testing.T, s string) {
	t.Helper()
	policy := newPolicy()
	base, _ := url.Parse("https://phuly.hanam.gov.vn/tin/a.html")
	for i := range 3 {
		var root *html.Node
		clean := false
		if i < 2 {
			root = parseFragment(s)
			prepare(root)
		} else {
			root, clean = parseContent(s, new(builder)) // the fast tree, and its clean text
		}
		rewrite := i > 0
		if rewrite {
			removeEmpty(root)
			normalizeBlocks(root)
			rewriteLinks(root, base)
		}
		got, text, ok := sanitizeTree(root, len(s), clean)
		if !ok {
			continue
		}
		want := strings.TrimSpace(policy.Sanitize(renderChildren(root)))
		if got != want {
			t.Errorf("sanitizeTree(%q) =\n  %q\nbluemonday:\n  %q", s, got, want)
		}
		if wantText := PlainText(want); text != wantText {
			t.Errorf("sanitizeTree(%q) text =\n  %q\nPlainText:\n  %q", s, text, wantText)
		}
		if rewrite {
			assertSafe(t, got) // links are only safe once rewritten
		}
	}
}

func TestSanitizeTreeCases(t *testing.T) {
	for _, s := range []string{
		`<p onclick="x()" style="color:red">Bấm</p>`, `<a href="https://a.vn/x?a=1&amp;b=2">x</a><a href="/rel">y</a><a>z</a>`,
		`<a href="javascript:alert(1)" title="t">x</a>`, `<a title="a<b">x</a>`, `<img src="/a.jpg" alt="ảnh" width=600 height="50%" onerror=x>`,
		`<img src="data:image/png;base64,iVBORw0KGgo=">`, `<img src="data:image/svg+xml;base64,PHN2Zz4=">`, `<img alt=x>`,
		`<iframe src="https://www.youtube.com/embed/x" allowfullscreen sandbox="allow-forms allow-scripts allow-scripts">t&amp;</iframe>`,
		`<iframe src="https://evil.com/"></iframe>`, `<table border=1><tr><td colspan=2 rowspan=x>a</td></tr></table>`,
		`<nostyle><p>hidden</p></nostyle>after`, `<frame><p>x`, `<a href="mailto:a@b.vn">m</a><a href="tel:+84 1">t</a>`,
		`<p>'quotes' & "double" <b>x</b></p>`, `<h1>t</h1><div><p>a</p>b</div><span>c</span><font color=red>d</font>`,
		`<a href="https://a.vn/ x">sp</a>`, `<a href="HTTPS://A.VN/%7Ex">u</a>`, `<img src="https://a.vn/a b.jpg">`,
		`<iframe src="//vtv.vn/embed/1"></iframe>`, `<iframe src="https://www.youtube.com/embed/x">&lt;/iframe&gt;&lt;script&gt;alert(1)&lt;/script&gt;</iframe>`,
	} {
		checkSanitizeTree(t, s)
	}
}

// FuzzSanitizeTree holds the writer to bluemonday, and its output to the
// allow-list, on whatever tree the fuzzer makes.
func FuzzSanitizeTree(f *testing.F) {
	for _, s := range []string{`<p onclick=x>a</p>`, `<a href="/x" title=y>z</a>`, `<img src=x.jpg alt="a">`,
		`<iframe src="https://www.youtube.com/embed/x"></iframe>`, `<table><tr><td colspan=2>x</table>`, `<object><p>x</object>`} {
		f.Add(s)
	}
	cases := readGolden(f)
	for i := 0; i < len(cases); i += 16 {
		for _, in := range cases[i].Items[:min(2, len(cases[i].Items))] {
			f.Add(in.Content)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSanitizeTree(t, s)
	})
}

// The writer carries its own copy of newPolicy's allow-list; every
// element with every attribute the policy or a portal may use must come
// out of it as bluemonday writes it.
func TestWriterFollowsPolicy(t *testing.T) {
	elements := strings.Fields(`a abbr address area article aside audio b bdi blockquote body br button canvas caption center
		cite code col colgroup dd del details dfn div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5
		h6 header hr i iframe img input ins kbd label legend li main map mark nav noscript nostyle object ol p picture pre q
		s samp section small source span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul video wbr o:p`)
	attrs := []string{`href="https://a.vn/x"`, `href="/x"`, `href="mailto:a@b.vn"`, `href="javascript:x()"`, `src="https://www.youtube.com/embed/x"`,
		`src="/a.jpg"`, `src="data:image/png;base64,iVBORw0KGgo="`, `title="t"`, `title="a<b"`, `alt="ảnh"`, `width="600"`, `height="50%"`,
		`width="x"`, `colspan="2"`, `rowspan="1000"`, `sandbox="allow-scripts allow-forms"`, `allowfullscreen`, `frameborder="0"`,
		`style="color:red"`, `class="x"`, `onclick="x()"`, `rel="opener"`, `target="_self"`, `data-src="/b.jpg"`}
	for _, e := range elements {
		checkSanitizeTree(t, "<"+e+">x</"+e+">")
		for _, a := range attrs {
			checkSanitizeTree(t, "<"+e+" "+a+">x</"+e+">")
			checkSanitizeTree(t, "<table><tr><td><"+e+" "+a+" "+attrs[len(a)%len(attrs)]+">x</"+e+"></td></tr></table>")
		}
	}
}
