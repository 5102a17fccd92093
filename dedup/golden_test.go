package dedup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"bantin/sim"
)

// The golden file holds the fingerprints the code wrote before it was
// made fast: a hash of every input with a hash of its signature and band
// keys, and the whole signature of the hand-made inputs (corpus, real
// article, edge cases). Databases hold such fingerprints, so they must
// never change without a new version byte.
const goldenPath = "testdata/golden.txt.gz"

var updateGolden = flag.Bool("update-golden", false, "rewrite "+goldenPath+" from the reference implementation")

// goldenInput is one (title, text) pair; full inputs keep their whole
// signature in the golden file.
type goldenInput struct {
	name, title, text string
	full              bool
}

func (in goldenInput) key() string {
	h := sha256.Sum256([]byte(in.title + "\x00" + in.text))
	return hex.EncodeToString(h[:8])
}

// fingerprintKey hashes a signature with its band keys.
func fingerprintKey(sig []byte, bands []uint64) string {
	h := sha256.New()
	h.Write(sig)
	for _, b := range bands {
		h.Write(binary.LittleEndian.AppendUint64(nil, b))
	}
	if sig == nil {
		h.Write([]byte("nil"))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// goldenInputs returns every input the golden file covers, in a fixed
// order.
func goldenInputs(t testing.TB) []goldenInput {
	t.Helper()
	var ins []goldenInput
	for _, g := range loadCorpus(t) {
		for i, it := range g.Items {
			ins = append(ins, goldenInput{name: fmt.Sprintf("corpus %s/%d", g.Group, i), title: it.Title, text: it.Text, full: true})
		}
	}
	title, paras := realArticle(t)
	text := strings.Join(paras, "\n\n")
	ins = append(ins,
		goldenInput{name: "real article", title: title, text: text, full: true},
		goldenInput{name: "real article NFD upper", title: strings.ToUpper(norm.NFD.String(title)), text: strings.ToUpper(norm.NFD.String(text)), full: true},
		goldenInput{name: "real article repost", title: "Thành ủy Phủ Lý: " + title, text: strings.ReplaceAll(text, "đ/c", "đồng chí"), full: true},
		goldenInput{name: "real article one line", title: title, text: strings.Join(paras, " "), full: true},
		goldenInput{name: "real article 40x", title: title, text: strings.Repeat(text+"\n", 40), full: true},
	)
	for i, e := range edgeCases() {
		ins = append(ins, goldenInput{name: fmt.Sprintf("edge %d", i), title: e[0], text: e[1], full: true})
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	for i := range 400 {
		ins = append(ins, goldenInput{name: fmt.Sprintf("random %d", i), title: trickyText(rng, 12), text: trickyText(rng, 400), full: i < 40})
	}
	return append(ins, simInputs(t)...)
}

// edgeCases are (title, text) pairs at the corners of normalisation,
// tokenizing and shingling.
func edgeCases() [][2]string {
	long := strings.Repeat("nghiêng", 3000)
	return [][2]string{
		{"", ""},
		{" ", "\u00a0\t\n"},
		{"", "… ./. --"},
		{"Lịch tiếp công dân tháng 5", ""},
		{"Lịch tiếp công dân tháng 5", "   "},
		{"", "một"},
		{"", "một hai"},
		{"một", "hai"},
		{"", "1"},
		{"", "12 345 2020 1999 2100 16/12/2020 16-12-2020 16.12.2020 1.250,5 8:30"},
		{"2020", "0123456789"},
		{"", "١٢٣ ٢٠٢٠ ٣ ١٦/١٢/٢٠٢٠ １６/１２ १२३ ໑໒"},
		{"Năm ٢٠٢٠", "Ngày １６/１２/２０２０ họp, có ٣ xã và १२३ hộ."},
		{"Mixed", "Phường Lam Hạ và Москва, Αθήνα, 東京 都, القاهرة, İstanbul, ǅemal, ß, ΣΊΣΥΦΟΣ."},
		{"Combining", "Tho\u0300nh u\u0309y Phu\u0309 Ly\u0301: đ/c Nguye\u0302\u0303n Va\u0306n A\u0301 ho\u0323p."},
		{"", "a\u0301\u0301\u0301 e\u0323\u0302 \u0301\u0301 o\u031b\u0300 x\u20dd"},
		{"", long},
		{long, long + " " + long},
		{"", strings.Repeat("Aaaa", 2000) + " " + strings.Repeat("9", 5000)},
		{"", "\xff\xfe 1-2-3 .. \xc3 Phường\xe1\x80 Lam Hạ \xed\xa0\x80"},
		{"Phường Lam Hạ: Hội nghị", "Ngày 16/12/2020, đ/c Phạm Thị Thủy dự.\u00a0Thành uỷ Phủ lý./."},
		{"Phường Lam Hạ:", "Nội dung"},
		{"[Xã Tiên Hiệp] Đón nhận", "UBND xã, HĐND xã, MTTQ và TP, BTV, BCH: họp"},
		{"UBND thị trấn Kiện Khê – Hội nghị", "Tin ảnh: Hội thao"},
		{"Tin ảnh: Hội thao quốc phòng", "đ/c đ/c, đ/c: đ/ c đ.c Đ/C Đ/c. đ/c"},
		{"đ/c", "kết thúc bằng đ/c"},
		{"", "xđ/c yđ.c zđ/ c đ/cc đ//c"},
		{"ubnd", "Ubnd UBND hđnd HĐND Hđnd mttq tp Tp. btv bch ubndx"},
		{"", "hoà khoẻ thuỷ quý khuya ngoài hoàng thuyền Hoà Thuỷ HOÀ oẽ uỳ uỹ oẻ oã"},
		{"", "mừng Xuân Tân Sửu. Ông Trần Quốc Khánh, Bí thư Đảng ủy phường Lam Hạ, Ban Thường vụ."},
		{"", "“Dân vận khéo” (Phủ Lý) [Kim Bảng] | Bình Lục - Thanh Liêm — Duy Tiên • Lý Nhân"},
		{"", "Ông\u00a0Nguyễn\u00a0Văn A và bà Cao Thị Hiền, anh Lê, chị Hoa."},
		{"", "soft\u00adhyphen zero\u200bwidth bom\ufeffhere ctrl\x01char del\x7fchar nel\u0085x"},
		{"", "\u2028line\u2029para\u3000ideo\u2003em\u00a0nbsp\u202fnarrow"},
		{"", "Ð ð Ɖ ɖ Đ đ ÐÀO ðào"},
		{"", "Σ ΌΣΟΣ ΣΑΣ İI ı K Å ẞ ﬁ"},
		{"😀 emoji", "🇻🇳 Việt Nam 👍🏽 ok 𝐀𝐁𝐂 𝟏𝟐𝟑"},
		{"", strings.Repeat("a ", 2)},
		{"", strings.Repeat("x ", 70000)},
		{"", strings.Repeat("Ngày 16/12/2020 họp. ", 300)},
		{"", "!!!...???"},
		{"", "a.b,c;d:e"},
		{"", "ABC DEF GHI"},
		{"", "Aa. Bb! Cc? Dd: Ee; Ff… Gg\nHh\rIi•Jj\"Kk“Ll«Mm(Nn[Oo|Pp-Qq–Rr—Ss"},
		{"\u0301", "\u0301Phường"},
		{"", "12abc abc12 1a2b3c Ab1 A1b"},
	}
}

// trickyRunes are what feeds put in text, weighted towards the corners.
var trickyRunes = []string{
	"a", "b", "o", "u", "y", "e", "q", "h", "A", "O", "U", "Y", "Q", "T", "P",
	"à", "ả", "ã", "ạ", "á", "è", "é", "ẻ", "ẽ", "ẹ", "ỳ", "ý", "ỷ", "ỹ", "ỵ", "ò", "ỏ", "ù", "ủ",
	"Ó", "À", "Ỳ", "Ẽ", "ệ", "ư", "ơ", "đ", "Đ", "Ð", "ð",
	"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u031b",
	"0", "1", "2", "9", "٣", "１", "१",
	" ", " ", " ", " ", "\u00a0", "\n", "\t", "\u200b", "\u00ad", "\x01",
	".", ",", ":", ";", "/", "-", "–", "—", "!", "?", "…", "\"", "“", "”", "(", "[", "|", "•",
	"đ/c ", "đ.c ", "đ/ c ", "ubnd", "UBND", "Phường ", "Xã ", "ông ", "Bí thư ", "Ban ",
	"Σ", "İ", "ß", "東", "\xff", "\xc3", "😀",
}

func trickyText(rng *rand.Rand, maxRunes int) string {
	var b strings.Builder
	for range rng.IntN(maxRunes + 1) {
		b.WriteString(trickyRunes[rng.IntN(len(trickyRunes))])
	}
	return b.String()
}

// simInputs are the items of a simulated province: every copy of every
// story, with variants as feeds send them (NFD, page furniture left in,
// upper-case title).
func simInputs(t testing.TB) []goldenInput {
	t.Helper()
	p, err := sim.Start(sim.Options{Cities: 4, WardsPerCity: 5, ItemsPerFeed: 80, Hosts: 1,
		CrossPosts: 0.3, Families: 2, Seed: 2026, Start: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("start simulated province: %v", err)
	}
	defer p.Close()
	var ins []goldenInput
	n := 0
	for _, s := range p.Truth().Stories {
		for _, c := range s.Copies {
			title, text := c.Title, strings.Join(append([]string{c.Lead}, c.Body...), "\n\n")
			switch n % 5 {
			case 1:
				title, text = norm.NFD.String(title), norm.NFD.String(text)
			case 2:
				text += "\n\n" + strings.Join(c.Dropped, "\n")
			case 3:
				title = strings.ToUpper(title)
			}
			ins = append(ins, goldenInput{name: fmt.Sprintf("sim %s %s %d", s.ID, c.Unit, n%5), title: title, text: text})
			n++
		}
	}
	return ins
}

// goldenEntry is one line of the golden file.
type goldenEntry struct {
	key, fp string
	sig     []byte // only for full inputs
}

func readGolden(t testing.TB) []goldenEntry {
	t.Helper()
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("open golden file: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("read golden file: %v", err)
	}
	var out []goldenEntry
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || len(fields) > 3 {
			t.Fatalf("golden line %d: %d fields", len(out)+1, len(fields))
		}
		e := goldenEntry{key: fields[0], fp: fields[1]}
		if len(fields) == 3 {
			if e.sig, err = base64.StdEncoding.DecodeString(fields[2]); err != nil {
				t.Fatalf("golden line %d: %v", len(out)+1, err)
			}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read golden file: %v", err)
	}
	return out
}

func writeGolden(t testing.TB, ins []goldenInput) {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	f := NewFingerprinter()
	for _, in := range ins {
		sig, bands := refFingerprint(f, in.title, in.text)
		line := in.key() + " " + fingerprintKey(sig, bands)
		if in.full {
			line += " " + base64.StdEncoding.EncodeToString(sig)
		}
		fmt.Fprintln(zw, line)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goldenPath, buf.Bytes(), 0o644); err != nil {
		t.Fatalf("write golden file: %v", err)
	}
	t.Logf("wrote %d fingerprints to %s (%d bytes)", len(ins), goldenPath, buf.Len())
}

// TestGolden checks Fingerprint against the signatures and band keys the
// reference code wrote into the golden file. An input whose own hash
// differs (package sim generates other text now) is reported, not
// compared: regenerate with -update-golden, which uses the reference.
func TestGolden(t *testing.T) {
	ins := goldenInputs(t)
	if *updateGolden {
		writeGolden(t, ins)
	}
	want := readGolden(t)
	if len(want) != len(ins) {
		t.Fatalf("golden file has %d entries for %d inputs: regenerate it with -update-golden", len(want), len(ins))
	}
	f := NewFingerprinter()
	moved, fulls := 0, 0
	for i, in := range ins {
		w := want[i]
		if w.key != in.key() {
			if !strings.HasPrefix(in.name, "sim ") {
				t.Errorf("%s: input changed (%s, golden %s)", in.name, in.key(), w.key)
			}
			moved++
			continue
		}
		sig, bands := f.Fingerprint(in.title, in.text)
		if got := fingerprintKey(sig, bands); got != w.fp {
			t.Errorf("%s: fingerprint %s, golden %s", in.name, got, w.fp)
		}
		if w.sig != nil {
			fulls++
			if !bytes.Equal(sig, w.sig) {
				t.Errorf("%s: signature differs from the golden one", in.name)
			}
		}
	}
	if moved > len(ins)/10 {
		t.Errorf("%d of %d simulated inputs changed: regenerate the golden file with -update-golden", moved, len(ins))
	}
	t.Logf("%d inputs, %d compared (%d whole signatures), %d changed", len(ins), len(ins)-moved, fulls, moved)
}

// TestReferenceSame compares Fingerprint with the reference on the same
// inputs, live: unlike the golden file it does not depend on package sim
// writing the same text as when the file was made.
func TestReferenceSame(t *testing.T) {
	f := NewFingerprinter()
	for _, in := range goldenInputs(t) {
		checkSame(t, f, in.name, in.title, in.text)
	}
	// Short random texts reach the corners faster than long ones.
	rng := rand.New(rand.NewPCG(7, 2026))
	for i := range 5000 {
		checkSame(t, f, fmt.Sprintf("short random %d", i), trickyText(rng, 4), trickyText(rng, 30))
	}
	// Other settings take the same code paths with other constants.
	for _, s := range []struct{ shingle, bands int }{{1, 128}, {2, 64}, {4, 32}, {16, 1}, {0, 0}, {3, 5}} {
		g := &Fingerprinter{Shingle: s.shingle, Bands: s.bands}
		for _, in := range edgeCases() {
			checkSame(t, g, fmt.Sprintf("shingle %d bands %d", s.shingle, s.bands), in[0], in[1])
		}
	}
}

func checkSame(t *testing.T, f *Fingerprinter, name, title, text string) {
	t.Helper()
	sig, bands := f.Fingerprint(title, text)
	rsig, rbands := refFingerprint(f, title, text)
	if !bytes.Equal(sig, rsig) || fingerprintKey(sig, bands) != fingerprintKey(rsig, rbands) {
		t.Errorf("%s: fingerprint of %q, %q differs from the reference", name, truncate(title), truncate(text))
	}
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func FuzzFingerprintSame(f *testing.F) {
	for _, e := range edgeCases() {
		if len(e[0])+len(e[1]) < 1000 {
			f.Add(e[0], e[1])
		}
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		fp := NewFingerprinter()
		sig, bands := fp.Fingerprint(title, text)
		rsig, rbands := refFingerprint(fp, title, text)
		if !bytes.Equal(sig, rsig) || fingerprintKey(sig, bands) != fingerprintKey(rsig, rbands) {
			t.Fatalf("fingerprint of %q, %q differs from the reference", title, text)
		}
	})
}

// BenchmarkFingerprintReference is the reference on BenchmarkFingerprint's
// input, for the ratio in one run.
func BenchmarkFingerprintReference(b *testing.B) {
	f := NewFingerprinter()
	title, text := article3K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		refFingerprint(f, title, text)
	}
}

// TestFingerprintConcurrent shares one Fingerprinter between goroutines,
// as the pollers do: every item gets the signature it gets alone, however
// the scratch buffers pass between calls.
func TestFingerprintConcurrent(t *testing.T) {
	var ins [][2]string
	for _, g := range loadCorpus(t) {
		for _, it := range g.Items {
			ins = append(ins, [2]string{it.Title, it.Text})
		}
	}
	for _, e := range edgeCases() {
		if len(e[0])+len(e[1]) < 20000 {
			ins = append(ins, e)
		}
	}
	want := make([]string, len(ins))
	for i, in := range ins {
		want[i] = fingerprintKey(refFingerprint(NewFingerprinter(), in[0], in[1]))
	}
	f := NewFingerprinter()
	const workers = 8
	errs := make(chan string, workers)
	for w := range workers {
		go func() {
			for i := range ins {
				i := (i + w*31) % len(ins) // each worker its own order
				if got := fingerprintKey(f.Fingerprint(ins[i][0], ins[i][1])); got != want[i] {
					errs <- fmt.Sprintf("worker %d, input %d: fingerprint differs", w, i)
					return
				}
			}
			errs <- ""
		}()
	}
	for range workers {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
