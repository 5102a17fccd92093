package clean

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// Random markup in the shapes portals send and break: the words and
// furniture of real pages, nested and left unclosed at random. It found
// what the fixtures and byte-level fuzzing did not (a cut that joins
// paragraphs, an empty <video> read as a lead).

var randomWords = []string{"Ngày", "16/12/2020,", "Ban", "Dân", "vận", "thành", "ủy", "uỷ", "tổ chức", "hội nghị", "Các tin khác",
	"Tin liên quan", "Chia sẻ", "In bài", "Lượt xem: 400", "Thứ 2 Ngày 21/12/2020", "&nbsp;", "&amp;", "a & b", "x < y", "“trích”",
	"Thủy", "THÔNG BÁO", "Xem thêm:", "\n", "  ", "\u00a0", "\u200b", "Đ/c", "e\u0301", ".", "Các tin khác:", "Gửi email", "|",
	"Cập nhật: 21/12/2020 08:30", "Ban Dân vận thành ủy", "Ban Dân vận thành ủy.", "hoà", "HOÀ", "\u0301", "&#273;", "&amp;#225;",
	"Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020."}

var randomTags = []string{"p", "div", "span", "b", "strong", "em", "i", "u", "a", "font", "h1", "h2", "h3", "ul", "li", "ol",
	"table", "tr", "td", "th", "tbody", "blockquote", "center", "section", "sub", "sup", "small", "o:p", "label", "figure",
	"figcaption", "caption", "dl", "dt", "dd", "pre", "nav", "header", "p", "p", "div", "span", "strong", "a", "table", "thead",
	"colgroup", "col", "hr", "article", "video", "noscript", "nostyle", "address"}

// randomMarkup writes a random fragment at nesting depth.
func randomMarkup(r *rand.Rand, b *strings.Builder, depth int) {
	for n := r.IntN(6); n > 0; n-- {
		switch k := r.IntN(20); {
		case k < 7:
			b.WriteString(randomWords[r.IntN(len(randomWords))])
			if r.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		case k < 15 && depth < 6:
			t := randomTags[r.IntN(len(randomTags))]
			b.WriteString("<" + t)
			switch r.IntN(6) {
			case 0:
				b.WriteString(` class="sapo"`)
			case 1:
				b.WriteString(` href="/tin/` + t + `.html" title='x'`)
			case 2:
				b.WriteString(` style="text-align:center" onclick=x()`)
			}
			b.WriteString(">")
			randomMarkup(r, b, depth+1)
			if r.IntN(8) != 0 {
				b.WriteString("</" + t + ">")
			}
		case k == 15:
			b.WriteString(`<img src="/a.jpg" alt="ảnh" width=600>`)
		case k == 16:
			b.WriteString("<br>")
		case k == 17:
			b.WriteString("<!-- c -->")
		case k == 18:
			b.WriteString("<script>x<y</script>")
		default:
			b.WriteString(`<iframe src="https://www.youtube.com/embed/x"></iframe>`)
		}
	}
}

// randomItem makes the i-th item of a random feed.
func randomItem(r *rand.Rand) *gofeed.Item {
	var content, desc strings.Builder
	randomMarkup(r, &content, 0)
	if r.IntN(3) == 0 {
		randomMarkup(r, &desc, 3)
	}
	return &gofeed.Item{Title: "Ban Dân vận thành ủy", Content: content.String(), Description: desc.String(),
		Link: "https://hanam.gov.vn/a.html"}
}

// randomCase is the golden set's feed of random markup.
func randomCase() goldenCase {
	r := rand.New(rand.NewPCG(2026, 6))
	gc := goldenCase{Name: "random markup", FeedURL: testFeedURL}
	for range 2500 {
		it := randomItem(r)
		gc.Items = append(gc.Items, goldenInput{Title: it.Title, Content: it.Content, Description: it.Description, Link: it.Link})
	}
	return gc
}

// Each fast part holds to what it replaced, on random markup: the tree
// to the parser's, the writer to bluemonday, Item.Text to PlainText of
// Item.Content, the cheap tests to the costly ones.
func TestRandomMarkup(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	c := goldenCleaner(t)
	loc := time.FixedZone("+07", 7*3600)
	n := 1500
	if testing.Short() {
		n = 200
	}
	for range n {
		it := randomItem(r)
		checkBuildTree(t, it.Content)
		checkSanitizeTree(t, it.Content)
		got := c.Item(nil, it, testSource, testFeedURL)
		assertSafe(t, got.Content)
		if want := PlainText(got.Content); got.Text != want {
			t.Errorf("Text of %q\n  = %q\nPlainText(Content) = %q", it.Content, got.Text, want)
		}
		for _, p := range strings.Split(got.Text, "\n\n") {
			checkCheapTests(t, p, p+".", loc)
		}
		if t.Failed() {
			return
		}
	}
}
