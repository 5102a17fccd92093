package publish

import (
	"time"

	"bantin"
)

// ict is the zone of Vietnamese portals (UTC+7, no daylight saving); a
// fixed zone keeps the tests independent of the machine's tzdata.
var ict = time.FixedZone("ICT", 7*3600)

const testBase = "http://bantin.test"

// testConfig is a small province: a root with a city and a ward under it,
// and a second root whose name needs escaping.
func testConfig() *bantin.Config {
	return &bantin.Config{
		Title:    "Tin tức tỉnh Hà Nam",
		Location: ict,
		BaseURL:  testBase,
		Units: []bantin.Unit{
			{ID: "ha-nam", Name: "Tỉnh Hà Nam", Sources: []bantin.Source{
				{URL: "https://hanam.example.gov.vn/rss/tin-tuc.xml", Unit: "ha-nam"},
			}},
			{ID: "phu-ly", Name: "Thành phố Phủ Lý", Parent: "ha-nam", Aliases: []string{"tp-phu-ly"}, Sources: []bantin.Source{
				{URL: "https://phuly.example.gov.vn/rss/tin-tuc.xml", Unit: "phu-ly"},
				{URL: "https://phuly.example.gov.vn/rss/thong-bao.xml", Unit: "phu-ly", TLSInsecure: true},
			}},
			{ID: "le-hong-phong", Name: "Phường Lê Hồng Phong", Parent: "phu-ly", SilentDays: 3, Sources: []bantin.Source{
				{URL: "https://lehongphong.example.gov.vn/rss.aspx", Unit: "le-hong-phong"},
			}},
			{ID: "so-gd", Name: "Sở Giáo dục & Đào tạo <Hà Nam>", Sources: []bantin.Source{
				{URL: "https://sogd.example.gov.vn/Rss.aspx?catid=1&rec=50", Unit: "so-gd"},
			}},
		},
	}
}

// testStories are two stories as the store returns them: one published
// by a ward and its city, with text that must be escaped, and one that
// came without a summary or an author.
func testStories() []bantin.Story {
	return []bantin.Story{
		{
			ID:        "urn:bantin:3f2a9c",
			Title:     `Giá điện < 2.000 đồng & "hội nghị" tổng kết công tác dân vận năm 2020`,
			Link:      "https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html",
			Summary:   "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị <tổng kết> & trao thưởng.",
			Content:   `<p>Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị &lt;tổng kết&gt; &amp; trao thưởng.</p><p><img src="https://phuly.example.gov.vn/anh.jpg" alt="Các đại biểu dự hội nghị"></p>`,
			Author:    "Minh Anh",
			Published: time.Date(2020, 12, 21, 8, 30, 0, 0, ict),
			Updated:   time.Date(2020, 12, 21, 9, 0, 0, 0, ict),
			Units:     []string{"le-hong-phong", "phu-ly"},
			Links: []string{
				"https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html",
				"https://phuly.example.gov.vn/tin-tuc/hoi-nghi-tong-ket-123.html",
			},
		},
		{
			ID:        "urn:bantin:77b01e",
			Title:     "Thông báo lịch tiếp công dân tháng 12",
			Link:      "https://hanam.example.gov.vn/thong-bao/lich-tiep-cong-dan.html",
			Content:   "<p><strong>Ủy ban nhân dân tỉnh</strong> thông báo lịch tiếp công dân định kỳ tháng 12 năm 2020 của lãnh đạo tỉnh.</p>",
			Published: time.Date(2020, 12, 20, 1, 0, 0, 0, time.UTC),
			Units:     []string{"ha-nam"},
			Links:     []string{"https://hanam.example.gov.vn/thong-bao/lich-tiep-cong-dan.html"},
		},
	}
}

// testSnapshot is the snapshot of testConfig as a Server would hold it.
func testSnapshot() *snapshot {
	return newSnapshot(testConfig(), testBase, ict, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
}

// newRendered makes the rendering of body with a compressor of its own;
// the server makes its renderings with its cache's (renderCache.newRendered).
func newRendered(body []byte, modTime time.Time) (*rendered, error) {
	return new(gzipCodec).newRendered(body, modTime)
}
