package store

import (
	"context"
	"testing"
	"time"

	"bantin"
)

// A source dropped from feeds.yaml keeps its items and state; when it
// comes back it resumes where it was.
func TestSyncConfigRemovedSourceKeepsItems(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin phường", c.Now()))
	if _, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcWard, Started: c.Now(), Status: 200, ETag: `"e1"`}); err != nil {
		t.Fatal(err)
	}

	cfg := testConfig()
	cfg.Units = cfg.Units[:2] // the ward and its source are gone
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if got := stories(t, s, []string{"phu-van"}, 10); len(got) != 1 || got[0].Title != "Tin phường" {
		t.Errorf("removed unit's stories = %q, want kept", titles(got))
	}
	act, err := s.UnitActivity(ctx, c.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if act["phu-van"].Today != 1 {
		t.Errorf("removed unit with items: activity %+v, want it listed", act["phu-van"])
	}

	if err := s.SyncConfig(ctx, testConfig()); err != nil {
		t.Fatal(err)
	}
	st, err := s.SourceState(ctx, srcWard)
	if err != nil || st.ETag != `"e1"` || st.Unit != "phu-van" {
		t.Errorf("returning source state = %+v, %v; want its ETag back", st, err)
	}
	if got := record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin phường", c.Now())); got.Unchanged != 1 {
		t.Errorf("returning source's old item: %+v, want unchanged", got)
	}
}

// A source moved to another unit keeps its state; its old items stay with
// the unit that published them, its new ones go to the new unit.
func TestSyncConfigMovedSource(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcCity2, item(srcCity2, "1", "https://phuly.example.gov.vn/tb/1", "Thông báo cũ", c.Now()))
	cfg := testConfig()
	moved := cfg.Units[1].Sources[1]
	cfg.Units[1].Sources = cfg.Units[1].Sources[:1]
	moved.Unit = "ha-nam"
	cfg.Units[0].Sources = append(cfg.Units[0].Sources, moved)
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	record(t, s, c, srcCity2, item(srcCity2, "2", "https://phuly.example.gov.vn/tb/2", "Thông báo mới", c.Now()))
	if got := titles(stories(t, s, []string{"phu-ly"}, 10)); len(got) != 1 || got[0] != "Thông báo cũ" {
		t.Errorf("city stories = %q", got)
	}
	if got := titles(stories(t, s, []string{"ha-nam"}, 10)); len(got) != 1 || got[0] != "Thông báo mới" {
		t.Errorf("province stories = %q", got)
	}
	if st, _ := s.SourceState(ctx, srcCity2); st.Unit != "ha-nam" || st.LastFetchAt.IsZero() {
		t.Errorf("moved source state = %+v", st)
	}
}

func TestSyncConfigRefusesBadConfig(t *testing.T) {
	s := openTest(t, newClock(), nil)
	ctx := context.Background()
	tests := []struct {
		name string
		cfg  *bantin.Config
	}{
		{"nil config", nil},
		{"unit without id", &bantin.Config{Units: []bantin.Unit{{Name: "Không tên"}}}},
		{"source without URL", &bantin.Config{Units: []bantin.Unit{{ID: "x", Sources: []bantin.Source{{}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SyncConfig(ctx, tt.cfg); err == nil {
				t.Fatal("accepted")
			}
			// Nothing of a refused config is kept: the old one still holds.
			if n := count(t, s, "SELECT COUNT(*) FROM sources WHERE in_config = 1"); n != 4 {
				t.Errorf("configured sources = %d after a refused config, want 4", n)
			}
		})
	}
}
