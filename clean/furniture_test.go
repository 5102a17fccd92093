package clean

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
)

func TestFurnitureRemoved(t *testing.T) {
	tests := []struct {
		fixture string
		want    expect
	}{
		{"furniture-cac-tin-khac", expect{
			once:   []string{fixtureBody1, fixtureBody2, "Thành uỷ Phủ Lý"},
			gone:   []string{"Các tin khác", "Hội nghị Ban Chấp hành", "Đại hội MTTQ", "Bản quyền"},
			absent: []string{"<ul>", "<li>", "/tin-tuc/hoi-nghi-ban-chap-hanh.html", "<p></p>"},
		}},
		{"furniture-tin-lien-quan", expect{
			once: []string{fixtureBody1, fixtureBody2},
			gone: []string{"Tin liên quan", "tổng kết công tác Mặt trận", "Ban Thường vụ"},
		}},
		{"furniture-tin-cung-chuyen-muc", expect{
			once:   []string{fixtureBody1, fixtureBody2},
			gone:   []string{"Tin cùng chuyên mục", "Kỷ niệm 90 năm"},
			absent: []string{"<table>", "<td>"},
		}},
		{"furniture-bai-viet-lien-quan", expect{
			once: []string{fixtureBody1, fixtureBody2},
			gone: []string{"Bài viết liên quan", "Dân vận khéo ở phường Liêm Chính"},
		}},
		{"furniture-xem-them-inline", expect{
			once: []string{fixtureBody1, fixtureBody2},
			gone: []string{"Xem thêm", "Kết quả bầu cử"},
		}},
		{"furniture-related-box-mid-article", expect{
			once: []string{fixtureBody1, fixtureBody2},
			gone: []string{"Tin liên quan", "mô hình dân vận khéo"},
		}},
		{"furniture-share-print-back", expect{
			once:   []string{fixtureBody1, fixtureBody2},
			gone:   []string{"Chia sẻ", "In bài", "Quay lại", "Về đầu trang", "Gửi email", "Bản in"},
			absent: []string{"facebook.com/sharer", "print.aspx", "mailto:", "|"},
		}},
		{"furniture-empty-paragraphs", expect{
			once:   []string{fixtureBody1, fixtureBody2},
			absent: []string{"<p></p>", "<br", "&nbsp;", "\u00a0", "\u200b", "<p> </p>"},
		}},
		{"furniture-date-line-and-views", expect{
			once: []string{fixtureBody1},
			gone: []string{"Đăng ngày", "17 - 05 - 2024", "Lượt xem", "400"},
			date: "2024-05-17T00:00:00+07:00",
		}},
		{"furniture-updated-footer", expect{
			once: []string{fixtureBody1, fixtureBody2},
			gone: []string{"Cập nhật", "08:30"},
			date: "2020-12-21T08:30:00+07:00",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			tt.want.check(t, cleanFixture(t, tt.fixture))
		})
	}
}

func TestDateLine(t *testing.T) {
	loc := hoChiMinh(t)
	tests := []struct {
		name, text string
		line       bool
		date       string // RFC 3339, "" when the line has no date
	}{
		{"party committee page header", "Thứ 2 Ngày 21/12/2020", true, "2020-12-21T00:00:00+07:00"},
		{"SharePoint header", "Đăng ngày 17 - 05 - 2024", true, "2024-05-17T00:00:00+07:00"},
		{"hit counter alone", "Lượt xem: 400", true, ""},
		{"date and counter on one line", "21/12/2020 08:30 | Lượt xem: 1.234", true, "2020-12-21T08:30:00+07:00"},
		{"updated footer", "Cập nhật: 21/12/2020 08:30", true, "2020-12-21T08:30:00+07:00"},
		{"government print view", "07:00 - 14/09/2023", true, "2023-09-14T07:00:00+07:00"},
		{"sentence opening with a date", "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị", false, ""},
		{"document place and date", "Phủ Lý, ngày 21 tháng 12 năm 2020", false, ""},
		{"signature", "Thành uỷ Phủ lý", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hasDate, line := dateLine(tt.text, loc, testNow)
			if line != tt.line {
				t.Fatalf("dateLine(%q) line = %v, want %v", tt.text, line, tt.line)
			}
			if hasDate != (tt.date != "") {
				t.Fatalf("dateLine(%q) hasDate = %v, want %v", tt.text, hasDate, tt.date != "")
			}
			if hasDate && got.Format(time.RFC3339) != tt.date {
				t.Errorf("dateLine(%q) = %s, want %s", tt.text, got.Format(time.RFC3339), tt.date)
			}
		})
	}
}

func TestToolLine(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Chia sẻ | In bài | Quay lại", true},
		{"Chia sẻ: Facebook Zalo", true},
		{"» Về đầu trang", true},
		{"BẢN IN", true},
		{"Chia sẻ kinh nghiệm làm dân vận khéo ở cơ sở", false},
		{"In ấn tài liệu tuyên truyền", false},
		{"Facebook của phường đăng tin tuyển dụng", false},
	}
	for _, tt := range tests {
		if got := isToolLine(tt.text); got != tt.want {
			t.Errorf("isToolLine(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// What is left of a tools line once its links are gone, or a row of
// dashes, is a paragraph of separators alone: it goes too, but a
// paragraph with words or a picture stays.
func TestSeparatorParagraphsRemoved(t *testing.T) {
	c := NewCleaner(hoChiMinh(t), func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) })
	body := `<p>Hội nghị đã thông qua nghị quyết.</p><p> | </p><p>* * *</p><p>- 5 -</p><p>·</p><p><img src="https://x.vn/a.jpg"> | </p>`
	it := c.Item(&gofeed.Feed{}, &gofeed.Item{Title: "Tin", Link: "https://x.vn/1", Content: body}, bantin.Source{URL: "https://x.vn/rss"}, "https://x.vn/rss")
	for _, gone := range []string{"<p> | </p>", "* * *", "<p>·</p>"} {
		if strings.Contains(it.Content, gone) {
			t.Errorf("content keeps %q: %s", gone, it.Content)
		}
	}
	for _, kept := range []string{"nghị quyết", "- 5 -", "a.jpg"} {
		if !strings.Contains(it.Content, kept) {
			t.Errorf("content lost %q: %s", kept, it.Content)
		}
	}
	if want := PlainText(it.Content); it.Text != want {
		t.Errorf("Text = %q, want the readable text of the cleaned content %q", it.Text, want)
	}
}
