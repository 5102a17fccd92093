package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"bantin"
)

var ictZone = time.FixedZone("ICT", 7*3600)

// A ward that publishes at the edges of days in Hà Nội time: each item
// falls on its local day, the last bar is today and matches the day count
// of UnitActivity.
func TestDailyCounts(t *testing.T) {
	now := time.Date(2024, 3, 15, 0, 30, 0, 0, ictZone)
	c := &clock{t: now}
	s := openTest(t, c, nil)
	ctx := context.Background()
	ward := []time.Time{
		now.Add(-10 * time.Minute),                     // today (still the 14th in UTC)
		time.Date(2024, 3, 14, 23, 59, 59, 0, ictZone), // yesterday
		time.Date(2024, 3, 14, 0, 0, 0, 0, ictZone),    // yesterday, its first instant
		time.Date(2024, 2, 15, 0, 0, 0, 0, ictZone),    // first day of the window
		time.Date(2024, 2, 14, 23, 59, 59, 0, ictZone), // the day before it: out
		time.Date(2024, 3, 10, 12, 0, 0, 0, ictZone),   // 10 March
		time.Date(2024, 3, 10, 12, 0, 0, 0, ictZone),   // another item that day
		time.Date(2023, 12, 31, 12, 0, 0, 0, ictZone),  // long ago
	}
	var items []bantin.Item
	for i, at := range ward {
		items = append(items, item(srcWard, fmt.Sprint(i), fmt.Sprintf("https://phuvan.example.gov.vn/%d", i), "Tin", at))
	}
	record(t, s, c, srcWard, items...)
	record(t, s, c, srcCity, item(srcCity, "c", "https://phuly.example.gov.vn/c", "Tin", now.Add(-time.Minute)))

	got, err := s.DailyCounts(ctx, 30, now, ictZone)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, 30)
	want[0] = 1  // 15 February
	want[24] = 2 // 10 March
	want[28] = 2 // 14 March
	want[29] = 1 // today
	if !slices.Equal(got["phu-van"], want) {
		t.Errorf("ward's days = %v\nwant          %v", got["phu-van"], want)
	}
	if city := got["phu-ly"]; len(city) != 30 || city[29] != 1 {
		t.Errorf("city's days = %v, want one item today", city)
	}
	if _, ok := got["ha-nam"]; ok {
		t.Error("a unit without items in the window has days")
	}
	act, err := s.UnitActivity(ctx, now, ictZone)
	if err != nil {
		t.Fatal(err)
	}
	if act["phu-van"].Today != got["phu-van"][29] {
		t.Errorf("today: activity %d, sparkline %d", act["phu-van"].Today, got["phu-van"][29])
	}
	if _, err := s.DailyCounts(ctx, 0, now, nil); err == nil {
		t.Error("0 days accepted")
	}
}

// The report's figures add up to the stored items, per month and source,
// whatever became of the unit or source since.
func TestMonthlyCounts(t *testing.T) {
	c := &clock{t: time.Date(2024, 3, 15, 9, 0, 0, 0, ictZone)}
	s := openTest(t, c, nil)
	ctx := context.Background()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 0, 0, 0, ictZone) }
	record(t, s, c, srcCity,
		item(srcCity, "1", "https://phuly.example.gov.vn/1", "Tin 1", at(1, 31, 23)), // January in Hà Nội
		item(srcCity, "2", "https://phuly.example.gov.vn/2", "Tin 2", at(2, 1, 0)),
		item(srcCity, "3", "https://phuly.example.gov.vn/3", "Tin 3", at(2, 29, 23)),
	)
	record(t, s, c, srcCity2, item(srcCity2, "4", "https://phuly.example.gov.vn/4", "Tin 4", at(2, 10, 8)))
	// The ward re-posts the city's story: its own item, counted for it.
	record(t, s, c, srcWard, item(srcWard, "5", "https://phuly.example.gov.vn/2", "Tin 2", at(2, 1, 7)))
	record(t, s, c, srcProvince, item(srcProvince, "6", "https://hanam.example.gov.vn/6", "Tin 6", at(3, 1, 0)))

	// The ward is renamed and the city's second feed dropped: nothing moves.
	cfg := testConfig()
	cfg.Units[2].ID, cfg.Units[2].Aliases = "phuong-phu-van", []string{"phu-van"}
	cfg.Units[2].Sources[0].Unit = "phuong-phu-van"
	cfg.Units[1].Sources = cfg.Units[1].Sources[:1]
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}

	got, err := s.MonthlyCounts(ctx, at(1, 1, 0), at(2, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []bantin.MonthCount{
		{Month: "2024-01", Unit: "phu-ly", Source: srcCity, Items: 1},
		{Month: "2024-02", Unit: "phu-ly", Source: srcCity2, Items: 1},
		{Month: "2024-02", Unit: "phu-ly", Source: srcCity, Items: 2},
		{Month: "2024-02", Unit: "phuong-phu-van", Source: srcWard, Items: 1},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("MonthlyCounts =\n%v\nwant\n%v", got, want)
	}
	all, err := s.MonthlyCounts(ctx, at(1, 1, 0).AddDate(-1, 0, 0), at(12, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, m := range all {
		sum += m.Items
	}
	if stored := count(t, s, "SELECT COUNT(*) FROM items"); sum != stored {
		t.Errorf("two years of months count %d items, %d stored", sum, stored)
	}
	for name, r := range map[string][2]time.Time{
		"backwards":  {at(3, 1, 0), at(2, 1, 0)},
		"too long":   {at(1, 1, 0).AddDate(-20, 0, 0), at(1, 1, 0)},
		"future end": {at(3, 1, 0), at(3, 1, 0).AddDate(9, 0, 0)},
	} {
		_, err := s.MonthlyCounts(ctx, r[0], r[1])
		if (err == nil) != (name == "future end") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestTotals(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin", c.Now()))
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuvan.example.gov.vn/1", "Tin", c.Now()),
		item(srcCity, "2", "https://phuly.example.gov.vn/2", "Tin khác", c.Now()))
	got, err := s.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != (bantin.StoreTotals{Items: 3, Stories: 2}) {
		t.Errorf("Totals = %+v, want 3 items, 2 stories", got)
	}
}

// The unit's own items, newest first, each with its source and the other
// units that carried its story; items stored under a former id count.
func TestUnitItems(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin phường", c.Now().Add(-3*time.Hour)))
	record(t, s, c, srcCity, item(srcCity, "a", "https://phuvan.example.gov.vn/1", "Tin phường (thành phố đăng lại)", c.Now().Add(-2*time.Hour)))
	record(t, s, c, srcCity2, item(srcCity2, "b", "https://phuly.example.gov.vn/b", "Thông báo", c.Now().Add(-time.Hour)))
	cfg := testConfig()
	cfg.Units[1].ID, cfg.Units[1].Aliases = "tp-phu-ly", []string{"phu-ly"}
	cfg.Units[2].Parent = "tp-phu-ly"
	for i := range cfg.Units[1].Sources {
		cfg.Units[1].Sources[i].Unit = "tp-phu-ly"
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := s.UnitItems(ctx, "tp-phu-ly", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("UnitItems = %+v, want 2", got)
	}
	if got[0].Title != "Thông báo" || got[0].Source != srcCity2 || !slices.Equal(got[0].Units, []string{"tp-phu-ly"}) {
		t.Errorf("newest = %+v", got[0])
	}
	if got[1].Source != srcCity || !slices.Equal(got[1].Units, []string{"phu-van", "tp-phu-ly"}) ||
		got[1].Link != "https://phuvan.example.gov.vn/1" || !got[1].Published.Equal(c.Now().Add(-2*time.Hour)) {
		t.Errorf("re-post = %+v", got[1])
	}
	if got, _ := s.UnitItems(ctx, "tp-phu-ly", 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}
