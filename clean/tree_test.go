package clean

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// elements returns every element under root in document order.
func elements(root *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				out = append(out, c)
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// sameTree reports where two trees differ, or "" when they do not.
func sameTree(got, want *html.Node, path string) string {
	if got.Type != want.Type || got.Data != want.Data || got.DataAtom != want.DataAtom || got.Namespace != want.Namespace {
		return fmt.Sprintf("%s: got node %d %q (atom %v), want %d %q (atom %v)", path, got.Type, got.Data, got.DataAtom, want.Type, want.Data, want.DataAtom)
	}
	if len(got.Attr) != len(want.Attr) {
		return fmt.Sprintf("%s <%s>: got attributes %v, want %v", path, got.Data, got.Attr, want.Attr)
	}
	for i := range got.Attr {
		if got.Attr[i] != want.Attr[i] {
			return fmt.Sprintf("%s <%s>: got attributes %v, want %v", path, got.Data, got.Attr, want.Attr)
		}
	}
	g, w := got.FirstChild, want.FirstChild
	for i := 0; g != nil || w != nil; i++ {
		if g == nil || w == nil {
			return fmt.Sprintf("%s <%s>: child %d: got %v, want %v", path, got.Data, i, describeNode(g), describeNode(w))
		}
		if g.Parent != got {
			return fmt.Sprintf("%s <%s>: child %d has the wrong parent", path, got.Data, i)
		}
		if d := sameTree(g, w, fmt.Sprintf("%s/%s[%d]", path, got.Data, i)); d != "" {
			return d
		}
		g, w = g.NextSibling, w.NextSibling
	}
	return ""
}

func describeNode(n *html.Node) string {
	if n == nil {
		return "nothing"
	}
	return fmt.Sprintf("node %d %q", n.Type, n.Data)
}

// checkBuildTree holds buildTree to the parser (and prepare) on s, when
// it takes s at all. It reports whether it did.
func checkBuildTree(t *testing.T, s string) bool {
	t.Helper()
	took := false
	for _, prepared := range []bool{false, true} {
		got, ok := buildTree(s, prepared)
		if !ok {
			continue
		}
		took = true
		want := parseFragment(s)
		if prepared {
			prepare(want)
		}
		if d := sameTree(got, want, ""); d != "" {
			t.Errorf("buildTree(%q, prepared %v) differs from the parser: %s", s, prepared, d)
		}
	}
	return took
}

func TestBuildTreeCases(t *testing.T) {
	for _, s := range []string{
		"", "text only", "<p>a</p><p>b</p>", "<p>a<p>b", "<div><p>a</div>b", "<p>a<div>b</div>",
		"<P CLASS=x ID='y' data-a=\"1&amp;2\">A&nbsp;b</P>", "<br><br/></br><hr>", "<ul><li>a<li>b</ul>",
		"<table><tr><td>a</td><td>b</tr></table>", "<table> <tbody> <tr> <td>a</td> </tr> </tbody> </table>",
		"<table><col><tr><td>a</table>c", "<table><caption>x</caption><tr><th>h<td>d</table>",
		"<p><b>a</b> <i><u>b</u></i></p>", "<b>a<p>b</b>c", "<a href=x>a<a href=y>b", "<p><span>a<div>b",
		"<!-- c --><p>a<!--x-->b</p><?xml:namespace prefix = o ?><o:p></o:p>", "<!---->x<!-->y",
		"<script>if (a<b) x = '</p>'</script>y", "<style>p{}</style><noscript><p>x</p></noscript>",
		"<iframe src=\"https://www.youtube.com/embed/x\">no &amp; frames</iframe>", "<title>a &amp; b</title>c",
		"a < b & c > d", "<p>a</p>\r\n<p>b\rc</p>", "<img src=a.jpg alt=\"Ảnh  đẹp\"><img src=\"b\" title=\"&amp;#225;\">",
		"<a href=\"?a=1&copy=2\">x</a>", "<a href=\"?a=1&amp;b=2&#39;\">x</a>", "<h2>a<h3>b</h3>", "<h2>a</h3>",
		"<dl><dt>a<dd>b<dt>c</dl>", "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
		"<font face=Arial size=2 color=red>x</font>", "<b><b><b>x</b></b></b>", "<p>x</span>y", "<a href=x/>",
		"<div/>x", "<td>x", "<form><p>x</form>", "<svg><p>", "<p>a</p>\u00a0\u200b<p>b</p>", "x<input type=hidden>y",
		"<table><tr><td>a<b>b</td><td>c</table>", "<table>x</table>", "<li>a<div>b<li>c", "<p>a<li>b",
		"<em>a</em><strong>b<em>c</em></strong>", "<p style=\"text-align:center\"><img src=\"/a.jpg\" /></p>",
		"<!--a&amp;b\r\nc-->x", "<?xml:namespace prefix = o ns = \"urn:schemas-microsoft-com:office:office\" />y", "<!x>z",
		"<!---->-->a<!--->b<!--x--!>c", "<p>a</p>\n\t<p>b</p>", "<table>\n<tr><td>a</td></tr>\n</table>", "<a href=x TITLE=y href=z>q</a>",
	} {
		checkBuildTree(t, s)
	}
}

// FuzzBuildTree holds the fast tree to the parser's wherever buildTree
// takes the input.
func FuzzBuildTree(f *testing.F) {
	for _, s := range []string{"<p>a<b>b</b></p>", "<table><tr><td>x</table>", "<ul><li>a<li>b</ul>", "<div><p>a</div>",
		"<a href='x' title=\"y\">z</a>", "<!--x--><script>y</script>z", "<h2>a</h2><hr/><br>"} {
		f.Add(s)
	}
	// Real contents give the mutator markup to break in new ways.
	cases := readGolden(f)
	for i := 0; i < len(cases); i += 16 {
		for _, in := range cases[i].Items[:min(2, len(cases[i].Items))] {
			f.Add(in.Content)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkBuildTree(t, s)
	})
}

// The fast tree must take what portals send, or it saves nothing.
func TestBuildTreeTakesPortalMarkup(t *testing.T) {
	cases := readGolden(t)
	took, all := 0, 0
	for _, gc := range cases {
		// What portals send, not what tests make of it.
		if gc.Name == "random markup" || gc.Name == "fuzz seeds" || strings.HasPrefix(gc.Name, "mutated") ||
			strings.Contains(gc.Name, "feedparser-sanitize") {
			continue
		}
		for _, in := range gc.Items {
			for _, s := range []string{in.Content, in.Description} {
				if !strings.Contains(s, "<") {
					continue
				}
				all++
				if checkBuildTree(t, s) {
					took++
				}
			}
		}
	}
	t.Logf("buildTree took %d of %d contents", took, all)
	if took < all*9/10 {
		t.Errorf("buildTree took %d of %d contents", took, all)
	}
}
