package fetch

// The repair as it was before it learnt to copy only what it changes and
// to find '<' and '&' with IndexByte: TestRepairMatchesBefore and
// FuzzRepairMatchesBefore hold the new one to it.

import (
	"bytes"
	"os"
	"testing"
)

// repairXMLBefore fixes, in one pass over decoded UTF-8, what portals get wrong
// in well-formedness while keeping what they meant:
//   - an entity escaped twice (`&amp;#225;`, `&amp;aacute;`) becomes the
//     entity, unless it stands for markup (`&amp;lt;` is how a feed shows
//     a literal "&lt;");
//   - a raw `&` that starts no entity becomes `&amp;`; named entities XML
//     lacks (`&nbsp;`) are left for gofeed, which decodes HTML ones;
//   - characters XML 1.0 forbids, raw or as references, are dropped.
//
// CDATA sections, comments and processing instructions keep their `&`
// as it is: there it is literal text.
func repairXMLBefore(in []byte) []byte {
	for {
		out, dropped := repairOnceBefore(in)
		if !dropped {
			return out
		}
		// A dropped reference can join what stood around it ("&amp;a",
		// "&#0;", "c;") into a new one: repair again until nothing is
		// dropped. Each round is shorter than the last, so this ends.
		in = out
	}
}

// repairOnceBefore is one pass of repairXMLBefore; dropped reports a reference to a
// forbidden character removed.
func repairOnceBefore(in []byte) (out []byte, dropped bool) {
	// Forbidden characters go first, so one inside a reference ("&\x00#225;")
	// cannot hide it from the entity repair.
	in = stripIllegalBefore(in)
	out = make([]byte, 0, len(in)+len(in)/32)
	for {
		j := bytes.IndexAny(in, "<&")
		if j < 0 {
			return append(out, in...), dropped
		}
		out = append(out, in[:j]...)
		var n int
		if in[j] == '<' {
			out, n = appendMarkupBefore(out, in[j:], &dropped)
		} else {
			out, n = appendAmpersandBefore(out, in[j:], true, &dropped)
		}
		in = in[j+n:]
	}
}

// stripIllegalBefore drops the C0 controls other than tab, CR and LF, U+FFFE
// and U+FFFF, and bytes that are not UTF-8 (so that dropping one
// character cannot join the bytes around it into another forbidden one);
// it returns b itself when there are none.
func stripIllegalBefore(b []byte) []byte {
	i := 0
	for i < len(b) && illegalLen(b[i:]) == 0 {
		i += runeLen(b[i:])
	}
	if i >= len(b) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if n := illegalLen(b[i:]); n > 0 {
			i += n
			continue
		}
		n := runeLen(b[i:])
		out = append(out, b[i:i+n]...)
		i += n
	}
	return out
}

// appendMarkupBefore copies a CDATA section, comment or processing instruction
// whole (an unterminated one runs to the end), or just the '<' of a tag.
func appendMarkupBefore(out, b []byte, dropped *bool) ([]byte, int) {
	for _, s := range sections {
		if !bytes.HasPrefix(b, []byte(s.open)) {
			continue
		}
		end := bytes.Index(b[len(s.open):], []byte(s.close))
		n := len(b)
		if end >= 0 {
			n = len(s.open) + end + len(s.close)
		}
		return appendLiteralBefore(out, b[:n], s.open == "<![CDATA[", dropped), n
	}
	return append(out, '<'), 1
}

// appendLiteralBefore copies text where '&' is literal; in CDATA it undoes
// double escaping, because feeds put escaped HTML there and the HTML then
// shows "&#225;" to the reader.
func appendLiteralBefore(out, b []byte, cdata bool, dropped *bool) []byte {
	for i := 0; i < len(b); {
		if cdata && b[i] == '&' {
			var n int
			out, n = appendAmpersandBefore(out, b[i:], false, dropped)
			i += n
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// appendAmpersandBefore handles the '&' at b[0] and says how many bytes it used.
// escapeRaw is false in CDATA, where a raw '&' is fine as it is.
func appendAmpersandBefore(out, b []byte, escapeRaw bool, dropped *bool) ([]byte, int) {
	ref, n := parseRef(b)
	switch {
	case ref.kind == refNone:
		if escapeRaw {
			return append(out, "&amp;"...), 1
		}
		return append(out, '&'), 1
	case ref.kind == refNumeric && !isXMLChar(ref.r):
		*dropped = true
		return out, n
	case ref.kind == refNamed && string(ref.name) == "amp":
		inner, m := parseRef(b[n-1:]) // b[n-1] is the ';' of "&amp;": read past it as '&'
		if m > 0 && inner.kind != refNone && inner.repairable() {
			out = append(out, '&')
			return append(out, b[n:n-1+m]...), n - 1 + m
		}
	}
	return append(out, b[:n]...), n
}

func TestRepairMatchesBefore(t *testing.T) {
	inputs := []string{
		"", "a", "&", "&amp;", "Ph&amp;#7911; &amp;lt; &#1; & &nbsp; <![CDATA[a &amp;#225; & &#0;]]> <!-- & --> <?p & ?>",
		"&amp;&#0;#225;", "&\x00#225;", "a\xFFb &#xD800; \uFFFE", "<![CDATA[unterminated &amp;aacute;", "<!-- unterminated &",
		string(vietnameseFeed()),
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			inputs = append(inputs, string(readFixture(t, e.Name())))
		}
	}
	for _, in := range inputs {
		want := repairXMLBefore([]byte(in))
		if got := repairXML([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("repairXML(%.80q) = %.200q, before %.200q", in, got, want)
		}
		s := scanText([]byte(in))
		if got := repair([]byte(in), s.valid && s.legal); !bytes.Equal(got, want) {
			t.Errorf("repair of legal %.80q = %.200q, before %.200q", in, got, want)
		}
	}
}

func FuzzRepairMatchesBefore(f *testing.F) {
	f.Add([]byte("a &amp;#225; & <![CDATA[&amp;aacute; &#1;]]> &#1; <!-- & --> &amp;&#0;#225;"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want := repairXMLBefore(in)
		if got := repairXML(in); !bytes.Equal(got, want) {
			t.Fatalf("repairXML(%q) = %q, before %q", in, got, want)
		}
	})
}
