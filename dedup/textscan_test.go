package dedup

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"bantin/vntext"
)

// scanInputs are the texts the differential tests run on: the golden
// inputs (corpus, real article, edge cases, tricky random text, a
// simulated province), the items of another simulated province, and
// random Vietnamese, written the ways feeds write it and decomposed.
func scanInputs(t testing.TB) [][2]string {
	var ins [][2]string
	for _, in := range goldenInputs(t) {
		ins = append(ins, [2]string{in.title, in.text})
	}
	ins = append(ins, simItems(t)...)
	rng := rand.New(rand.NewPCG(12, 2026))
	for i := range 2000 {
		title, text := vietText(rng, 15), vietText(rng, 300)
		if i%10 == 9 {
			title, text = norm.NFD.String(title), norm.NFD.String(text)
		}
		ins = append(ins, [2]string{title, text})
	}
	return ins
}

// vietPieces are what vietText strings together: syllables in both tone
// styles and every case, pairs that must not move (quý, hoàng, ngoài),
// names, numbers and dates, abbreviations in their spellings, labels,
// punctuation, the spaces of feeds, and now and then a rune scanText
// does not take.
var vietPieces = []string{
	"hội", "nghị", "tổng", "kết", "công", "tác", "dân", "vận", "năm", "của", "và", "các", "được", "người",
	"nghiêng", "khuyến", "trường", "thành", "phố", "ủy", "uỷ", "ban", "nhân", "xã", "phường", "đồng", "chí",
	"hoà", "hòa", "khoẻ", "khỏe", "thuỷ", "thủy", "xoè", "oà", "uỳ", "quý", "quỳ", "hoàng", "thuyền", "ngoài",
	"khuya", "Hoà", "HOÀ", "Thuỷ", "THUỶ", "KHOẺ", "Quý", "oẽ", "uỹ", "toả", "loé",
	"Hội", "Nghị", "Phường", "Lam", "Hạ", "Phủ", "Lý", "Trần", "Quốc", "Khánh", "Bí", "thư", "Đảng", "Ủy",
	"Nguyễn", "Văn", "An", "Thị", "Hiền", "Ông", "Bà", "Thanh", "Liêm", "Xuân", "Tân", "Sửu", "Việt", "Nam",
	"HĐND", "UBND", "MTTQ", "BTV", "BCH", "TP", "Tp", "ubnd", "hđnd", "mttq", "tp", "btv", "bch", "ubndx", "Ubnd",
	"đ/c", "Đ/c", "Đ/C", "đ/ c", "đ/\u00a0c", "đ.c", "Đ.C", "ð/c", "Ð/c", "đ/cc", "đ//c", "xđ/c", "đ/c,", "đ/c:",
	"đ", "Đ", "c", "C", "/", ".", "đ/", "đ.",
	"16/12/2020", "16-12-2020", "16.12.2020", "1.250,5", "8:30", "2020", "1999", "3", "12", "0123", "2020abc",
	"12Ab", "A1b", "Ab1", "1a2b", "2,4", "28/02", "942",
	"Tin ảnh:", "Phường Lam Hạ:", "[Xã Tiên Hiệp]", "UBND thị trấn Kiện Khê –", "Thời sự:",
	".", ",", ":", ";", "!", "?", "…", "“", "”", "\"", "'", "(", ")", "[", "]", "|", "•", "-", "–", "—", "«", "»",
	"./.", "!!!", "°", "×", "½", "²", "ª", "µ", "ǅ", "Ȿ", "Ⱥ", "ẞ", "ß",
	" ", " ", " ", " ", "  ", "\u00a0", "\n", "\n\n", "\t", "\r\n", "\u200b", "\u2009", "\u2003", "\u202f",
	"\u2028", "\u0085", "İ", "İi",
}

// oddPieces are what scanText does not take: vietText puts one in now
// and then, so that most texts are all scanText takes.
var oddPieces = []string{"\u0301", "\u00ad", "\x01", "\xff", "\xe1\xbb", "Σ", "東", "😀", "\u3000", "\ufeff", "\u034f"}

// vietText strings up to n pieces together, most with a space between.
func vietText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range rng.IntN(n + 1) {
		p := vietPieces[rng.IntN(len(vietPieces))]
		if rng.IntN(400) == 0 {
			p = oddPieces[rng.IntN(len(oddPieces))]
		}
		b.WriteString(p)
		if rng.IntN(5) != 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// foldedWordHashes is what the code before scanText hashed of text:
// vntext.Words of the normalised text, single-word abbreviations
// written out.
func foldedWordHashes(text string) []uint64 {
	var hs []uint64
	for _, w := range normalWords("", text) {
		hs = append(hs, wordHash(w))
	}
	return hs
}

// prevTokens are the salient tokens of text as the code before scanText
// found them.
func prevTokens(text string) []string {
	var sc scratch
	var out []string
	sc.prevScanSalient(text, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// checkScanSame holds scanText and spanSalient, where scanText takes the
// text, and scanSalient everywhere, to the code before them.
func checkScanSame(t *testing.T, name, text string) (scanned bool) {
	t.Helper()
	var sc scratch
	if sc.scanText(text) {
		scanned = true
		if want := foldedWordHashes(text); !slices.Equal(sc.words, want) {
			t.Errorf("%s: scanText hashes %d words of %q, the folded copy %d, or other words",
				name, len(sc.words), truncate(text), len(want))
		}
		var got []string
		sc.spanSalient(text, func(tok []byte) { got = append(got, string(tok)) })
		if want := prevTokens(text); !slices.Equal(got, want) {
			t.Errorf("%s: spanSalient finds %q in %q, the tokenizer %q", name, got, truncate(text), want)
		}
	}
	if got, want := salientTokens(text), prevTokens(text); !slices.Equal(got, want) {
		t.Errorf("%s: scanSalient finds %q in %q, the code before %q", name, got, truncate(text), want)
	}
	return scanned
}

// checkFingerprintSame holds Fingerprint to the code before scanText and
// to the reference.
func checkFingerprintSame(t *testing.T, f *Fingerprinter, name, title, text string) {
	t.Helper()
	sig, bands := f.Fingerprint(title, text)
	psig, pbands := prevFingerprint(f, title, text)
	if !bytes.Equal(sig, psig) || !slices.Equal(bands, pbands) {
		t.Errorf("%s: fingerprint of %q, %q differs from the code before scanText", name, truncate(title), truncate(text))
	}
	rsig, rbands := refFingerprint(f, title, text)
	if !bytes.Equal(sig, rsig) || !slices.Equal(bands, rbands) {
		t.Errorf("%s: fingerprint of %q, %q differs from the reference", name, truncate(title), truncate(text))
	}
}

func TestScanTextSameAsFoldedCopy(t *testing.T) {
	ins := scanInputs(t)
	f := NewFingerprinter()
	scanned := 0
	for i, in := range ins {
		name := fmt.Sprintf("input %d", i)
		for _, s := range in {
			if checkScanSame(t, name, s) {
				scanned++
			}
		}
		checkFingerprintSame(t, f, name, in[0], in[1])
	}
	// Both paths must have been tried, each on many texts.
	if scanned < len(ins)/2 || scanned > 2*len(ins)-len(ins)/20 {
		t.Errorf("scanText took %d of %d texts", scanned, 2*len(ins))
	}
	t.Logf("scanText took %d of %d texts", scanned, 2*len(ins))
}

// TestScanTextTakesFeedText checks that the text of feeds takes the one
// pass, and that what it cannot read exactly does not.
func TestScanTextTakesFeedText(t *testing.T) {
	title, paras := realArticle(t)
	takes := []string{title, strings.Join(paras, "\n\n"), "",
		"Ngày 16/12/2020,\tđ/c Phạm Thị Thủy\r\n“Dân vận khéo” – năm 2021…\u00a0Thành uỷ\u2009Phủ Lý./.",
		"ĐẢNG ỦY PHƯỜNG LAM HẠ: HOÀ BÌNH, KHOẺ MẠNH", "Ð/C ðào «Xuân» ½ × 2² ° • · ₫"}
	for _, it := range simItems(t) {
		takes = append(takes, it[0], it[1])
	}
	for _, s := range takes {
		var sc scratch
		if !sc.scanText(s) {
			t.Errorf("scanText does not take %q", truncate(s))
		}
	}
	for _, s := range []string{norm.NFD.String("Thủy"), "Phủ\u00adLý", "Москва", "a\x01b", "a\xffb", "a\xe1\xbbb",
		"ideographic\u3000space", "bom\ufeffhere", "a\u034fb", "東京", "😀"} {
		var sc scratch
		if sc.scanText(s) {
			t.Errorf("scanText takes %q", s)
		}
	}
}

// TestFactsAgreeWithTokenizer checks the tokenizer's half of the facts
// against its classes, and that a word scanText reads is letters and
// digits, as the tokenizer's words are.
func TestFactsAgreeWithTokenizer(t *testing.T) {
	taken := 0
	for r := range rune(unicode.MaxRune + 1) {
		f, size := factAt(string(r), 0)
		if f == 0 {
			continue
		}
		taken++
		if size != len(string(r)) {
			t.Fatalf("%U: size %d", r, size)
		}
		c := classOf(r)
		if got, want := f.flags()&(fUpper|fLower|fDigit|fSentEnd|fBreak), classFlags(c); got != want {
			t.Errorf("%U: tokenizer flags %b, class %b", r, got, want)
		}
		if word := f.flags()&fWord != 0; word != (c&(letter|digit) != 0) || c&mark != 0 {
			t.Errorf("%U: word %v, class %b", r, word, c)
		}
		l := []byte{byte(f), byte(f >> 8), byte(f >> 16)}[:uint8(f>>24)]
		if got, want := vntext.Fold("x"+string(r)+"x"), "x"+string(l)+"x"; f.flags()&fSpace == 0 && got != want {
			t.Errorf("%U: folds to %q between letters, fact %q", r, got, want)
		}
	}
	for _, r := range "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" +
		"ÀÁẢÃẠỲÝỶỸỴ0123456789 \u00a0\t\n“”‘’–—…«»•·₫" {
		if f, _ := factAt(string(r), 0); f == 0 {
			t.Errorf("%q (%U) is not taken", r, r)
		}
	}
	t.Logf("%d runes taken", taken)
}

func FuzzScanTextSame(f *testing.F) {
	for _, e := range edgeCases() {
		if len(e[0])+len(e[1]) < 1000 {
			f.Add(e[0], e[1])
		}
	}
	rng := rand.New(rand.NewPCG(3, 2026))
	for range 20 {
		f.Add(vietText(rng, 8), vietText(rng, 40))
	}
	fp := NewFingerprinter()
	f.Fuzz(func(t *testing.T, title, text string) {
		checkScanSame(t, "fuzz title", title)
		checkScanSame(t, "fuzz text", text)
		checkFingerprintSame(t, fp, "fuzz", title, text)
	})
}
