package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bantin"
)

// benchSentences are what benchItems writes its articles from, so that
// every article has a vocabulary of its own, as the search index sees
// real ones.
var benchSentences = []string{
	"Sáng ngày %d/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm %d.",
	"Dự hội nghị có đồng chí Nguyễn Văn %d, Phó Bí thư Thường trực Tỉnh ủy, cùng %d đại biểu.",
	"Năm qua, công tác dân vận đã được cả hệ thống chính trị triển khai thực hiện có hiệu quả, chủ đề năm \"Dân vận khéo\" đạt %d kết quả thiết thực.",
	"Mô hình \"Chính quyền thân thiện vì nhân dân phục vụ\" được duy trì tại %d khu dân cư, tổ dân phố và %d thôn, xóm.",
	"Việc tiếp xúc, đối thoại với nhân dân được tăng cường; %d đơn thư khiếu nại, tố cáo được giải quyết kịp thời, dứt điểm trong %d ngày.",
	"Chủ tịch UBND phường tiếp công dân định kỳ tháng %d, tiếp nhận %d ý kiến, kiến nghị về đất đai, môi trường và an sinh xã hội.",
	"Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn huyện triển khai phương án ứng phó với cơn bão số %d, sơ tán %d hộ dân.",
	"Hội Liên hiệp Phụ nữ xã trao %d suất quà cho hội viên có hoàn cảnh khó khăn nhân dịp kỷ niệm %d năm Ngày thành lập.",
	"Trung tâm Y tế thành phố tổ chức tiêm chủng mở rộng cho %d trẻ em dưới %d tuổi tại các trạm y tế xã, phường.",
	"Đoàn kiểm tra liên ngành đã kiểm tra %d cơ sở sản xuất, kinh doanh thực phẩm, xử phạt vi phạm hành chính %d triệu đồng.",
	"Ủy ban Mặt trận Tổ quốc Việt Nam huyện phát động phong trào thi đua xây dựng nông thôn mới kiểu mẫu giai đoạn %d - %d.",
	"Lực lượng công an xã phối hợp với đoàn thanh niên ra quân bảo đảm trật tự an toàn giao thông trên %d tuyến đường liên thôn, liên xã, trong %d tuần.",
	"Phòng Giáo dục và Đào tạo tổng kết năm học, khen thưởng %d giáo viên dạy giỏi và %d học sinh đạt giải cấp tỉnh.",
	"Hợp tác xã nông nghiệp thu hoạch %d héc-ta lúa vụ xuân, năng suất ước đạt %d tạ mỗi héc-ta, cao hơn cùng kỳ năm trước.",
	"Thường trực Hội đồng nhân dân thị trấn giám sát việc thực hiện chính sách đối với người có công tại %d thôn và %d tổ dân phố.",
	"Ngân hàng Chính sách xã hội giải ngân %d tỷ đồng cho %d hộ nghèo, hộ cận nghèo vay vốn phát triển sản xuất, kinh doanh.",
}

// benchItems returns n items of src with a 3 KB article (its HTML and,
// as package clean makes it, its text), a 600-byte fingerprint and 42
// band keys, as package dedup makes them.
func benchItems(src, prefix string, n int, at time.Time) []bantin.Item {
	out := make([]bantin.Item, n)
	for i := range out {
		key := fmt.Sprintf("%s-%d", prefix, i)
		fp := make([]byte, 600)
		copy(fp, key)
		// Random keys, as dedup's are: a hash of the item's key mixed with
		// the band's index (fnv and fmt per band cost as much as a
		// fifth of what the store is meant to spend on an item).
		h := fnv.New64a()
		h.Write([]byte(key))
		seed := h.Sum64()
		bands := make([]uint64, 42)
		for b := range bands {
			bands[b] = benchMix(seed + uint64(b)*0x9e3779b97f4a7c15)
		}
		var text, html strings.Builder
		for r := seed; text.Len() < 3000; {
			r = benchMix(r)
			s := fmt.Sprintf(benchSentences[r%uint64(len(benchSentences))], r>>40%100, r>>50%1000)
			text.WriteString(s + "\n")
			html.WriteString("<p>" + s + "</p>")
		}
		out[i] = bantin.Item{
			Source: src, GUID: key, Link: "https://phuly.example.gov.vn/tin/" + key,
			CanonicalLink: "https://phuly.example.gov.vn/tin/" + key, Title: "Hội nghị " + key,
			Summary: "Tóm tắt " + key, Content: html.String(), Text: text.String(),
			Published: at.Add(-time.Duration(i) * time.Minute), Fingerprint: fp, Bands: bands,
		}
	}
	return out
}

// benchMix is splitmix64's finalizer.
func benchMix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func BenchmarkRecordFetch50New(b *testing.B) {
	c := newClock()
	s := openTest(b, c, &equalBytes{})
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n++
		f := &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: benchItems(srcCity, fmt.Sprint(n), 50, c.Now())}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

// The common case of a poll: the feed is the same as last time.
func BenchmarkRecordFetch50Unchanged(b *testing.B) {
	c := newClock()
	s := openTest(b, c, &equalBytes{})
	ctx := context.Background()
	items := benchItems(srcCity, "same", 50, c.Now())
	record(b, s, c, srcCity, items...)
	for b.Loop() {
		st, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: items})
		if err != nil || st.Unchanged != 50 {
			b.Fatal(st, err)
		}
	}
}

// storiesBench fills a store with total items spread over units units
// (one source each), items an hour apart, and returns it and its unit ids.
func storiesBench(b *testing.B, units, total int) (*Store, []string) {
	b.Helper()
	ctx := context.Background()
	c := newClock()
	s, err := Open(ctx, Options{Path: filepath.Join(b.TempDir(), "bantin.db"), Clock: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	cfg := &bantin.Config{}
	var ids []string
	for u := range units {
		id := fmt.Sprintf("xa-%03d", u)
		ids = append(ids, id)
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: id, Sources: []bantin.Source{{URL: "https://" + id + ".example.gov.vn/rss", Unit: id}}})
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	const batch = 1000
	for n := 0; n < total; n += batch {
		u := (n / batch) % units
		src := cfg.Units[u].Sources[0].URL
		f := &bantin.Fetch{Source: src, Started: c.Now(), Status: 200}
		for i := range batch {
			key := fmt.Sprintf("%d", n+i)
			f.Items = append(f.Items, bantin.Item{GUID: key, Link: src + "/" + key, CanonicalLink: src + "/" + key,
				Title: "Tin " + key, Summary: "Tóm tắt", Content: "<p>Nội dung tin " + key + "</p>",
				Published: c.Now().Add(-time.Duration(total-n-i) * time.Hour)})
		}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d items in %d units in %v", total, units, time.Since(start).Round(time.Millisecond))
	return s, ids
}

// BenchmarkStories50Of100k reads the newest 50 stories of one unit, and of
// all 20 units (each unit's newest 50 merged), from 100,000 stored items.
// One fill serves both.
func BenchmarkStories50Of100k(b *testing.B) {
	s, ids := storiesBench(b, 20, 100_000)
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		units []string
	}{{"one-unit", ids[:1]}, {"all-units", ids}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				got, err := s.Stories(ctx, bc.units, 50)
				if err != nil || len(got) != 50 {
					b.Fatal(len(got), err)
				}
			}
		})
	}
}

func BenchmarkVersion(b *testing.B) {
	c := newClock()
	s := openTest(b, c, nil)
	record(b, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Tin", c.Now()))
	for b.Loop() {
		s.Version(allUnits)
	}
}

// BenchmarkStoryDate moves a story of two copies to a new primary
// copy's date, as attach does when the copy it stores is the original:
// the date read back from the copies (syncPublished, what attach did
// before) against the date given (setPublished).
func BenchmarkStoryDate(b *testing.B) {
	c := newClock()
	s, urls := manySources(b, c, 2)
	ctx := context.Background()
	for n := range 40 {
		for _, u := range urls {
			recordBatch(b, s, []*bantin.Fetch{{Source: u, Started: c.Now(), Status: 200,
				Items: benchItems(u, fmt.Sprint("d", n), 50, c.Now())}})
		}
	}
	// Every story has its two copies: the sources' items share their
	// canonical links.
	var stories []int64
	rows, err := s.db.Query("SELECT story_id FROM items GROUP BY story_id HAVING count(*) = 2")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		stories = append(stories, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
	if len(stories) != 40*50 {
		b.Fatalf("%d stories of two copies, want %d", len(stories), 40*50)
	}
	for _, how := range []string{"sync", "set"} {
		b.Run(how, func(b *testing.B) {
			err := s.write(ctx, func(tx *sql.Tx) error {
				in := &ingest{batch: &batch{ctx: ctx, stmtCtx: ctx, tx: tx, stmts: make(map[string]*sql.Stmt)}}
				defer in.close()
				i := 0
				for b.Loop() {
					story := stories[i%len(stories)]
					i++
					var err error
					if how == "sync" {
						err = in.syncPublished(story)
					} else {
						err = in.setPublished(story, toDB(c.Now()))
					}
					if err != nil {
						return err
					}
				}
				return errLeftOut // leave nothing behind
			})
			if !errors.Is(err, errLeftOut) {
				b.Fatal(err)
			}
		})
	}
}
