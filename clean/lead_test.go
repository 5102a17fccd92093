package clean

import (
	"os"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"bantin/vntext"
)

// The texts of the fixtures in testdata/items.
const (
	fixtureTitle = "Hội nghị tổng kết công tác dân vận năm 2020"
	fixtureLead  = "Sáng 16/12, Ban Dân vận Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020 và triển khai nhiệm vụ năm 2021"
	fixtureBody1 = "Năm 2020, công tác dân vận đã được cả hệ thống chính trị thành phố triển khai thực hiện có hiệu quả"
	fixtureBody2 = "Phát biểu kết luận hội nghị, đồng chí Phó Bí thư Thường trực Thành ủy biểu dương"
)

func TestLeadKeptOnce(t *testing.T) {
	tests := []struct {
		fixture string
		want    expect
	}{
		{"lead-in-description-repeated-in-content", expect{
			once: []string{fixtureLead, fixtureBody1, fixtureBody2}, summary: fixtureLead,
		}},
		{"lead-in-description-missing-from-content", expect{
			once: []string{fixtureLead, fixtureBody1}, summary: fixtureLead,
			contains: []string{"<p><strong>" + fixtureLead + "</strong></p>"},
		}},
		{"description-is-excerpt-of-content", expect{
			once: []string{fixtureBody1}, summary: fixtureBody1 + ", chủ đề năm “Dân vận khéo” đạt nhiều kết quả thiết thực.",
			absent: []string{"<strong>"},
		}},
		{"lead-in-strong-then-repeated", expect{
			once: []string{fixtureLead, fixtureBody1}, summary: fixtureLead,
			contains: []string{"<strong>" + fixtureLead + "</strong>"},
		}},
		{"lead-in-strong-with-br-then-repeated", expect{
			once: []string{fixtureLead, fixtureBody1, fixtureBody2}, summary: fixtureLead,
		}},
		{"lead-article-summary-block", expect{
			once: []string{fixtureLead, fixtureBody1}, summary: fixtureLead,
		}},
		{"lead-repeat-differs-in-spacing-case-and-nbsp", expect{
			once: []string{fixtureLead, fixtureBody1}, summary: fixtureLead, absent: []string{"SÁNG 16/12"},
		}},
		{"lead-repeat-differs-in-tone-placement", expect{
			once: []string{fixtureLead}, summary: fixtureLead, absent: []string{"Thành uỷ"},
		}},
		{"lead-repeat-differs-in-unicode-form", expect{
			once: []string{fixtureLead}, summary: fixtureLead,
		}},
		{"only-similar-paragraph-kept", expect{
			once:     []string{fixtureLead, "Chiều 16/12, Ban Dân vận"},
			contains: []string{"Chiều 16/12"},
			// nothing is marked or repeated: the first paragraph is the summary
			summary: fixtureLead,
		}},
		{"title-repeated-as-first-paragraph", expect{
			noPara: []string{fixtureTitle}, once: []string{fixtureLead}, summary: fixtureLead + ".",
			title: fixtureTitle, absent: []string{"<h1>", "<h2>"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			tt.want.check(t, cleanFixture(t, tt.fixture))
		})
	}
}

// realArticle is the real page of testdata/phuly-dan-van-2020.txt as its
// portal serves it (testdata/phuly-dan-van-2020.html): the page's date
// line, the title, the sapo without its final period and again with it,
// photos with captions, no-break spaces, a signature, "Các tin khác".
func TestRealArticle(t *testing.T) {
	const (
		title = "Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020, triển khai phương hướng nhiệm vụ năm 2021"
		lead  = "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020, triển khai phương hướng nhiệm vụ năm 2021. Dự hội nghị có đ/c Phạm Thị Thủy - Phó Trưởng Ban Dân vận Tỉnh ủy, đ/c Phạm Chí Thống - Phó Bí thư TT thành ủy, các đ/c Phó Bí thư đảng ủy các phường xã trên địa bàn thành phố"
	)
	page, err := os.ReadFile("testdata/phuly-dan-van-2020.html")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("testdata/phuly-dan-van-2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	common := expect{
		once:    []string{lead, "Các đại biểu dự hội nghị", "Thành uỷ Phủ lý", "tham mưu giúp BTV Thành ủy ban hành 45 văn bản"},
		noPara:  []string{title},
		gone:    []string{"Thứ 2 Ngày 21/12/2020", "Các tin khác", "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 2"},
		absent:  []string{"\u00a0", "&nbsp;", "onerror", "Thứ 2 Ngày"},
		summary: lead,
		date:    "2020-12-21T00:00:00+07:00",
	}
	tests := []struct {
		name string
		item gofeed.Item
		want expect
	}{
		{"portal page as content", gofeed.Item{Title: title, Content: string(page), Link: "https://phuly.hanam.gov.vn/Pages/tin-tuc/ban-dan-van-thanh-uy-tong-ket-2020.aspx"}, common},
		{"page text as plain description", gofeed.Item{Title: title + ".", Description: string(text), Link: "https://phuly.hanam.gov.vn/Pages/tin-tuc/ban-dan-van-thanh-uy-tong-ket-2020.aspx"}, common},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testCleaner(t).Item(&gofeed.Feed{}, &tt.item, testSource, testFeedURL)
			tt.want.check(t, got)
			if got.Title != strings.TrimSpace(tt.item.Title) {
				t.Errorf("title changed: %q", got.Title)
			}
			if !vntextSame(got.Summary, lead) {
				t.Errorf("summary %q is not the lead", got.Summary)
			}
		})
	}
	got := testCleaner(t).Item(&gofeed.Feed{}, &tests[0].item, testSource, testFeedURL)
	for _, img := range []string{
		`src="https://phuly.hanam.gov.vn/Uploads/images/2020/12/hoi-nghi-dan-van.jpg"`,
		`src="https://phuly.hanam.gov.vn/Uploads/images/2020/12/dc-thong.jpg"`,
	} {
		if !strings.Contains(got.Content, img) {
			t.Errorf("content lacks image %s", img)
		}
	}
}

func vntextSame(a, b string) bool { return vntext.Fold(a) == vntext.Fold(b) }

func TestRepeatedOpeningOnlyNearTheTop(t *testing.T) {
	// Two equal paragraphs deep in the body are not a lead and its repeat
	// (a refrain, a repeated slogan): the lead rule leaves them alone.
	var b strings.Builder
	for i := range 6 {
		b.WriteString("<p>Đoạn văn thứ " + string(rune('A'+i)) + " của bài viết về công tác dân vận.</p>")
	}
	b.WriteString("<p>Dân vận khéo</p><p>Dân vận khéo</p>")
	got := testCleaner(t).Item(nil, &gofeed.Item{Title: "Bài", Content: b.String()}, testSource, testFeedURL)
	if n := countFolded(got.Content, "Dân vận khéo"); n != 2 {
		t.Errorf("refrain appears %d times, want 2: %s", n, got.Content)
	}
}
