package fetch

// decodeTextLegal as it was before it knew the legality of the UTF-8 it
// composes and of Windows-1258: TestPrepareMatchesBefore and
// FuzzPrepareMatchesBefore hold the new one to it, through repair, which
// is where the legality is used. A change meant to alter what repair
// makes of a body shows up there first: delete this file and those two
// tests in that commit.

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func decodeTextLegalBefore(body []byte, contentType string) (text []byte, name string, legal bool) {
	if enc, name, skip := sniffUnicode(body); name != "" {
		if enc == nil {
			if s := scanText(body[skip:]); s.valid && s.plainNFC {
				return body[skip:], name, s.legal
			}
			return toNFC(validUTF8(body[skip:])), name, false
		}
		out, err := enc.NewDecoder().Bytes(body[skip:])
		if err != nil {
			return toNFC(validUTF8(body[skip:])), "utf-8", false
		}
		return toNFC(bytes.TrimPrefix(out, []byte("\uFEFF"))), name, false
	}
	labels := []string{declaredInProlog(body), charsetParam(contentType)}
	s := scanText(body)
	if s.ascii {
		for _, l := range labels {
			if strings.HasPrefix(l, "iso-2022-") {
				if out, name, ok := decodeWith(l, body); ok {
					return out, name, false
				}
			}
		}
		return body, "utf-8", s.legal
	}
	if s.valid {
		if s.plainNFC {
			return body, "utf-8", s.legal
		}
		return composeNFC(body), "utf-8", false
	}
	for _, l := range labels {
		if out, name, ok := decodeWith(l, body); ok {
			return out, name, false
		}
	}
	return toNFC(validUTF8(body)), "utf-8", false
}

// checkPrepareBefore checks that body decodes to the same text as before,
// that the text is as legal as decodeTextLegal says, and that the repair
// gives the same document.
func checkPrepareBefore(t *testing.T, body []byte, contentType string) {
	t.Helper()
	text, name, legal := decodeTextLegal(body, contentType)
	wantText, wantName, wantLegal := decodeTextLegalBefore(body, contentType)
	if !bytes.Equal(text, wantText) || name != wantName {
		t.Fatalf("%.80q as %q: %.80q in %s, before %.80q in %s", body, contentType, text, name, wantText, wantName)
	}
	if s := scanText(text); legal && !(s.valid && s.legal) {
		t.Fatalf("%.80q as %q: taken for legal, but valid %v legal %v", body, contentType, s.valid, s.legal)
	}
	if wantLegal && !legal {
		t.Errorf("%.80q as %q: legal before, not now", body, contentType)
	}
	want := repair(wantText, wantLegal)
	if got := repair(text, legal); !bytes.Equal(got, want) {
		t.Fatalf("%.80q as %q: repaired to %.200q, before %.200q", body, contentType, got, want)
	}
	if got := repairText(bytes.Clone(text), legal, true); !bytes.Equal(got, want) {
		t.Fatalf("%.80q as %q: repaired in place to %.200q, before %.200q", body, contentType, got, want)
	}
}

// repairInPlaceInputs make the in-place repair shrink, grow early (and
// go on in a copy), grow late and drop references for a second round.
var repairInPlaceInputs = []string{
	"", "&", "a & b", "&amp;#225; & x", "x &amp;#7911; &amp;#7911; & & & & &", "& &amp;#225;",
	"<t>Ph&amp;#7911; L&amp;#253;</t><d>a &amp; b & c</d>", "&amp;&#0;#225; &", "&\x00#225; &amp;lt;",
	"<![CDATA[&amp;#225; &]]> & <!-- & --> &amp;aacute;", "&#1;&#1;&#1;&&&", "a\xFFb & &#xD800; \uFFFE",
}

// The repair written over its input gives what the repair gave before.
func TestRepairInPlaceMatchesBefore(t *testing.T) {
	for _, in := range repairInPlaceInputs {
		want := repairXMLBefore([]byte(in))
		if got := repairText([]byte(in), false, true); !bytes.Equal(got, want) {
			t.Errorf("repairText(%q) in place = %q, before %q", in, got, want)
		}
		s := scanText([]byte(in))
		if got := repairText([]byte(in), s.valid && s.legal, true); !bytes.Equal(got, want) {
			t.Errorf("repairText(%q) of legal text in place = %q, before %q", in, got, want)
		}
	}
}

func FuzzRepairInPlaceMatchesBefore(f *testing.F) {
	for _, in := range repairInPlaceInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want := repairXMLBefore(in)
		if got := repairText(bytes.Clone(in), false, true); !bytes.Equal(got, want) {
			t.Fatalf("repairText(%q) in place = %q, before %q", in, got, want)
		}
	})
}

// prepareInputs are bodies in every form portals send them: UTF-8 with
// and without a byte order mark, composed and decomposed, Windows-1258
// declared or not, with forbidden characters and without.
func prepareInputs(tb testing.TB) []struct {
	body        []byte
	contentType string
} {
	tb.Helper()
	feed := articleFeed(tb)
	var in []struct {
		body        []byte
		contentType string
	}
	add := func(body []byte, ct string) {
		in = append(in, struct {
			body        []byte
			contentType string
		}{body, ct})
	}
	for _, form := range []string{feed, splitTones(feed), norm.NFD.String(feed),
		strings.Replace(norm.NFD.String(feed), "Thành", "Tha\x01nh", 1), strings.Replace(feed, "Thành", "Th\uFFFEnh", 1)} {
		add([]byte(form), "text/xml")
		add(append([]byte("\uFEFF"), form...), "")
	}
	cp := encodeWindows1258(tb, feed)
	add(cp, "")
	add(cp, "text/xml; charset=windows-1258")
	add(append(bytes.Clone(cp), "\x02\x1F\t\r\n"...), "")
	add(append([]byte("\uFEFF"), cp...), "")
	entries, err := os.ReadDir("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			add(readFixture(tb, e.Name()), "")
			add(readFixture(tb, e.Name()), "text/xml; charset=windows-1258")
		}
	}
	return in
}

func TestPrepareMatchesBefore(t *testing.T) {
	for _, in := range prepareInputs(t) {
		checkPrepareBefore(t, in.body, in.contentType)
	}
	bodies, types := simFeeds(t)
	for i, body := range bodies {
		checkPrepareBefore(t, body, types[i])
	}
}

func FuzzPrepareMatchesBefore(f *testing.F) {
	for _, in := range prepareInputs(f) {
		f.Add(in.body[:min(len(in.body), 2000)], in.contentType)
	}
	f.Add([]byte("<a>Tie\u0302\u0301ng \x00 Vi\xEA\xF2t \uFFFF</a>"), "text/xml; charset=windows-1258")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		checkPrepareBefore(t, body, contentType)
	})
}

// Every byte Windows-1258 has decodes to a character XML allows, but
// the C0 controls other than tab, LF and CR: controlsLegal is all the
// look at a Windows-1258 body the legality of its decoding needs.
func TestWindows1258ForbidsOnlyControls(t *testing.T) {
	for c := range 256 {
		control := c < 0x20 && c != '\t' && c != '\n' && c != '\r'
		if isXMLChar(cp1258.runes[c]) == control {
			t.Errorf("byte %02X decodes to %U, XML char %v", c, cp1258.runes[c], !control)
		}
		if got := controlsLegal([]byte{byte(c)}); got == control {
			t.Errorf("controlsLegal(%02X) = %v", c, got)
		}
	}
}

func TestControlsLegal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", true},
		{"text with line breaks", "<rss>\r\n\t<title>Ti\xEAng</title>\n</rss>", true},
		{"a control in a long text", strings.Repeat("abcdefgh", 5) + "\x0B" + strings.Repeat("x", 20), false},
		{"a control at the end", strings.Repeat("abcdefgh", 3) + "ab\x1F", false},
		{"a NUL at the start", "\x00" + strings.Repeat("abcdefgh", 3), false},
		{"high bytes around tabs", strings.Repeat("\xEC\t\xF2\n", 10), true},
		{"DEL and C1 bytes", "\x7F\x80\x9F", true},
	}
	for _, tt := range tests {
		if got := controlsLegal([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Escaped HTML is mostly "&lt;", "&gt;" and "&quot;", which the repair
// passes over without parseRef: as it did, whole, cut short or near.
func TestRepairMarkupEntitiesMatchesBefore(t *testing.T) {
	for _, in := range []string{
		"&lt;p&gt;a&lt;/p&gt; &quot;b&quot;", "&lt", "&l;", "&lt &gt", "&quot", "&quo;", "&gtx;", "&lT;", "&amp;lt;",
		"<![CDATA[&lt;]]>", "<![CDATA[&l]]>t;", "<![CDATA[&quot]]>;", "&lt;&amp;#225;&gt;", "&&lt;;",
	} {
		want := repairXMLBefore([]byte(in))
		if got := repairXML([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("repairXML(%q) = %q, before %q", in, got, want)
		}
	}
}
