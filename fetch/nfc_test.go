package fetch

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// normWindows1258 is what decodeWith made of Windows-1258 before
// decodeWindows1258NFC: x/text's decoding, then norm.
func normWindows1258(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := charmap.Windows1258.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("x/text decoding %q: %v", b, err)
	}
	return norm.NFC.Bytes(out)
}

// windows1258Tones are the combining marks Windows-1258 has bytes for.
var windows1258Tones = map[rune]bool{0x0300: true, 0x0301: true, 0x0303: true, 0x0309: true, 0x0323: true}

// splitTones writes s as legacy Vietnamese input methods do ("Unicode tổ
// hợp"): each tone as a combining mark after the letter, the letter
// precomposed with its circumflex, breve or horn.
func splitTones(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		tone, rest := rune(-1), []rune(nil)
		for _, d := range norm.NFD.String(string(r)) {
			if windows1258Tones[d] && tone < 0 {
				tone = d
				continue
			}
			rest = append(rest, d)
		}
		if tone < 0 {
			b.WriteRune(r)
			continue
		}
		b.WriteString(norm.NFC.String(string(rest)))
		b.WriteRune(tone)
	}
	return b.String()
}

// encodeWindows1258 writes s as a Windows-1258 portal does: the split
// tones as their combining bytes.
func encodeWindows1258(t testing.TB, s string) []byte {
	t.Helper()
	var out []byte
	for _, r := range splitTones(s) {
		c, ok := charmap.Windows1258.EncodeRune(r)
		if !ok {
			t.Fatalf("%q has no Windows-1258 byte", r)
		}
		out = append(out, c)
	}
	return out
}

func TestDecodeWindows1258NFC(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"headline, tones as combining bytes", "Tha\xCCnh u\xD2y Phu\xD2 Ly\xEC t\xF4\xD2 ch\xFD\xECc h\xF4\xF2i nghi\xF2",
			"Thành ủy Phủ Lý tổ chức hội nghị"},
		{"circumflex letter and dot below", "Tie\xEAng Vi\xEA\xF2t", "Tie\u00eang Việt"},
		{"precomposed grave byte", "Th\xE0nh", "Thành"},
		{"d with stroke and dong sign", "\xD0\xF4\xECng 20.000\xFE \x80", "Đống 20.000₫ €"},
		{"horn letters", "\xDD\xF5\xECc m\xFD\xF5\xCCn", "Ước mườn"},
		{"breve and tilde", "m\xE3\xDEn", "mẵn"},
		{"capital toned", "\xC2\xEC \xD4\xF2 \xC3\xCC", "Ấ Ộ Ằ"},
		{"mark at the start", "\xECa", "\u0301a"},
		{"two marks in a row", "a\xEC\xCC", "á\u0300"},
		{"dot below after a toned precomposed byte: norm reorders", "\xE1\xF2", "ạ\u0301"},
		{"mark on a consonant that composes", "n\xDE", "ñ"},
		{"mark on a consonant that does not", "x\xEC", "x\u0301"},
		{"mark on d with stroke", "\xF0\xEC", "đ\u0301"},
		{"mark on a digit and after a space", "1\xEC \xCC", "1\u0301 \u0300"},
		{"mark at the end", "Ha\xCC", "Hà"},
		{"undefined bytes", "a\x81b\x9E", "a\uFFFDb\uFFFD"},
		{"ascii", "<rss version=\"2.0\"/>", "<rss version=\"2.0\"/>"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeWindows1258NFC([]byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("got %+q, want %+q", got, tt.want)
			}
			if ref := normWindows1258(t, []byte(tt.in)); !bytes.Equal(got, ref) {
				t.Errorf("got %+q, norm gives %+q", got, ref)
			}
		})
	}
}

func TestComposeNFC(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"tones as combining marks", "Tha\u0300nh u\u0309y", "Thành ủy"},
		{"tones on precomposed circumflex letters", "Tiê\u0301ng Viê\u0323t", "Tiếng Việt"},
		{"fully decomposed", "Tie\u0302\u0301ng Vie\u0323\u0302t", "Tiếng Việt"},
		{"dot below before circumflex", "a\u0323\u0302", "ậ"},
		{"dot below after circumflex", "a\u0302\u0323", "ậ"},
		{"horn and dot below, both orders", "o\u031B\u0323 o\u0323\u031B", "ợ ợ"},
		{"breve then tone", "A\u0306\u0300", "Ằ"},
		{"capital horn letter with a tone", "Ư\u0301", "Ứ"},
		{"mixed with NFC text", "Hà Nội và tha\u0300nh phô\u0301 Phủ Lý", "Hà Nội và thành phố Phủ Lý"},
		{"mark at the start", "\u0301a", "\u0301a"},
		{"two tones in a row", "a\u0301\u0300", "á\u0300"},
		{"two tones that norm reorders", "a\u0301\u0323", "ạ\u0301"},
		{"mark on a consonant that composes", "n\u0303", "ñ"},
		{"mark on a consonant that does not", "x\u0301", "x\u0301"},
		{"mark on d with stroke", "đ\u0301", "đ\u0301"},
		{"cyrillic short i", "и\u0306", "й"},
		{"cjk then a mark", "中文\u0301", "中文\u0301"},
		{"emoji then a mark", "😀\u0301 tê\u0301t", "😀\u0301 tết"},
		{"hangul jamo", "\u1100\u1161", "가"},
		{"angstrom sign", "\u212B", "Å"},
		{"invalid bytes", "a\xFFe\u0301", "a\xFFé"},
		{"invalid byte after a mark", "e\u0301\xFFa", "é\xFFa"},
		{"vowel and a mark it does not take", "a\u031B ạ\u0301", "a\u031B ạ\u0301"},
		{"cyrillic, long enough to go to norm whole", strings.Repeat("Привет и\u0306 ", 40) + "tha\u0300nh", strings.Repeat("Привет й ", 40) + "thành"},
		{"emoji only, then a mark", strings.Repeat("😀", 40) + "\u0301", strings.Repeat("😀", 40) + "\u0301"},
		{"nothing to compose", "Thành ủy 😀", "Thành ủy 😀"},
		{"kana, long enough to go to norm whole", strings.Repeat("か\u3099", 40) + "tha\u0300nh", strings.Repeat("が", 40) + "thành"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := composeNFC([]byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("got %+q, want %+q", got, tt.want)
			}
			if ref := norm.NFC.Bytes([]byte(tt.in)); !bytes.Equal(got, ref) {
				t.Errorf("got %+q, norm gives %+q", got, ref)
			}
		})
	}
}

// More combining marks than the Stream-Safe Text Format allows: norm
// puts a U+034F in, and the composer must leave that to norm.
func TestComposeNFCLongMarkRun(t *testing.T) {
	for _, base := range []string{"", "a", "â", "中"} {
		in := base + strings.Repeat("\u0301", 40) + " e\u0301"
		if got, want := composeNFC([]byte(in)), norm.NFC.Bytes([]byte(in)); !bytes.Equal(got, want) {
			t.Errorf("%+q: got %+q, norm gives %+q", in, got, want)
		}
		b := append([]byte("a"), bytes.Repeat([]byte{0xEC}, 40)...)
		if got, want := decodeWindows1258NFC(b), normWindows1258(t, b); !bytes.Equal(got, want) {
			t.Errorf("%q: got %+q, norm gives %+q", b, got, want)
		}
	}
}

// Every Vietnamese letter, written with its tone split off or fully
// decomposed, is composed by the table and not handed to norm; so is
// dot below with circumflex or breve in either order. A tone before a
// horn (canonically the same letter, but no input method writes it)
// may go to norm, and must come out the same.
func TestVietnameseLettersComposeByTable(t *testing.T) {
	for _, v := range vietnameseVowels {
		for _, tone := range []rune{-1, 0x0300, 0x0301, 0x0303, 0x0309, 0x0323} {
			letter := string(v)
			if tone >= 0 {
				letter = norm.NFC.String(letter + string(tone))
			}
			nfd := []rune(norm.NFD.String(letter))
			forms := []string{splitTones(letter), string(nfd)}
			if len(nfd) == 3 {
				if swapped := string([]rune{nfd[0], nfd[2], nfd[1]}); norm.NFC.String(swapped) == letter {
					forms = append(forms, swapped)
				}
			}
			for _, form := range forms {
				out, composed := appendComposed(nil, []byte(form))
				rs := []rune(form)
				toneFirst := len(rs) == 3 && windows1258Tones[rs[1]] && rs[2] == 0x031B
				if string(out) != letter || !composed && !toneFirst {
					t.Errorf("%+q: %+q (by table: %v), want %+q", form, out, composed, letter)
				}
			}
		}
	}
}

// The byte table is x/text's Windows-1258, and the only bytes that join
// the character before them are its five combining tones.
func TestCP1258Table(t *testing.T) {
	for i := range 256 {
		want, err := charmap.Windows1258.NewDecoder().Bytes([]byte{byte(i)})
		if err != nil {
			t.Fatal(err)
		}
		if cp1258.utf8[i] != string(want) || string(cp1258.runes[i]) != string(want) {
			t.Errorf("byte %02X: table %+q, x/text %+q", i, cp1258.utf8[i], want)
		}
		if joins, tone := cp1258.joins[i], windows1258Tones[cp1258.runes[i]]; joins != tone {
			t.Errorf("byte %02X (%U): joins %v, is a tone %v", i, cp1258.runes[i], joins, tone)
		}
	}
}

// Every label of Windows-1258 takes the table decoder, to the same text.
func TestDecodeWithWindows1258Labels(t *testing.T) {
	body := encodeWindows1258(t, "Thành ủy Phủ Lý tổ chức hội nghị")
	for _, label := range []string{"windows-1258", "cp1258", "x-cp1258"} {
		if enc := lookupEncoding(label); enc != charmap.Windows1258 {
			t.Errorf("%s names %v", label, enc)
		}
		got, name, ok := decodeWith(label, body)
		if !ok || name != label || string(got) != "Thành ủy Phủ Lý tổ chức hội nghị" {
			t.Errorf("%s: %q as %s (%v)", label, got, name, ok)
		}
	}
}

// The whole benchmark feed, in every form a portal sends, comes out as
// norm makes it: the feed as written.
func TestArticleFeedComposes(t *testing.T) {
	feed := articleFeed(t)
	if got := decodeWindows1258NFC(encodeWindows1258(t, feed)); string(got) != feed {
		t.Error("windows-1258 feed does not decode to the feed")
	}
	for _, form := range []string{feed, splitTones(feed), norm.NFD.String(feed)} {
		if got := composeNFC([]byte(form)); string(got) != feed {
			t.Errorf("a form of %d bytes does not compose to the feed", len(form))
		}
	}
}

func TestNFCTestHelpers(t *testing.T) {
	if got := splitTones("Tiếng Việt ý"); got != "Tiê\u0301ng Viê\u0323t y\u0301" {
		t.Errorf("splitTones: %+q", got)
	}
	if got := encodeWindows1258(t, "Tiếng Việt"); string(got) != "Ti\xEA\xECng Vi\xEA\xF2t" {
		t.Errorf("encodeWindows1258: %q", got)
	}
}

// FuzzNFCMatchesNorm checks both fast paths against norm on any bytes:
// the Windows-1258 decoder against norm of x/text's decoding, and the
// UTF-8 composer against norm of the bytes themselves, of their
// Windows-1258 decoding (decomposed Vietnamese from anything) and of
// validUTF8's mixed reading.
func FuzzNFCMatchesNorm(f *testing.F) {
	article := strings.ToValidUTF8(string(readFixture(f, "nfc/article.txt"))[:1000], "")
	for _, s := range []string{"Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận", "Tiếng Việt ướt mượt ẵm Ằ Ứ", article} {
		f.Add([]byte(s))
		f.Add([]byte(splitTones(s)))
		f.Add([]byte(norm.NFD.String(s)))
		f.Add(encodeWindows1258(f, s))
	}
	f.Add(readFixture(f, "cp1258-sample.txt"))
	f.Add([]byte("a\xEC\xCC \xECa \xE1\xF2 n\xDE \xF0\xEC a\x81"))
	f.Add([]byte("a\u0323\u0302 a\u0302\u0323 o\u0323\u031B \u0301a a\u0301\u0300 中文\u0301 か\u3099 \u212B"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := decodeWindows1258NFC(b), normWindows1258(t, b); !bytes.Equal(got, want) {
			t.Fatalf("windows-1258 %q: got %+q, norm gives %+q", b, got, want)
		}
		decoded, err := charmap.Windows1258.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range [][]byte{b, decoded, validUTF8(b)} {
			if got, want := composeNFC(text), norm.NFC.Bytes(text); !bytes.Equal(got, want) {
				t.Fatalf("utf-8 %+q (valid %v): got %+q, norm gives %+q", text, utf8.Valid(text), got, want)
			}
		}
	})
}
