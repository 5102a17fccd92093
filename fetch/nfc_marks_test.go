package fetch

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// composeMarks takes the chunks of decomposed Vietnamese that are a
// letter and table marks; every other chunk must reach the general path
// and still come out as norm makes it.
func TestComposeMarksAsNorm(t *testing.T) {
	tests := []struct{ name, in string }{
		{"tone at the end of the text", "Tha\u0300"},
		{"tone before ASCII", "Tha\u0300nh"},
		{"two marks, inner first", "Tie\u0302\u0301ng Vie\u0323\u0302t"},
		{"two marks, tone first", "Tie\u0301\u0302ng"},
		{"tone on a precomposed vowel", "Tiê\u0301ng ư\u0301 ơ\u0300"},
		{"tone on a consonant", "b\u0301 đ\u0300"},
		{"tone before a Vietnamese letter", "a\u0301ấ a\u0301中"},
		{"tone then a mark outside the table", "a\u0301\u0308 a\u0308\u0301"},
		{"marks at the start of the text", "\u0301a\u0301"},
		{"two tones", "A\u0300\u0300 a\u0300\u0301"},
		{"dot below and circumflex", "a\u0323\u0302 o\u0323\u031B"},
		{"tone cut short", "a\xCC"},
		{"tone then a bad byte", "a\u0301\xFF"},
	}
	for _, tt := range tests {
		if got, want := composeNFC([]byte(tt.in)), norm.NFC.Bytes([]byte(tt.in)); string(got) != string(want) {
			t.Errorf("%s: composeNFC(%+q) = %+q, norm gives %+q", tt.name, tt.in, got, want)
		}
	}
}
