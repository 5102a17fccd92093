package dedup

import (
	"strings"
	"testing"

	"bantin/vntext"
)

// The list forms of the streaming steps, for the tests that look at an
// item's words, shingles and salient tokens: each is built on the code
// Fingerprint runs.

// stripTitlePrefix drops a re-poster's label from a folded title.
func stripTitlePrefix(t string) string {
	return t[titleLabelEnd([]byte(t)):]
}

// normalWords returns the words an item is compared on.
func normalWords(title, text string) []string {
	var sc scratch
	var words []string
	for _, w := range vntext.Words(string(sc.normalize(title, text))) {
		if long, ok := abbrevWords[w]; ok {
			words = append(words, long...)
			continue
		}
		words = append(words, w)
	}
	return words
}

// shingleHashes hashes every run of k consecutive words.
func shingleHashes(words []string, k int) []uint64 {
	sh := newShingler(k)
	var out []uint64
	for _, w := range words {
		if h, ok := sh.push(wordHash(w)); ok {
			out = append(out, h)
		}
	}
	if len(words) > 0 && len(words) < k {
		out = append(out, sh.short())
	}
	return out
}

// oneSketch is the densified one-permutation MinHash of shingles.
func oneSketch(shingles []uint64) [sketchSize]uint32 {
	var m minSketch
	m.clear()
	for _, h := range shingles {
		m.add(h)
	}
	return m.densify()
}

// salientTokens returns the folded salient tokens of text.
func salientTokens(text string) []string {
	var sc scratch
	var out []string
	sc.scanSalient(text, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// tokenize returns every token of text.
func tokenize(text string) []token {
	tz := tokenizer{text: text, sentStart: true}
	var toks []token
	for t, ok := tz.next(); ok; t, ok = tz.next() {
		toks = append(toks, t)
	}
	return toks
}

// sketchSalient hashes the distinct tokens and keeps the smallest.
func sketchSalient(tokens []string) salientSketch {
	hs := make([]uint32, 0, len(tokens))
	for _, t := range tokens {
		hs = append(hs, uint32(wordHash(t)))
	}
	return sketchHashes(hs)
}

// TestAbbreviationsShape checks what appendExpanded relies on.
func TestAbbreviationsShape(t *testing.T) {
	for i, a := range abbreviations {
		if !strings.HasPrefix(a.short, "đ/") && !strings.HasPrefix(a.short, "đ.") {
			t.Errorf("%q does not start with đ/ or đ.", a.short)
		}
		for j, b := range abbreviations {
			if i != j && strings.HasPrefix(b.short, a.short) {
				t.Errorf("%q is a prefix of %q", a.short, b.short)
			}
		}
	}
}

// TestAddWordsAsVntext holds addWords, which splits and hashes the bytes
// itself, to vntext.Words: with one-word shingles, the sketches agree.
func TestAddWordsAsVntext(t *testing.T) {
	for i, e := range edgeCases() {
		var sc scratch
		sh := newShingler(1)
		addWords(&sh, sc.normalize(e[0], e[1]))
		n := sh.finish()
		want := shingleHashes(normalWords(e[0], e[1]), 1)
		if n != len(want) || sh.sketch.densify() != oneSketch(want) {
			t.Errorf("edge case %d: %d words, vntext.Words finds %d, or other words", i, n, len(want))
		}
	}
}
