package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"bantin"
)

func TestUnitActivity(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	// 00:30 on 15 March in Hà Nội is still 14 March in UTC.
	now := time.Date(2024, 3, 15, 0, 30, 0, 0, hcm)
	c := &clock{t: now}
	s := openTest(t, c, nil)
	ctx := context.Background()
	ward := []time.Time{
		now.Add(-10 * time.Minute),   // today
		now.Add(-2 * time.Hour),      // yesterday in Hà Nội, still within 7 days
		now.Add(-6 * 24 * time.Hour), // 7 days
		now.Add(-20 * 24 * time.Hour),
		now.Add(-40 * 24 * time.Hour), // older than 30 days
	}
	for i, at := range ward {
		record(t, s, c, srcWard, item(srcWard, fmt.Sprint(i), fmt.Sprintf("https://phuvan.example.gov.vn/%d", i), "Tin", at))
	}
	// The city re-posts the ward's newest: a copy is the city's own item too.
	record(t, s, c, srcCity, item(srcCity, "c", "https://phuvan.example.gov.vn/0", "Tin", now.Add(-5*time.Minute)))

	got, err := s.UnitActivity(ctx, now, hcm)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bantin.Activity{
		"phu-van": {LastItemAt: ward[0].UTC(), Today: 1, Days7: 3, Days30: 4},
		"phu-ly":  {LastItemAt: now.Add(-5 * time.Minute).UTC(), Today: 1, Days7: 1, Days30: 1},
		"ha-nam":  {},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("UnitActivity =\n%+v\nwant\n%+v", got, want)
	}

	// Read in UTC, the item two hours ago falls on the same day as now.
	utc, err := s.UnitActivity(ctx, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if utc["phu-van"].Today != 2 {
		t.Errorf("today in UTC = %d, want 2", utc["phu-van"].Today)
	}
}

func TestUnitActivityListsConfiguredAndHistoricUnits(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin", c.Now()))
	cfg := testConfig()
	cfg.Units = append(cfg.Units[:1:1], bantin.Unit{ID: "moi", Name: "Đơn vị mới"})
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := s.UnitActivity(ctx, c.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"ha-nam": true, "moi": true, "phu-van": true, "phu-ly": false} {
		if _, ok := got[id]; ok != want {
			t.Errorf("unit %s listed = %v, want %v (configured or has items)", id, ok, want)
		}
	}
}

func TestUnitActivityFoldsFormerIDs(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin cũ", c.Now().Add(-time.Hour)))
	cfg := testConfig()
	cfg.Units[2].ID, cfg.Units[2].Aliases = "phuong-phu-van", []string{"phu-van"}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	record(t, s, c, srcWard, item(srcWard, "2", "https://phuvan.example.gov.vn/2", "Tin mới", c.Now()))
	got, err := s.UnitActivity(ctx, c.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["phu-van"]; ok {
		t.Error("former id listed as a unit of its own")
	}
	if a := got["phuong-phu-van"]; a.Today != 2 || !a.LastItemAt.Equal(c.Now()) {
		t.Errorf("renamed unit activity = %+v, want both items", a)
	}
}
