package publish

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"bantin"
)

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
		`<li class="ok">OK: 1</li>`,
		`<li class="silent">im lặng: 2</li>`,
		`<li class="failing">lỗi: 1</li>`,
		`<li class="warning">cảnh báo: 1</li>`,
		`<a href="/units/phu-ly">Thành phố Phủ Lý</a>`,
		`<a href="/units/so-gd">Sở Giáo dục &amp; Đào tạo &lt;Hà Nam&gt;</a>`,
		`<tr id="u-le-hong-phong" class="d2" style="--depth: 2">`,
		`title="09:15 21/12/2020">5 ngày trước</time>`,
		`lỗi chứng chỉ TLS từ 10:00 26/12/2020`,
		`không có tin mới trong 3 ngày`,
		`chưa có tin`,
		`href="http://bantin.test/feeds/all.atom"`,
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
		`<a href="http://bantin.test/feeds/phu-ly.rss">RSS</a>`,
		`<a href="http://bantin.test/feeds/phu-ly.atom">Atom</a>`,
		`<a href="http://bantin.test/feeds/phu-ly.json">JSON Feed</a>`,
		`https://phuly.example.gov.vn/rss/thong-bao.xml`,
		`<summary>2 lần lấy gần nhất</summary>`,
		`máy chủ báo lỗi HTTP: 503 Service Unavailable`,
		`1 mới, 0 sửa, 1 trùng`,
		`420 ms`,
		`Chưa lấy lần nào.`,
		`Giá điện &lt; 2.000 đồng &amp; &#34;hội nghị&#34; tổng kết`,
		`Đại hội Đoàn thanh niên thành phố`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("unit page lacks %s", want)
		}
	}
}

// TestPagesRefuseScriptLinks: a story link that is not http(s) is not
// made clickable, whatever the store holds.
func TestPagesRefuseScriptLinks(t *testing.T) {
	e := newTestEnv(t)
	evil := item("javascript:alert(1)", "<script>alert(1)</script>", "", time.Date(2020, 12, 22, 9, 0, 0, 0, ict))
	evil.CanonicalLink = "https://evil.example/1"
	e.record(e.cfg.Units[3].Sources[0].URL, "so-gd", evil)
	page := string(e.get("/units/so-gd").body)
	if strings.Contains(page, "javascript:") || strings.Contains(page, "<script>") {
		t.Errorf("page carries a script:\n%s", page)
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
	if r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if strings.Contains(string(r.body), "<script") || strings.Contains(string(r.body), "http://fonts") {
		t.Error("page loads a script or an external asset")
	}
}
