package publish

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
)

// pageRow is one row of the overview's table as a reader sees it.
type pageRow struct {
	id, html string
	context  bool
	badges   []string
}

var (
	rowRE   = regexp.MustCompile(`(?s)<tr id="u-([a-z0-9-]+)" class="([^"]*)".*?</tr>`)
	badgeRE = regexp.MustCompile(`<span class="badge [a-z]+">([^<]+)</span>`)
)

func rowsOf(page string) []pageRow {
	var out []pageRow
	for _, m := range rowRE.FindAllStringSubmatch(page, -1) {
		r := pageRow{id: m[1], html: m[0], context: strings.Contains(m[2], "context")}
		for _, b := range badgeRE.FindAllStringSubmatch(m[0], -1) {
			r.badges = append(r.badges, b[1])
		}
		out = append(out, r)
	}
	return out
}

func ids(rows []pageRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.id
	}
	return out
}

func statusWords(ss []status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = vi.statusName(s)
	}
	return out
}

// provinceStatuses: on the morning of the simulated province, every
// unit shows the statuses it is in, and the counts at the top add up.
func provinceStatuses(t *testing.T, p *simProvince) {
	r := p.get("/")
	checkPageHeaders(t, r)
	page := string(r.body)
	rows := rowsOf(page)
	if len(rows) != len(simUnits) {
		t.Fatalf("%d rows for %d units", len(rows), len(simUnits))
	}
	byID := make(map[string]pageRow)
	for _, row := range rows {
		byID[row.id] = row
	}
	for _, u := range simUnits {
		if got, want := byID[u.id].badges, statusWords(u.want); !slices.Equal(got, want) {
			t.Errorf("%s (%s): %q, want %q", u.id, u.name, got, want)
		}
	}
	for _, s := range statuses {
		want := fmt.Sprintf(`>%s: %d</a>`, vi.statusName(s), wantCount(s))
		if !strings.Contains(page, want) {
			t.Errorf("counts lack %s", want)
		}
	}
	if !strings.Contains(page, fmt.Sprintf(`>Tất cả: %d</a>`, len(simUnits))) {
		t.Error("no count of every unit")
	}
	for _, want := range []string{
		`không tìm thấy tên miền từ 10:00 26/11/2024 (3 lần liên tiếp)`,
		`21 ngày không có tin mới (ngưỡng 7 ngày)`,
		`chưa có tin nào`,
		`bỏ qua kiểm tra chứng chỉ TLS`,
		`title="08:30 25/11/2024">21 ngày trước</time>`,
		`Trực thuộc: <span class="failing-text">1 lỗi</span>, <span class="silent-text">2 im lặng</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
}

// provinceOverviewWorstFirst: by default the tree is kept and, at every
// level, the branch with the worst unit comes first.
func provinceOverviewWorstFirst(t *testing.T, p *simProvince) {
	rows := rowsOf(string(p.get("/").body))
	var cities, tamDiep []string
	for _, r := range rows {
		switch u := simUnitByID(r.id); u.parent {
		case "ninh-binh":
			cities = append(cities, r.id)
		case "tam-diep":
			tamDiep = append(tamDiep, r.id)
		}
	}
	// Every city has a failing unit below it: its own status decides,
	// then how long it has been silent.
	if want := []string{"tam-diep", "nho-quan", "yen-khanh", "hoa-lu", "cac-so"}; !slices.Equal(cities, want) {
		t.Errorf("cities in order %q, want %q", cities, want)
	}
	if want := []string{"nam-son", "yen-son", "quang-son", "trung-son", "bac-son", "tay-son"}; !slices.Equal(tamDiep, want) {
		t.Errorf("Tam Điệp's wards in order %q, want %q", tamDiep, want)
	}
	if rows[0].id != "ninh-binh" || !strings.Contains(rows[1].html, `class="d1"`) || !strings.Contains(rows[2].html, `class="d2"`) {
		t.Errorf("the tree does not start with the province, a city, a ward: %q", ids(rows[:3]))
	}
	best := rowsOf(string(p.get("/?sort=status&dir=asc").body))
	if best[1].id != "cac-so" {
		t.Errorf("best first: first city %s, want cac-so", best[1].id)
	}
}

func simUnitByID(id string) simUnit {
	for _, u := range simUnits {
		if u.id == id {
			return u
		}
	}
	return simUnit{}
}

// provinceOverviewFilter: ?status= keeps the units in that status, with the
// units above them as context rows that carry no status.
func provinceOverviewFilter(t *testing.T, p *simProvince) {
	for _, s := range statuses {
		t.Run(s.slug(), func(t *testing.T) {
			r := p.get("/?status=" + s.slug())
			checkPageHeaders(t, r)
			rows := rowsOf(string(r.body))
			var matched []string
			need := make(map[string]bool)
			for _, u := range simUnits {
				if slices.Contains(u.want, s) {
					matched = append(matched, u.id)
					for a := u.parent; a != ""; a = simUnitByID(a).parent {
						need[a] = true
					}
				}
			}
			var got []string
			for _, row := range rows {
				if row.context {
					if len(row.badges) != 0 || !need[row.id] {
						t.Errorf("context row %s: badges %q, needed %v", row.id, row.badges, need[row.id])
					}
					continue
				}
				got = append(got, row.id)
				if !slices.Contains(row.badges, vi.statusName(s)) {
					t.Errorf("%s shown under %s with %q", row.id, s.slug(), row.badges)
				}
			}
			slices.Sort(got)
			slices.Sort(matched)
			if !slices.Equal(got, matched) {
				t.Errorf("units shown %q, want %q", got, matched)
			}
			if !strings.Contains(string(r.body), `href="/?dir=desc&amp;sort=status&amp;status=`+s.slug()+`" aria-current="true"`) {
				t.Error("the current filter is not marked")
			}
		})
	}
}

// provinceOverviewSort: any column sorts the units as a flat list, each
// with its parent, ties in tree order; names in Vietnamese order.
func provinceOverviewSort(t *testing.T, p *simProvince) {
	position := func(rows []pageRow) map[string]int {
		out := make(map[string]int)
		for i, r := range rows {
			out[r.id] = i
		}
		return out
	}
	t.Run("name", func(t *testing.T) {
		page := string(p.get("/?sort=name").body)
		rows := rowsOf(page)
		at := position(rows)
		// Đ comes after D and before N in Vietnamese, not after every
		// ASCII letter as in byte order.
		for _, pair := range [][2]string{{"bac-son", "dong-thanh"}, {"dong-thanh", "nam-binh"}, {"nho-quan", "yen-khanh"},
			{"so-tttt", "so-yt"}, {"khanh-hoi", "khanh-nhac"}, {"khanh-trung", "ky-phu"}} {
			if at[pair[0]] > at[pair[1]] {
				t.Errorf("%s after %s", pair[0], pair[1])
			}
		}
		if strings.Contains(page, `class="d1"`) || !strings.Contains(rows[at["nam-son"]].html, `<span class="parent">thuộc Thành phố Tam Điệp</span>`) {
			t.Error("a flat list is indented or does not name the parent")
		}
		if !strings.Contains(page, `aria-sort="ascending"><a href="/?dir=desc&amp;sort=name">Đơn vị ▲</a>`) {
			t.Error("the name heading does not say it sorts, nor lead to the other direction")
		}
		back := rowsOf(string(p.get("/?sort=name&dir=desc").body))
		if ids(back)[0] != ids(rows)[len(rows)-1] {
			t.Errorf("descending starts with %s, ascending ends with %s", ids(back)[0], ids(rows)[len(rows)-1])
		}
	})
	for _, tc := range []struct {
		sort  string
		value func(bantin.Activity) int64
	}{
		{"today", func(a bantin.Activity) int64 { return int64(a.Today) }},
		{"d7", func(a bantin.Activity) int64 { return int64(a.Days7) }},
		{"d30", func(a bantin.Activity) int64 { return int64(a.Days30) }},
		{"last", func(a bantin.Activity) int64 { return a.LastItemAt.UnixNano() }},
	} {
		for _, dir := range []string{"asc", "desc"} {
			t.Run(tc.sort+"-"+dir, func(t *testing.T) {
				act, err := p.store.UnitActivity(t.Context(), simNow, ict)
				if err != nil {
					t.Fatal(err)
				}
				rows := rowsOf(string(p.get("/?sort=" + tc.sort + "&dir=" + dir).body))
				if len(rows) != len(simUnits) {
					t.Fatalf("%d rows", len(rows))
				}
				for i := 1; i < len(rows); i++ {
					a, b := tc.value(act[rows[i-1].id]), tc.value(act[rows[i].id])
					if (dir == "asc" && a > b) || (dir == "desc" && a < b) {
						t.Errorf("%s (%d) before %s (%d)", rows[i-1].id, a, rows[i].id, b)
					}
				}
			})
		}
	}
	// The first click sorts the worst first: the fewest items, the
	// longest silence (the units that never published before all).
	first := rowsOf(string(p.get("/?sort=last").body))
	if !slices.Contains([]string{"cac-so", "ninh-tien", "quang-lac"}, first[0].id) {
		t.Errorf("sorted by last item, %s comes first", first[0].id)
	}
}

func TestOverviewRefusesBadQueries(t *testing.T) {
	e := newTestEnv(t)
	for _, q := range []string{"status=xau", "sort=ten", "dir=len", "sort=name&dir=", "status=LOI"} {
		r := e.get("/?" + q)
		wantStatus := 400
		if q == "sort=name&dir=" {
			wantStatus = 200
		}
		if r.status != wantStatus {
			t.Errorf("/?%s: %d, want %d: %s", q, r.status, wantStatus, r.body)
		}
	}
	if r := e.get("/?status=xau"); !strings.Contains(string(r.body), "loi, im-lang, canh-bao, ok, khong-nguon") {
		t.Errorf("the error does not list the statuses: %s", r.body)
	}
}

// TestOverviewPage: four days later the ward (silent after 3 days) and the
// department (never published) are silent, the city has a failing source
// and one without certificate checks, the province is fine.
func TestOverviewPage(t *testing.T) {
	e := newTestEnv(t)
	e.clock.Advance(4 * 24 * time.Hour)
	e.fail(e.cfg.Units[1].Sources[1].URL, bantin.ErrTLS, "x509: certificate has expired")
	r := e.get("/")
	page := string(r.body)
	checkPageHeaders(t, r)
	for _, want := range []string{
		`>OK: 1</a>`,
		`>im lặng: 2</a>`,
		`>lỗi: 1</a>`,
		`>cảnh báo: 1</a>`,
		`<a href="/units/phu-ly">Thành phố Phủ Lý</a>`,
		`<a href="/units/so-gd">Sở Giáo dục &amp; Đào tạo &lt;Hà Nam&gt;</a>`,
		`<tr id="u-le-hong-phong" class="d2" style="--depth: 2">`,
		`title="09:15 21/12/2020">5 ngày trước</time>`,
		`lỗi chứng chỉ TLS từ 10:00 26/12/2020`,
		`5 ngày không có tin mới (ngưỡng 3 ngày)`,
		`chưa có tin`,
		`href="http://bantin.test/feeds/all.atom"`,
		`<svg class="spark" width="119" height="20"`,
		`aria-label="2 tin trong 30 ngày; nhiều nhất 1 tin ngày 19/12"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
	row := regexp.MustCompile(`(?s)<tr id="u-phu-ly".*?</tr>`).FindString(page)
	for _, want := range []string{">lỗi<", ">cảnh báo<", `<td class="n" data-label="7 ngày">2</td>`} {
		if !strings.Contains(row, want) {
			t.Errorf("city row lacks %s:\n%s", want, row)
		}
	}
	if strings.Contains(row, ">im lặng<") {
		t.Errorf("city row says silent after 5 days with a 7-day threshold:\n%s", row)
	}
}

func TestUnitPage(t *testing.T) {
	e := newTestEnv(t)
	e.clock.Advance(time.Hour)
	e.fail(e.cfg.Units[1].Sources[0].URL, bantin.ErrHTTP, "503 Service Unavailable")
	r := e.get("/units/phu-ly")
	page := string(r.body)
	checkPageHeaders(t, r)
	for _, want := range []string{
		`<h1>Thành phố Phủ Lý</h1>`,
		`<a href="/units/ha-nam">Tỉnh Hà Nam</a>`,                          // breadcrumb
		`<li><a href="/units/le-hong-phong">Phường Lê Hồng Phong</a></li>`, // child
		`<label for="feed-0">RSS</label><input type="url" id="feed-0" readonly value="http://bantin.test/feeds/phu-ly.rss">`,
		`<a href="http://bantin.test/feeds/phu-ly.atom">Atom</a>`,
		`<a href="http://bantin.test/feeds/phu-ly.json">JSON Feed</a>`,
		`https://phuly.example.gov.vn/rss/thong-bao.xml`,
		`<summary>2 lần lấy gần nhất</summary>`,
		`máy chủ báo lỗi HTTP: 503 Service Unavailable`,
		`1 mới, 0 sửa, 1 trùng`,
		`420 ms`,
		`Chưa lấy lần nào.`,
		// The city's own items: its copy of the ward's story, with the
		// ward as the other publisher, and its own article.
		`Giá điện &lt; 2.000 đồng &amp; &#34;hội nghị&#34; tổng kết`,
		`<a href="#nguon-1" title="https://phuly.example.gov.vn/rss/tin-tuc.xml">rss/tin-tuc.xml</a>`,
		`<td data-label="Cũng đăng bởi"><a href="/units/le-hong-phong">Phường Lê Hồng Phong</a></td>`,
		`Đại hội Đoàn thanh niên thành phố`,
		`<input type="hidden" name="unit" value="phu-ly">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("unit page lacks %s", want)
		}
	}
	if n := strings.Count(page, "<tr>\n<td>") + strings.Count(page, `<tr class="failed">`); n != 2+2 {
		t.Errorf("%d item and fetch rows, want 2 items and 2 fetches", n)
	}
	if r := e.get("/units/so-gd"); !strings.Contains(string(r.body), "Chưa có tin nào.") {
		t.Error("a unit with no item does not say so")
	}
}

// TestPagesRefuseScriptLinks: a story link that is not http(s) is not
// made clickable, whatever the store holds.
func TestPagesRefuseScriptLinks(t *testing.T) {
	e := newTestEnv(t)
	evil := item("javascript:alert(1)", "<script>alert(1)</script>", "", time.Date(2020, 12, 22, 9, 0, 0, 0, ict))
	evil.CanonicalLink = "https://evil.example/1"
	e.record(e.cfg.Units[3].Sources[0].URL, "so-gd", evil)
	for _, path := range []string{"/units/so-gd", "/items?q=alert"} {
		page := string(e.get(path).body)
		if strings.Contains(page, "javascript:") || strings.Contains(page, "<script>") {
			t.Errorf("%s carries a script:\n%s", path, page)
		}
	}
}

// TestPagesInEnglish: ?lang=en, or a browser that prefers English, gets
// English pages; ?lang follows the reader from link to link.
func TestPagesInEnglish(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		name, path, accept, want string
	}{
		{"default", "/", "", "vi"},
		{"a Vietnamese browser", "/", "vi-VN,vi;q=0.9", "vi"},
		{"an English browser", "/", "en-US,en;q=0.9", "en"},
		{"English after Vietnamese", "/", "vi;q=0.4, en-GB;q=0.8", "en"},
		{"a language we lack", "/", "fr-FR,fr;q=0.9", "vi"},
		{"a broken header", "/", ";;;q=abc", "vi"},
		{"the query wins", "/?lang=vi", "en-US", "vi"},
		{"the query asks English", "/units/phu-ly?lang=en", "vi", "en"},
		{"an unknown lang", "/?lang=fr", "", "vi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.get(tt.path, "Accept-Language", tt.accept)
			if !strings.Contains(string(r.body), `<html lang="`+tt.want+`">`) {
				t.Errorf("%s with %q: not %s", tt.path, tt.accept, tt.want)
			}
			if !strings.Contains(r.header.Get("Vary"), "Accept-Language") {
				t.Error("no Vary: Accept-Language")
			}
		})
	}
	page := string(e.get("/units/phu-ly?lang=en").body)
	for _, want := range []string{`href="/?lang=en"`, `href="/units/ha-nam?lang=en"`, `Also published by`,
		`href="/units/phu-ly?lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a>`, `<input type="hidden" name="lang" value="en">`} {
		if !strings.Contains(page, want) {
			t.Errorf("English unit page lacks %s", want)
		}
	}
	if page := string(e.get("/", "Accept-Language", "en").body); strings.Contains(page, "lang=en") && !strings.Contains(page, "lang=vi") {
		t.Error("a language chosen by the browser is written into links")
	}
}

// provinceEveryPageIsSelfContained: no script, no outside asset, a strict
// policy, on every page of the simulated province.
func provinceEveryPageIsSelfContained(t *testing.T, p *simProvince) {
	for _, path := range []string{"/", "/?status=loi", "/?sort=d7", "/units/nam-son", "/units/cac-so",
		"/items", "/items?q=thuy+loi&unit=hoa-lu", "/?lang=en", "/items?q=dan+van&page=2"} {
		r := p.get(path)
		checkPageHeaders(t, r)
		page := string(r.body)
		// Links to articles may leave; nothing the page loads may.
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", " src=", "@import", "url("} {
			if strings.Contains(page, bad) {
				t.Errorf("%s has %s", path, bad)
			}
		}
	}
}

func checkPageHeaders(t *testing.T, r response) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "style-src 'unsafe-inline'", "img-src 'self' data:", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy %q allows some script", csp)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if strings.Contains(string(r.body), "<script") || strings.Contains(string(r.body), "http://fonts") {
		t.Error("page loads a script or an external asset")
	}
}
