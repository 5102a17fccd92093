package publish

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	resultTitleRE = regexp.MustCompile(`(?s)<li>\n<a href="[^"]*">([^<]*)</a>`)
	totalRE       = regexp.MustCompile(`<strong>(\d+) kết quả</strong>`)
)

// searchAll reads every page of a search and returns the titles found
// and the total the first page announced.
func searchAll(t *testing.T, p *simProvince, query string) ([]string, int) {
	t.Helper()
	var titles []string
	total := -1
	for page := 1; page < 100; page++ {
		r := p.get("/items?" + query + "&page=" + strconv.Itoa(page))
		checkPageHeaders(t, r)
		body := string(r.body)
		if m := totalRE.FindStringSubmatch(body); m != nil && total < 0 {
			total, _ = strconv.Atoi(m[1])
		}
		for _, m := range resultTitleRE.FindAllStringSubmatch(body, -1) {
			titles = append(titles, unescape(m[1]))
		}
		if !strings.Contains(body, `rel="next"`) {
			break
		}
	}
	return titles, total
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// storiesOf lists the distinct titles the province published on topics,
// newest first, in units (all when none).
func (p *simProvince) storiesOf(topics []int, units ...string) []string {
	var out []string
	seen := make(map[string]bool)
	// Ties (every unit publishes at 08:30) go to the story stored last,
	// as in the store: the units came in order.
	items := slices.Clone(p.items)
	slices.Reverse(items)
	slices.SortStableFunc(items, func(a, b simItem) int { return b.published.Compare(a.published) })
	for _, it := range items {
		if !slices.Contains(topics, it.topic) || seen[it.title] || (len(units) > 0 && !slices.Contains(units, it.unit)) {
			continue
		}
		seen[it.title] = true
		out = append(out, it.title)
	}
	return out
}

// provinceSearchPage: staff type without diacritics, or with them in either
// tone placement, and find every story on the subject, newest first,
// page after page, and nothing where the words are apart.
func provinceSearchPage(t *testing.T, p *simProvince) {
	danVan := p.storiesOf([]int{0})
	thuyLoi := p.storiesOf([]int{1, 3})
	tests := []struct {
		name, query string
		want        []string
	}{
		{"without diacritics", "q=dan+van", danVan},
		{"with diacritics", "q=d%C3%A2n+v%E1%BA%ADn", danVan},
		{"thuy finds thủy and thuỷ", "q=thuy+loi", thuyLoi},
		{"thuỷ finds thủy", "q=thu%E1%BB%B7+l%E1%BB%A3i", thuyLoi},
		{"in one ward", "q=dan+van&unit=tan-thanh", p.storiesOf([]int{0}, "tan-thanh")},
		{"in a city and its wards", "q=thuy+loi&unit=nho-quan",
			p.storiesOf([]int{1, 3}, "nho-quan", "tt-nho-quan", "cuc-phuong", "ky-phu", "phu-long", "quang-lac", "gia-lam")},
		{"two phrases", "q=thuy+loi,+xa+ky+phu", p.storiesOf([]int{1, 3}, "ky-phu")},
		{"nothing", "q=bao+lut", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := searchAll(t, p, tt.query)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %d titles, want %d\n got %q\nwant %q", tt.query, len(got), len(tt.want), head(got), head(tt.want))
			}
			if len(tt.want) > 0 && total != len(tt.want) {
				t.Errorf("announced %d results, want %d", total, len(tt.want))
			}
		})
	}
	if len(danVan) <= searchPageSize {
		t.Fatalf("the fixture has %d dân vận stories: too few to page", len(danVan))
	}
	page := string(p.get("/items?q=dan+van").body)
	for _, want := range []string{`value="dan van"`, `Trang 1/`, `rel="next" href="/items?page=2&amp;q=dan&#43;van"`,
		`<option value="" selected>Tất cả đơn vị</option>`, "<option value=\"dong-thanh\">\u00a0\u00a0\u00a0\u00a0Phường Đông Thành</option>"} {
		if !strings.Contains(page, want) {
			t.Errorf("results page lacks %s", want)
		}
	}
	if strings.Contains(page, `rel="prev"`) {
		t.Error("the first page links to a previous one")
	}
}

func head(s []string) []string { return s[:min(len(s), 3)] }

func TestSearchPageRefusesBadQueries(t *testing.T) {
	e := newTestEnv(t)
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"", 200},
		{"q=", 200},
		{"q=%22*%3A%5E", 200}, // only FTS syntax: nothing to search, no error
		{"q=x&unit=tp-phu-ly", 200},
		{"q=x&unit=all", 200},
		{"q=x&unit=ha-tay", 400},
		{"q=x&page=0", 400},
		{"q=x&page=-1", 400},
		{"q=x&page=hai", 400},
		{"q=x&page=501", 400},
		{"q=" + strings.Repeat("a", maxQueryRunes+1), 400},
	} {
		if r := e.get("/items?" + tc.query); r.status != tc.status {
			t.Errorf("/items?%.40s: %d, want %d: %s", tc.query, r.status, tc.status, r.body)
		}
	}
	if page := string(e.get("/items").body); strings.Contains(page, "kết quả") || !strings.Contains(page, `<form method="get" action="/items" role="search">`) {
		t.Error("an empty search shows results, or no form")
	}
	if page := string(e.get("/items?q=khong+co+tu+nay").body); !strings.Contains(page, "Không tìm thấy tin nào.") {
		t.Error("no result is not said")
	}
	for query, prev := range map[string]string{
		"q=khong+co+tu+nay&page=7": `href="/items?page=1&amp;q=khong&#43;co&#43;tu&#43;nay"`,
		"q=tong+ket&page=9":        `href="/items?page=1&amp;q=tong&#43;ket"`,
	} {
		page := string(e.get("/items?" + query).body)
		if !strings.Contains(page, `rel="prev" `+prev) || strings.Contains(page, `rel="next"`) {
			t.Errorf("past the last page of %s, the way back is not %s", query, prev)
		}
	}
}
