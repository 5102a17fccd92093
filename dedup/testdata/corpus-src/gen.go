//go:build ignore

// gen turns the hand-written stories and templates of this directory into
// the labelled corpus in ../corpus, one JSON file per story. It was run
// once (go run gen.go); the JSON files are what the tests read, and may be
// edited by hand from then on.
//
// A story's original is its lead, paragraphs, captions and signature as
// clean.PlainText would give them. Its re-posts apply a recipe of the
// edits seen when a city re-posts a ward's article.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

type line struct{ tag, text string }

type story struct {
	id, unit, unitName string
	lines              []line
}

type family struct {
	id, desc string
	lines    []line
	wards    []map[string]string
}

type Item struct {
	Unit  string   `json:"unit"`
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Edits []string `json:"edits"`
}

type Group struct {
	Group  string `json:"group"`
	Kind   string `json:"kind"`
	Family string `json:"family,omitempty"`
	Items  []Item `json:"items"`
}

func main() {
	stories, families := parse()
	var other []string // titles for "Tin liên quan" furniture
	for _, s := range stories {
		other = append(other, get(s.lines, "T"))
	}
	out := "../corpus"
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	n := 0
	for i, s := range stories {
		g := Group{Group: s.id, Kind: "story"}
		g.Items = append(g.Items, Item{Unit: s.unit, Title: get(s.lines, "T"), Text: render(s.lines), Edits: []string{"original"}})
		reposts := 1 + i%3
		for r := 0; r < reposts; r++ {
			g.Items = append(g.Items, repost(s, i, r, other[(i+7+r)%len(other)]))
		}
		write(out, g)
		n++
	}
	for fi, f := range families {
		for wi, w := range f.wards {
			lines := fill(f.lines, w)
			unit := slug(w["ward"])
			s := story{id: fmt.Sprintf("%s-%s", f.id, unit), unit: unit, unitName: cap1(w["kind"]) + " " + w["ward"], lines: lines}
			g := Group{Group: s.id, Kind: "template", Family: f.id}
			g.Items = append(g.Items, Item{Unit: unit, Title: get(lines, "T"), Text: render(lines), Edits: []string{"original"}})
			if w["repost"] == "1" {
				g.Items = append(g.Items, repost(s, 100+fi*10+wi, 0, other[(fi*7+wi)%len(other)]))
			}
			write(out, g)
			n++
		}
	}
	log.Printf("wrote %d groups", n)
}

func write(dir string, g Group) {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, g.Group+".json"), append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

func parse() ([]story, []family) {
	files, _ := filepath.Glob("stories-*.txt")
	sort.Strings(files)
	var stories []story
	for _, f := range files {
		for _, blk := range blocks(f, "==") {
			h := strings.Split(blk.head, "|")
			stories = append(stories, story{id: strings.TrimSpace(h[0]), unit: strings.TrimSpace(h[1]), unitName: strings.TrimSpace(h[2]), lines: blk.lines})
		}
	}
	var families []family
	for _, blk := range blocks("templates.txt", "%%") {
		h := strings.Split(blk.head, "|")
		f := family{id: strings.TrimSpace(h[0]), desc: strings.TrimSpace(h[1])}
		for _, l := range blk.lines {
			if l.tag != "W" {
				f.lines = append(f.lines, l)
				continue
			}
			w := map[string]string{}
			for _, kv := range strings.Split(l.text, "; ") {
				k, v, _ := strings.Cut(kv, "=")
				w[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			f.wards = append(f.wards, w)
		}
		families = append(families, f)
	}
	return stories, families
}

type block struct {
	head  string
	lines []line
}

func blocks(path, marker string) []block {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var out []block
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		t := sc.Text()
		switch {
		case strings.HasPrefix(t, marker+" "):
			out = append(out, block{head: strings.TrimPrefix(t, marker+" ")})
		case len(t) > 3 && t[1] == ':' && len(out) > 0:
			out[len(out)-1].lines = append(out[len(out)-1].lines, line{t[:1], strings.TrimSpace(t[2:])})
		}
	}
	return out
}

func get(ls []line, tag string) string {
	for _, l := range ls {
		if l.tag == tag {
			return l.text
		}
	}
	return ""
}

var slot = regexp.MustCompile(`\{(\w+)\}`)

func fill(ls []line, w map[string]string) []line {
	out := make([]line, len(ls))
	for i, l := range ls {
		out[i] = line{l.tag, strings.TrimSpace(slot.ReplaceAllStringFunc(l.text, func(m string) string {
			v, ok := w[m[1:len(m)-1]]
			if !ok {
				log.Fatalf("no slot %s", m)
			}
			return v
		}))}
	}
	return out
}

// render is the plain text of an item: one paragraph per line pair, in
// page order; R (a re-poster's wording) is not part of the original.
func render(ls []line) string {
	var ps []string
	for _, l := range ls {
		switch l.tag {
		case "L", "P", "C", "G":
			ps = append(ps, l.text)
		}
	}
	return strings.Join(ps, "\n\n")
}

var recipes = [][]string{
	{"prefix", "dc-expand", "tone-new", "caption-add", "furniture"},
	{"prefix", "reword", "drop-sentence", "signature"},
	{"trim-lead", "case", "caption-drop", "dc-expand"},
	{"prefix", "reword", "tone-new", "drop-sentence", "caption-add", "furniture"},
	{"dateline", "lead-repeat", "signature", "tone-new"},
	{"prefix", "trim-lead", "drop-sentence", "caption-add", "case"},
	{"reword", "dc-contract", "furniture", "signature", "prefix"},
}

func repost(s story, i, r int, otherTitle string) Item {
	recipe := recipes[(i*3+r)%len(recipes)]
	ls := append([]line(nil), s.lines...)
	title := get(ls, "T")
	for _, e := range recipe {
		switch e {
		case "prefix":
			switch (i + r) % 3 {
			case 0:
				title = s.unitName + ": " + title
			case 1:
				title = "UBND " + lower1(s.unitName) + " - " + title
			default:
				title = "[" + s.unitName + "] " + title
			}
		case "reword":
			if rw := get(ls, "R"); rw != "" {
				set(ls, "L", rw)
			}
		case "trim-lead":
			set(ls, "L", trimLead(get(ls, "L"), i))
		case "drop-sentence":
			ls = dropSentence(ls, i)
		case "dc-expand":
			ls = mapText(ls, func(t string) string {
				return strings.NewReplacer("đ/c", "đồng chí", "Đ/c", "Đồng chí").Replace(t)
			})
		case "dc-contract":
			ls = mapText(ls, func(t string) string {
				return strings.NewReplacer("đồng chí", "đ/c", "Đồng chí", "Đ/c").Replace(t)
			})
		case "tone-new":
			title = toneNew(title)
			ls = mapText(ls, toneNew)
		case "case":
			if i%2 == 0 {
				title = strings.ToUpper(title)
			}
			ls = mapText(ls, func(t string) string {
				return strings.NewReplacer("Phủ Lý", "Phủ lý", "Tổ dân phố", "tổ dân phố", "Ủy ban", "UB").Replace(t)
			})
		case "caption-add":
			ls = append(ls, line{"C", []string{"Ảnh: Quang cảnh buổi lễ.", "Toàn cảnh hội nghị", "Ảnh minh họa", "Một góc buổi làm việc (ảnh: CTV)"}[i%4]})
		case "caption-drop":
			var keep []line
			for _, l := range ls {
				if l.tag != "C" {
					keep = append(keep, l)
				}
			}
			ls = keep
		case "signature":
			sig := []string{"Tin, ảnh: Thanh Hương - Trung tâm VH-TT&TT thành phố", "Bài và ảnh: Minh Đức (CTV)", "Nguồn: Cổng thông tin điện tử thành phố Phủ Lý", "Hoàng Long"}[(i+r)%4]
			found := false
			for k := range ls {
				if ls[k].tag == "G" {
					ls[k].text, found = sig, true
				}
			}
			if !found {
				ls = append(ls, line{"G", sig})
			}
		case "furniture":
			ls = append(ls, line{"G", []string{"Các tin khác", "Tin liên quan:\n" + otherTitle, "Chia sẻ | In bài | Quay lại"}[(i+r)%3]})
		case "dateline":
			set(ls, "L", []string{"(Phủ Lý) - ", "PLO - ", "TTĐT - "}[i%3]+get(ls, "L"))
		case "lead-repeat":
			l := get(ls, "L")
			ls = append([]line{{"L", strings.TrimSuffix(l, ".")}}, ls...)
		}
	}
	return Item{Unit: reposter(s.unit), Title: title, Text: render(ls), Edits: recipe}
}

// reposter is the unit that re-posts: the city for its wards, the
// province portal for the city and the departments, the new province for
// the wards of 2025.
func reposter(unit string) string {
	switch {
	case strings.HasSuffix(unit, "-ward"):
		return "ninh-binh"
	case unit == "phu-ly" || strings.HasPrefix(unit, "so-") || strings.HasPrefix(unit, "bao-") || strings.HasPrefix(unit, "cong-an-"):
		return "ha-nam"
	}
	return "phu-ly"
}

func set(ls []line, tag, text string) {
	for k := range ls {
		if ls[k].tag == tag {
			ls[k].text = text
			return
		}
	}
}

func mapText(ls []line, f func(string) string) []line {
	out := make([]line, len(ls))
	for k, l := range ls {
		out[k] = line{l.tag, f(l.text)}
	}
	return out
}

// trimLead keeps the lead up to its first comma after the opening clause,
// or drops it when the story is even.
func trimLead(l string, i int) string {
	if i%2 == 0 {
		return ""
	}
	ws := strings.Fields(l)
	for k := 8; k < len(ws); k++ {
		if strings.HasSuffix(ws[k], ",") {
			return strings.TrimSuffix(strings.Join(ws[:k+1], " "), ",") + "."
		}
	}
	return l
}

var sentenceEnd = regexp.MustCompile(`[.!?]\s+`)

// dropSentence removes one sentence of the longest body paragraph that has
// more than one.
func dropSentence(ls []line, i int) []line {
	best, bestLen := -1, 0
	for k, l := range ls {
		if l.tag == "P" && len(sentenceEnd.FindAllStringIndex(l.text, -1)) > 0 && len(l.text) > bestLen {
			best, bestLen = k, len(l.text)
		}
	}
	if best < 0 {
		return ls
	}
	out := append([]line(nil), ls...)
	t := out[best].text
	idx := sentenceEnd.FindAllStringIndex(t, -1)
	starts := []int{0}
	for _, m := range idx {
		starts = append(starts, m[1])
	}
	k := i % len(starts)
	end := len(t)
	if k+1 < len(starts) {
		end = starts[k+1]
	}
	out[best].text = strings.TrimSpace(t[:starts[k]] + t[end:])
	return out
}

var toneWord = regexp.MustCompile(`\p{L}+`)

var newStyle = map[string]string{}

func init() {
	for _, p := range []string{"òa:oà", "óa:oá", "ỏa:oả", "õa:oã", "ọa:oạ", "òe:oè", "óe:oé", "ỏe:oẻ", "õe:oẽ", "ọe:oẹ", "ùy:uỳ", "úy:uý", "ủy:uỷ", "ũy:uỹ", "ụy:uỵ"} {
		o, n, _ := strings.Cut(p, ":")
		newStyle[o] = n
	}
}

// toneNew writes open oa/oe/uy syllables in the new style, as the
// portals that use it do.
func toneNew(t string) string {
	return toneWord.ReplaceAllStringFunc(t, func(w string) string {
		low := strings.ToLower(w)
		for o, n := range newStyle {
			if strings.HasSuffix(low, o) && !strings.HasSuffix(low, "q"+o) {
				rs := []rune(w)
				nr := []rune(n)
				k := len(rs) - 2
				if unicode.IsUpper(rs[k]) {
					nr[0] = unicode.ToUpper(nr[0])
				}
				if unicode.IsUpper(rs[k+1]) {
					nr[1] = unicode.ToUpper(nr[1])
				}
				return string(rs[:k]) + string(nr)
			}
		}
		return w
	})
}

func slug(s string) string {
	repl := map[rune]string{'đ': "d", 'Đ': "d"}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if v, ok := repl[r]; ok {
			b.WriteString(v)
			continue
		}
		if r == ' ' {
			b.WriteByte('-')
			continue
		}
		b.WriteString(strip(r))
	}
	return b.String()
}

func strip(r rune) string {
	const from = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
	const to = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy"
	if r < utf8.RuneSelf {
		return string(r)
	}
	fr := []rune(from)
	for k, c := range fr {
		if c == r {
			return string(to[k])
		}
	}
	return ""
}

func cap1(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lower1(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
