package store

import (
	"context"
	"testing"
	"time"

	"bantin"
)

// FuzzRecordFetch feeds items with arbitrary fields (what a broken portal
// and a lenient cleaner might let through): recording never fails, and
// recording the same item again changes nothing.
func FuzzRecordFetch(f *testing.F) {
	f.Add("g1", "https://phuly.example.gov.vn/1", "Tiêu đề", "<p>nội dung</p>", int64(1710400000), []byte("sig"), uint64(7))
	f.Add("", "", "", "", int64(0), []byte(nil), uint64(0))
	f.Add("\x00", "javascript:alert(1)", "\xff\xfe", "'; DROP TABLE items; --", int64(-62135596800), []byte{0}, uint64(1<<63))
	f.Add("g", "https://x/?a=%00", "t", "c", int64(1<<62), []byte("sig"), uint64(7))
	c := newClock()
	s := openTest(f, c, &equalBytes{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, guid, link, title, content string, unix int64, fp []byte, band uint64) {
		it := bantin.Item{
			Source: srcCity, GUID: guid, Link: link, CanonicalLink: link, Title: title, Content: content,
			Published: time.Unix(unix, 0), Fingerprint: fp, Bands: []uint64{band},
		}
		first, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Items: []bantin.Item{it}})
		if err != nil {
			t.Fatalf("first record: %v", err)
		}
		if n := first.New + first.Updated + first.Unchanged + first.Duplicate; n != 1 {
			t.Fatalf("first record counted %d items: %+v", n, first)
		}
		again, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Items: []bantin.Item{it}})
		if err != nil {
			t.Fatalf("second record: %v", err)
		}
		if again != (bantin.IngestStats{Unchanged: 1}) {
			t.Fatalf("same item again: %+v, want unchanged", again)
		}
		if _, err := s.Stories(ctx, []string{"phu-ly"}, 5); err != nil {
			t.Fatalf("Stories: %v", err)
		}
	})
}
