package publish

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
)

// simNow is the morning staff look at the simulated province: Monday
// 16 December 2024, 10:00 in Hà Nội.
var simNow = time.Date(2024, 12, 16, 10, 0, 0, 0, ict)

// simSource is how one source of a simulated unit behaves.
type simSource struct {
	fail      bantin.ErrorKind // "": it works
	status    int              // HTTP status of the failures, if any
	msg       string
	failedFor time.Duration // since the first failure of the run
	insecure  bool
	never     bool // never fetched yet
}

// simUnit is one unit of the simulated province and what staff must see.
type simUnit struct {
	id, name, parent string
	silentDays       int
	sources          []simSource
	last, every      int // items from last days ago back to simHistory days, every few days; last -1: none
	want             []status
}

// simHistory is how far back units have published.
const simHistory = 75

var works = simSource{}

// simUnits is a province of 33 units on four levels: departments under a
// grouping unit, cities and districts, wards and communes. Some are
// silent, some have broken sources (of every kind), some are fetched
// without certificate checks, and one has a longer silence threshold.
var simUnits = []simUnit{
	{"ninh-binh", "Tỉnh Ninh Bình", "", 0, []simSource{works}, 0, 1, []status{statusOK}},
	{"cac-so", "Các sở, ngành", "ninh-binh", 0, nil, -1, 0, []status{statusNone}},
	{"so-tttt", "Sở Thông tin và Truyền thông", "cac-so", 0, []simSource{works}, 1, 2, []status{statusOK}},
	{"so-gddt", "Sở Giáo dục và Đào tạo", "cac-so", 0, []simSource{{fail: bantin.ErrTLS,
		msg: "x509: certificate has expired or is not yet valid", failedFor: 3 * 24 * time.Hour}}, 4, 2, []status{statusFailing}},
	{"so-yt", "Sở Y tế", "cac-so", 0, []simSource{{insecure: true}}, 2, 3, []status{statusWarning}},
	{"hoa-lu", "Thành phố Hoa Lư", "ninh-binh", 0, []simSource{works, works}, 0, 1, []status{statusOK}},
	{"tam-diep", "Thành phố Tam Điệp", "ninh-binh", 0, []simSource{works, {fail: bantin.ErrHTTP, status: 503,
		msg: "503 Service Unavailable", failedFor: 26 * time.Hour}}, 1, 1, []status{statusFailing}},
	{"nho-quan", "Huyện Nho Quan", "ninh-binh", 0, []simSource{works, works}, 9, 3, []status{statusSilent}},
	{"yen-khanh", "Huyện Yên Khánh", "ninh-binh", 0, []simSource{works, {insecure: true}}, 0, 2, []status{statusWarning}},
	{"dong-thanh", "Phường Đông Thành", "hoa-lu", 0, []simSource{works}, 0, 1, []status{statusOK}},
	{"tan-thanh", "Phường Tân Thành", "hoa-lu", 0, []simSource{works}, 2, 2, []status{statusOK}},
	{"nam-binh", "Phường Nam Bình", "hoa-lu", 0, []simSource{works}, 15, 3, []status{statusSilent}},
	{"ninh-khanh", "Phường Ninh Khánh", "hoa-lu", 0, []simSource{{fail: bantin.ErrTimeout,
		msg: "context deadline exceeded (Client.Timeout exceeded while awaiting headers)", failedFor: 6 * 24 * time.Hour}},
		8, 2, []status{statusFailing, statusSilent}},
	{"ninh-nhat", "Xã Ninh Nhất", "hoa-lu", 14, []simSource{works}, 10, 4, []status{statusOK}},
	{"ninh-tien", "Xã Ninh Tiến", "hoa-lu", 0, []simSource{works}, -1, 0, []status{statusSilent}},
	{"bac-son", "Phường Bắc Sơn", "tam-diep", 0, []simSource{works}, 1, 1, []status{statusOK}},
	{"trung-son", "Phường Trung Sơn", "tam-diep", 0, []simSource{works}, 3, 2, []status{statusOK}},
	{"nam-son", "Phường Nam Sơn", "tam-diep", 0, []simSource{{fail: bantin.ErrDNS,
		msg: "lookup namson.ninhbinh.example.gov.vn: no such host", failedFor: 20 * 24 * time.Hour}},
		21, 2, []status{statusFailing, statusSilent}},
	{"tay-son", "Phường Tây Sơn", "tam-diep", 0, []simSource{works}, 0, 2, []status{statusOK}},
	{"yen-son", "Xã Yên Sơn", "tam-diep", 0, []simSource{works}, 30, 5, []status{statusSilent}},
	{"quang-son", "Xã Quang Sơn", "tam-diep", 0, []simSource{works}, 6, 3, []status{statusOK}},
	{"tt-nho-quan", "Thị trấn Nho Quan", "nho-quan", 0, []simSource{works}, 0, 1, []status{statusOK}},
	{"cuc-phuong", "Xã Cúc Phương", "nho-quan", 0, []simSource{{fail: bantin.ErrNotFeed, status: 200,
		msg: "an HTML page, not a feed", failedFor: 2 * 24 * time.Hour}}, 3, 2, []status{statusFailing}},
	{"ky-phu", "Xã Kỳ Phú", "nho-quan", 0, []simSource{works}, 45, 7, []status{statusSilent}},
	{"phu-long", "Xã Phú Long", "nho-quan", 0, []simSource{works}, 1, 2, []status{statusOK}},
	{"quang-lac", "Xã Quảng Lạc", "nho-quan", 0, []simSource{{never: true}}, -1, 0, []status{statusSilent}},
	{"gia-lam", "Xã Gia Lâm", "nho-quan", 0, []simSource{works}, 2, 3, []status{statusOK}},
	{"yen-ninh", "Thị trấn Yên Ninh", "yen-khanh", 0, []simSource{works}, 0, 1, []status{statusOK}},
	{"khanh-hoi", "Xã Khánh Hội", "yen-khanh", 0, []simSource{works}, 1, 2, []status{statusOK}},
	{"khanh-nhac", "Xã Khánh Nhạc", "yen-khanh", 0, []simSource{{insecure: true}}, 12, 4, []status{statusSilent, statusWarning}},
	{"khanh-thuy", "Xã Khánh Thủy", "yen-khanh", 0, []simSource{works}, 4, 2, []status{statusOK}},
	{"khanh-thien", "Xã Khánh Thiện", "yen-khanh", 0, []simSource{works}, 2, 2, []status{statusOK}},
	{"khanh-trung", "Xã Khánh Trung", "yen-khanh", 0, []simSource{{fail: bantin.ErrHTTP, status: 500,
		msg: "500 Internal Server Error", failedFor: time.Hour}}, 0, 1, []status{statusFailing}},
}

// simTopics are what the units write about. The first is the "dân vận"
// conference every ward holds; the last has "dân" and "vận" apart, which
// a search for the phrase must not find. Thủy lợi comes with both tone
// placements.
var simTopics = []string{
	"Hội nghị tổng kết công tác dân vận năm 2024",
	"Ra quân làm thủy lợi nội đồng vụ Đông Xuân",
	"Đẩy mạnh chuyển đổi số trong cải cách hành chính",
	"Ra quân làm thuỷ lợi nội đồng vụ Đông Xuân",
	"Lịch tiếp công dân định kỳ của lãnh đạo",
	"Nhân dân tích cực vận động ủng hộ quỹ Vì người nghèo",
}

// simReposters are the cities that re-post their wards' conference
// stories: the same story, one more unit, and items of their own.
var simReposters = map[string]bool{"hoa-lu": true, "tam-diep": true, "yen-khanh": true}

// simItem is one item as the simulated province stored it.
type simItem struct {
	unit, source, title string
	topic               int
	published           time.Time
}

// simProvince is a server on a real store holding the simulated
// province, and the list of every item it stored.
type simProvince struct {
	*testEnv
	items []simItem
}

func simSourceURL(unit string, i int) string {
	return fmt.Sprintf("https://%s.ninhbinh.example.gov.vn/rss/%d.xml", unit, i+1)
}

func simConfig() *bantin.Config {
	cfg := &bantin.Config{Title: "Tin tức tỉnh Ninh Bình", Location: ict, BaseURL: "http://bantin.ninhbinh.test", SilentDays: 7}
	for _, su := range simUnits {
		u := bantin.Unit{ID: su.id, Name: su.name, Parent: su.parent, SilentDays: su.silentDays}
		for i, src := range su.sources {
			u.Sources = append(u.Sources, bantin.Source{URL: simSourceURL(su.id, i), Unit: su.id, TLSInsecure: src.insecure})
		}
		cfg.Units = append(cfg.Units, u)
	}
	return cfg
}

// newProvince stores what the simulated province published in the last
// simHistory days, the wards' conference stories re-posted by their
// city, and a few fetches of every source: the failing ones failing
// since their time.
func newProvince(t testing.TB) *simProvince {
	t.Helper()
	p := &simProvince{testEnv: newEnv(t, simConfig(), simNow)}
	parentSource := make(map[string]string)
	reposts := make(map[string][]bantin.Item)
	for ui, su := range simUnits {
		if len(su.sources) > 0 {
			parentSource[su.id] = simSourceURL(su.id, 0)
		}
		perSource := make([][]bantin.Item, len(su.sources))
		for d := su.last; su.last >= 0 && d <= simHistory; d += su.every {
			i := d % len(su.sources)
			topic := (ui*7 + d) % len(simTopics)
			day := time.Date(simNow.Year(), simNow.Month(), simNow.Day()-d, 8, 30, 0, 0, ict)
			title := fmt.Sprintf("%s — %s (%s)", simTopics[topic], su.name, day.Format("02/01"))
			link := fmt.Sprintf("https://%s.ninhbinh.example.gov.vn/tin/%d.html", su.id, d)
			it := item(link, title, "Ngày "+day.Format("02/01")+", "+su.name+" tổ chức "+simTopics[topic]+".", day)
			perSource[i] = append(perSource[i], it)
			p.items = append(p.items, simItem{su.id, simSourceURL(su.id, i), title, topic, day})
			if city, ok := parentSource[su.parent]; ok && topic == 0 && simReposters[su.parent] {
				copied := it
				copied.GUID, copied.Link = city+"#"+su.id+fmt.Sprint(d), strings.Replace(link, "/tin/", "/tin-tuc/", 1)
				copied.Source, copied.Unit = city, su.parent
				reposts[city] = append(reposts[city], copied)
				p.items = append(p.items, simItem{su.parent, city, title, topic, day})
			}
		}
		for i, src := range su.sources {
			p.fetches(simSourceURL(su.id, i), su.id, src, perSource[i])
		}
	}
	for _, city := range slices.Sorted(maps.Keys(reposts)) {
		at := simNow.Add(-20 * time.Minute)
		p.storeFetch(&bantin.Fetch{Source: city, Started: at, Duration: 350 * time.Millisecond, Status: 200,
			NextFetchAt: at.Add(15 * time.Minute), Items: reposts[city]})
	}
	return p
}

// fetches stores a source's history: working fetches every few hours,
// the first with its items, then, for a failing source, its failures.
func (p *simProvince) fetches(url, unit string, src simSource, items []bantin.Item) {
	p.t.Helper()
	if src.never {
		return
	}
	end := simNow.Add(-10 * time.Minute)
	if src.fail != "" {
		end = simNow.Add(-src.failedFor)
	}
	for i := range 4 {
		at := end.Add(-time.Duration(4-i) * 6 * time.Hour)
		f := &bantin.Fetch{Source: url, Started: at, Duration: time.Duration(300+40*i) * time.Millisecond,
			Status: 200, NextFetchAt: at.Add(15 * time.Minute)}
		if i == 0 {
			f.Items = items
			for j := range f.Items {
				f.Items[j].Source, f.Items[j].Unit = url, unit
			}
		} else {
			f.Status, f.NotModified = 304, true
		}
		p.storeFetch(f)
	}
	if src.fail == "" {
		return
	}
	for _, at := range []time.Time{end, end.Add(src.failedFor / 2), simNow.Add(-5 * time.Minute)} {
		p.storeFetch(&bantin.Fetch{Source: url, Started: at, Duration: 2 * time.Second, Status: src.status,
			ErrorKind: src.fail, Error: src.msg, NextFetchAt: at.Add(15 * time.Minute)})
	}
}

func (p *simProvince) storeFetch(f *bantin.Fetch) {
	p.t.Helper()
	if _, err := p.store.RecordFetch(context.Background(), f); err != nil {
		p.t.Fatal(err)
	}
}

// wantCount is how many units the province has in status s.
func wantCount(s status) int {
	n := 0
	for _, u := range simUnits {
		if slices.Contains(u.want, s) {
			n++
		}
	}
	return n
}

// TestProvince builds the simulated province once and looks at it the
// way staff do: every view reads the same store, and the one that writes
// (metrics moving with a new item) comes last.
func TestProvince(t *testing.T) {
	p := newProvince(t)
	for _, view := range []struct {
		name string
		test func(*testing.T, *simProvince)
	}{
		{"statuses", provinceStatuses},
		{"worst first", provinceOverviewWorstFirst},
		{"filter", provinceOverviewFilter},
		{"sort", provinceOverviewSort},
		{"self-contained pages", provinceEveryPageIsSelfContained},
		{"search", provinceSearchPage},
		{"report", provinceReportCSV},
		{"browser", provinceBrowser},
		{"metrics", provinceStoreMetrics},
	} {
		t.Run(view.name, func(t *testing.T) { view.test(t, p) })
	}
}
