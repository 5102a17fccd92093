package publish

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"bantin"
)

// The sentences unit feeds are written from: the style of a commune's
// news (a conference, a visit, a campaign), with slots for the numbers,
// people and dates that differ from story to story. Feeds written from
// them gzip about as well as the simulated province's (100 KB to 15–21
// KB): templates repeat, their values do not.
var benchSentences = []string{
	"Ngày $D, Ban Dân vận $U tổ chức hội nghị tổng kết công tác dân vận năm 2020, triển khai phương hướng nhiệm vụ năm 2021.",
	"Dự hội nghị có đ/c $P - Phó Trưởng Ban Dân vận Tỉnh ủy, đ/c $P - Phó Bí thư Thường trực $U và $N đại biểu.",
	"Năm qua, công tác dân vận đã được cả hệ thống chính trị triển khai thực hiện có hiệu quả, chủ đề năm \"Dân vận khéo\" đạt nhiều kết quả thiết thực.",
	"Trong năm, $U đã tham mưu ban hành $N văn bản lãnh đạo, chỉ đạo về công tác dân vận và giải quyết $N đơn thư của công dân.",
	"Mô hình \"Chính quyền thân thiện vì nhân dân phục vụ\" được duy trì tại $N khu dân cư, tổ dân phố.",
	"Sáng $D, đ/c $P - Chủ tịch UBND $U chủ trì buổi tiếp công dân định kỳ tháng $M tại trụ sở.",
	"Các ý kiến tập trung vào việc cấp giấy chứng nhận quyền sử dụng đất, bồi thường, hỗ trợ giải phóng mặt bằng và chế độ chính sách với người có công.",
	"Ông $P, trú tại thôn $T, kiến nghị xem xét việc cấp đổi giấy chứng nhận cho $N hộ dân.",
	"Địa phương đã chuẩn bị $N xuồng máy, $K áo phao và hàng nghìn bao tải cát theo phương châm \"bốn tại chỗ\".",
	"Tuyến đê dài $N km qua địa bàn được kiểm tra trước mùa mưa bão, $N điểm xung yếu đã được gia cố.",
	"Nhân dân đã hiến $K m² đất, đóng góp $K triệu đồng để cứng hóa đường giao thông nội đồng và xây dựng nhà văn hóa thôn $T.",
	"Thu nhập bình quân đầu người đạt $N triệu đồng mỗi năm, tỷ lệ hộ nghèo giảm còn $N,$N%.",
	"Ngày $D, Trạm Y tế $U phối hợp với Trung tâm Y tế huyện tổ chức tiêm chủng cho $K trẻ em.",
	"Bác sĩ $P cho biết trạm đã chuẩn bị $N bàn khám và đủ thuốc phục vụ người dân.",
	"Em $P, học sinh lớp $N, chia sẻ sẽ cố gắng học tập để không phụ lòng thầy cô và gia đình.",
	"Quỹ khuyến học đã vận động được $K triệu đồng từ các doanh nghiệp và nhà hảo tâm trên địa bàn.",
	"Đ/c $P yêu cầu các thôn, xóm rà soát các hộ dân ở vùng trũng, sẵn sàng sơ tán khi có lệnh.",
	"Đoàn kiểm tra lưu ý việc bảo đảm an ninh, trật tự và phương án dự phòng tại thôn $T.",
	"Công tác tuyên truyền được thực hiện qua hệ thống loa truyền thanh ở $N thôn, tổ dân phố.",
	"Kết thúc hội nghị, $U đã tặng giấy khen cho $N tập thể và $N cá nhân có thành tích xuất sắc.",
}

var benchTitles = []string{
	"$U tổng kết công tác dân vận năm 2020",
	"Lãnh đạo $U tiếp công dân định kỳ tháng $M",
	"$U triển khai phương án phòng, chống thiên tai năm 2021",
	"Thôn $T về đích nông thôn mới kiểu mẫu",
	"$U trao $N suất học bổng cho học sinh vượt khó",
	"Trạm Y tế $U khám sàng lọc miễn phí cho $K người cao tuổi",
}

var (
	benchFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"}
	benchMiddle = []string{"Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Quang", "Ngọc", "Xuân", "Kim"}
	benchGiven  = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hùng", "Lan", "Long", "Mai", "Nam",
		"Phương", "Sơn", "Thủy", "Trang", "Tuấn", "Yến", "Thắng", "Hoa"}
	benchHamlets = []string{"Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Vĩnh", "Phú", "An"}
)

// benchWords are the words of the bank's sentences.
var benchWords = func() []string {
	seen := map[string]bool{}
	var words []string
	for _, s := range benchSentences {
		for _, w := range strings.Fields(strings.ToLower(s)) {
			w = strings.Trim(w, ".,\"%")
			if w != "" && !strings.Contains(w, "$") && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	return words
}()

// fill fills the slots of a template for one story of unit name.
func fill(r *rand.Rand, tpl, name string) string {
	var b strings.Builder
	for i := 0; i < len(tpl); i++ {
		if tpl[i] != '$' || i+1 == len(tpl) {
			b.WriteByte(tpl[i])
			continue
		}
		i++
		switch tpl[i] {
		case 'U':
			b.WriteString(name)
		case 'P':
			b.WriteString(benchFamily[r.IntN(len(benchFamily))] + " " + benchMiddle[r.IntN(len(benchMiddle))] + " " + benchGiven[r.IntN(len(benchGiven))])
		case 'D':
			fmt.Fprintf(&b, "%d/%d/2020", 1+r.IntN(28), 1+r.IntN(12))
		case 'M':
			b.WriteString(strconv.Itoa(1 + r.IntN(12)))
		case 'N':
			b.WriteString(strconv.Itoa(2 + r.IntN(98)))
		case 'K':
			b.WriteString(strconv.Itoa(100 + r.IntN(9900)))
		case 'T':
			b.WriteString(benchHamlets[r.IntN(len(benchHamlets))] + " " + strconv.Itoa(1+r.IntN(20)))
		default:
			b.WriteByte('$')
			b.WriteByte(tpl[i])
		}
	}
	return b.String()
}

// benchUnitStories are DefaultLimit stories of a unit, newest first, as
// the store would return them: each with a lead and about 1.5 KB of
// paragraphs, so that the unit's RSS feed is about 100 KB.
func benchUnitStories(seed uint64, u *bantin.Unit) []bantin.Story {
	r := rand.New(rand.NewPCG(seed, 0x62616e74696e))
	sentence := func() string { return fill(r, benchSentences[r.IntN(len(benchSentences))], u.Name) }
	// Real stories say more than templates can: one sentence of every
	// paragraph is words of the bank in an order of its own.
	free := func() string {
		words := make([]string, 10+r.IntN(10))
		for k := range words {
			words[k] = benchWords[r.IntN(len(benchWords))]
		}
		return strings.Join(words, " ") + "."
	}
	stories := make([]bantin.Story, DefaultLimit)
	for i := range stories {
		lead := sentence()
		var content strings.Builder
		fmt.Fprintf(&content, "<p><strong>%s</strong></p>", lead)
		for range 2 + r.IntN(3) {
			fmt.Fprintf(&content, "<p>%s %s %s</p>", sentence(), free(), free())
		}
		fmt.Fprintf(&content, `<p style="text-align: right;"><strong>%s</strong></p>`, fill(r, "$P", u.Name))
		link := fmt.Sprintf("https://%s.example.gov.vn/tin-tuc/bai-%d.html", u.ID, 9000-i)
		stories[i] = bantin.Story{
			ID:        link,
			Title:     fill(r, benchTitles[r.IntN(len(benchTitles))], u.Name),
			Link:      link,
			Summary:   lead,
			Content:   content.String(),
			Author:    fill(r, "$P", u.Name),
			Published: time.Date(2020, 12, 21, 9, 0, 0, 0, ict).Add(-time.Duration(i) * 7 * time.Hour),
			Units:     []string{u.ID},
			Links:     []string{link},
		}
	}
	return stories
}

// cycleFeeds is n units of the nation, each with a feed rendered by the
// real RSS renderer from its own stories, but without a store: the
// store's share of a miss (Store.Stories, about 1.5 ms) is left out, so
// a miss here is cheaper than in the daemon.
type cycleFeeds struct {
	st    *snapshot
	units []bantin.Unit
}

func newCycleFeeds(n int) *cycleFeeds {
	cfg := nationConfig()
	return &cycleFeeds{st: newSnapshot(cfg, testBase, ict, time.Date(2020, 12, 22, 10, 0, 0, 0, ict)), units: cfg.Units[:n]}
}

// build renders unit i's feed as Server.feed does after its query.
func (cf *cycleFeeds) build(i int) (*rendered, error) {
	u := &cf.units[i]
	stories := benchUnitStories(uint64(i), u)
	body, err := newFeedDoc(cf.st, u.ID, DefaultLimit, stories, time.Time{}).render(formatRSS)
	if err != nil {
		return nil, err
	}
	return newRendered(body, stories[0].Published)
}

// serve answers one request for unit i's feed through the cache's get
// and serveCached, as handleFeed does, and reports whether it built.
func (cf *cycleFeeds) serve(b testing.TB, c *renderCache, i int, req *http.Request) (built bool) {
	key := cacheKey{unit: cf.units[i].ID, format: formatRSS, limit: DefaultLimit}
	rd, err := c.get(req.Context(), key, 1, func() (*rendered, error) {
		built = true
		return cf.build(i)
	})
	if err != nil {
		b.Fatal(err)
	}
	w := &discardWriter{header: http.Header{}}
	if err := serveCached(w, req, formatRSS.contentType(), c, key, rd); err != nil {
		b.Fatal(err)
	}
	if w.code != http.StatusOK {
		b.Fatalf("status %d", w.code)
	}
	return built
}

// BenchmarkCacheCycle is a reader asking for every unit's feed in turn,
// the load command's readers while a pass ingests, once the cache has
// seen every feed once: how many requests the cache answers (hits/op),
// what a request costs, and what the cache holds (cache-MB as it counts,
// heap-MB as the runtime counts after a collection).
func BenchmarkCacheCycle(b *testing.B) {
	for _, n := range []int{1700, 4000} {
		cf := newCycleFeeds(n)
		for _, enc := range []string{"plain", "gzip"} {
			b.Run(fmt.Sprintf("%d/%s", n, enc), func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, "/feeds/x.rss", nil)
				if enc == "gzip" {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				before := heapInUse()
				c := newRenderCache(defaultCacheBytes)
				for i := range n {
					cf.serve(b, c, i, req)
				}
				held := heapInUse() - before
				b.ReportAllocs()
				ops, builds := 0, 0
				for b.Loop() {
					if cf.serve(b, c, ops%n, req) {
						builds++
					}
					ops++
				}
				b.ReportMetric(1-float64(builds)/float64(ops), "hits/op")
				b.ReportMetric(float64(c.bytes)/1e6, "cache-MB")
				b.ReportMetric(float64(c.plainBytes)/1e6, "plain-MB")
				b.ReportMetric(float64(held)/1e6, "heap-MB")
				b.ReportMetric(float64(c.lru.Len()), "entries")
			})
		}
	}
}

// heapInUse is the live heap, after the collections that also empty the
// pools of compressors and buffers.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// TestCycleFeedsAreRealistic: the benchmark's feeds are of the size and
// gzip ratio of the simulated province's (about 100 KB, 15–21 KB gzipped),
// or its figures would say nothing about the daemon.
func TestCycleFeedsAreRealistic(t *testing.T) {
	cf := newCycleFeeds(3)
	for i := range 3 {
		rd, err := cf.build(i)
		if err != nil {
			t.Fatal(err)
		}
		if n, gz := len(rd.body), len(rd.gz.body); n < 85_000 || n > 120_000 || gz < 15_000 || gz > 21_000 {
			t.Errorf("unit %d: %d bytes, %d gzipped; want about 100 KB and 15–21 KB", i, n, gz)
		}
	}
}

// BenchmarkCompressFeed is what keeping a rendering compressed costs at
// each gzip level, for a unit feed of the cycle: compressing it once per
// rendering (bytes/feed is its size), and decompressing it for a plain
// request.
func BenchmarkCompressFeed(b *testing.B) {
	rd, err := newCycleFeeds(1).build(0)
	if err != nil {
		b.Fatal(err)
	}
	for _, level := range []int{gzip.BestSpeed, 2, 3, 4, 5, 6, gzip.BestCompression} {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, level)
		b.Run(fmt.Sprintf("level-%d/compress", level), func(b *testing.B) {
			b.SetBytes(int64(len(rd.body)))
			for b.Loop() {
				buf.Reset()
				zw.Reset(&buf)
				zw.Write(rd.body)
				zw.Close()
			}
			b.ReportMetric(float64(buf.Len()), "bytes/feed")
		})
		gz := bytes.Clone(buf.Bytes())
		out := make([]byte, len(rd.body))
		var zr gzip.Reader
		b.Run(fmt.Sprintf("level-%d/decompress", level), func(b *testing.B) {
			b.SetBytes(int64(len(rd.body)))
			for b.Loop() {
				if err := zr.Reset(bytes.NewReader(gz)); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(&zr, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
