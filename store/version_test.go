package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"bantin"
)

// TestVersionMovesOnlyForAffectedUnits records one fetch per case on a
// store holding one story of each unit and checks which units' versions
// (and last-change times) moved.
func TestVersionMovesOnlyForAffectedUnits(t *testing.T) {
	at := time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC)
	prov := item(srcProvince, "p", "https://hanam.example.gov.vn/p", "Tỉnh", at)
	city := item(srcCity, "c", "https://phuly.example.gov.vn/c", "Thành phố", at)
	ward := item(srcWard, "w", "https://phuvan.example.gov.vn/w", "Phường", at)
	tests := []struct {
		name  string
		src   string
		items []bantin.Item
		moved map[string]bool
	}{
		{"ward posts a new article", srcWard,
			[]bantin.Item{ward, item(srcWard, "w2", "https://phuvan.example.gov.vn/w2", "Mới", at)},
			map[string]bool{"phu-van": true}},
		{"ward feed unchanged", srcWard, []bantin.Item{ward}, map[string]bool{}},
		{"ward edits its article", srcWard,
			[]bantin.Item{item(srcWard, "w", "https://phuvan.example.gov.vn/w", "Phường (sửa)", at)},
			map[string]bool{"phu-van": true}},
		{"city re-posts the ward's article", srcCity,
			[]bantin.Item{city, item(srcCity, "cw", ward.CanonicalLink, ward.Title, at)},
			map[string]bool{"phu-van": true, "phu-ly": true}},
		{"failed fetch without items", srcProvince, nil, map[string]bool{}},
		{"province feed unchanged", srcProvince, []bantin.Item{prov}, map[string]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			s := openTest(t, c, nil)
			record(t, s, c, srcProvince, prov)
			record(t, s, c, srcCity, city)
			record(t, s, c, srcWard, ward)
			type seen struct {
				n  uint64
				at time.Time
			}
			before := map[string]seen{}
			for _, u := range allUnits {
				n, at := s.Version([]string{u})
				before[u] = seen{n, at}
			}
			c.Advance(time.Hour)
			record(t, s, c, tt.src, tt.items...)
			for _, u := range allUnits {
				n, at := s.Version([]string{u})
				moved := n != before[u].n
				if moved != tt.moved[u] {
					t.Errorf("unit %s: version %d → %d, want moved=%v", u, before[u].n, n, tt.moved[u])
				}
				if moved && !at.Equal(c.Now()) {
					t.Errorf("unit %s: last change %v, want %v", u, at, c.Now())
				}
				if !moved && !at.Equal(before[u].at) {
					t.Errorf("unit %s: last change moved to %v without a change", u, at)
				}
			}
		})
	}
}

func TestVersionOfSeveralUnits(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	if n, at := s.Version(allUnits); n != 0 || !at.IsZero() {
		t.Fatalf("empty store: Version = %d, %v", n, at)
	}
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Một", c.Now()))
	c.Advance(time.Hour)
	record(t, s, c, srcWard, item(srcWard, "2", "https://phuvan.example.gov.vn/2", "Hai", c.Now()))
	n, at := s.Version([]string{"phu-ly", "phu-van"})
	if n == 0 || !at.Equal(c.Now()) {
		t.Errorf("Version = %d, %v; want the ward's later change", n, at)
	}
	nCity, _ := s.Version([]string{"phu-ly"})
	c.Advance(time.Hour)
	record(t, s, c, srcWard, item(srcWard, "3", "https://phuvan.example.gov.vn/3", "Ba", c.Now()))
	if again, _ := s.Version([]string{"phu-ly", "phu-van"}); again == n {
		t.Error("set version did not move when one of its units changed")
	}
	if again, _ := s.Version([]string{"phu-ly"}); again != nCity {
		t.Error("city version moved for a ward-only change")
	}
}

// A restarted daemon knows when each unit last changed.
func TestVersionTimesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	s := openAt(t, path, c, nil)
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Một", c.Now()))
	changed := c.Now()
	s.Close()
	c.Advance(24 * time.Hour)
	s2, err := Open(context.Background(), Options{Path: path, Clock: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, at := s2.Version([]string{"phu-van"}); !at.Equal(changed) {
		t.Errorf("after reopen: last change %v, want %v", at, changed)
	}
	if _, at := s2.Version([]string{"ha-nam"}); !at.IsZero() {
		t.Errorf("unit without stories: last change %v, want zero", at)
	}
}

// Changes moves after every change Version can see, so a server may skip
// Version while it stands still.
func TestChangesMovesWithVersion(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	c0 := s.Changes()
	record(t, s, c, srcWard, item(srcWard, "w1", "https://phuvan.example.gov.vn/1", "Tin một", c.Now()))
	c1 := s.Changes()
	if c1 == c0 {
		t.Fatal("Changes did not move after a new story")
	}
	record(t, s, c, srcWard, item(srcWard, "w1", "https://phuvan.example.gov.vn/1", "Tin một", c.Now()))
	if s.Changes() != c1 {
		t.Error("Changes moved although nothing readers see changed")
	}
	cfg := testConfig()
	cfg.Units[2].Aliases = []string{"phuong-phu-van-cu"}
	if err := s.SyncConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if s.Changes() == c1 {
		t.Error("Changes did not move when aliases changed what Version sums")
	}
}
