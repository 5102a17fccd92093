package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"bantin"
)

// TestNewestOfManyAsPerUnit: the newest stories of a large set of units,
// read from all stories newest first, are those the per-unit merge finds:
// with cross-posts (a story in several units, some in the set and some
// not), stories published at the same second, and sets of every size.
func TestNewestOfManyAsPerUnit(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := openAt(t, t.TempDir()+"/bantin.db", c, nil)
	cfg := &bantin.Config{}
	var units []string
	for u := range perUnitUpTo + 40 {
		id := fmt.Sprintf("xa-%03d", u)
		units = append(units, id)
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: id, Sources: []bantin.Source{{URL: "https://" + id + ".example.gov.vn/rss", Unit: id}}})
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for n := range 1500 {
		u := rng.IntN(len(units))
		// A canonical link shared by a few units makes one story of them.
		link := fmt.Sprintf("https://tinh.example.gov.vn/bai-%d", rng.IntN(1200))
		pub := base.Add(time.Duration(rng.IntN(600)) * time.Minute) // many at one time
		src := cfg.Units[u].Sources[0].URL
		record(t, s, c, src, item(src, fmt.Sprintf("g%d", n), link, "Tin "+link, pub))
	}
	sets := map[string][]string{
		"every unit":        units,
		"just over the cut": units[:perUnitUpTo+1],
		"every other unit":  everyOther(units),
	}
	for name, set := range sets {
		for _, limit := range []int{1, 50, 1000, 5000} {
			var many, per []ranked
			err := s.read(ctx, func(tx *sql.Tx) error {
				var err error
				if many, err = s.newestOfMany(ctx, tx, set, limit); err != nil {
					return err
				}
				per, err = s.newestPerUnit(ctx, tx, set, limit)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(many, per) {
				t.Errorf("%s, limit %d: %d stories from all, %d merged per unit; first differ at %d",
					name, limit, len(many), len(per), firstDiff(many, per))
			}
		}
	}
}

func everyOther(units []string) []string {
	var out []string
	for i := 0; i < len(units); i += 2 {
		out = append(out, units[i])
	}
	return out
}

func firstDiff(a, b []ranked) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// BenchmarkNewestOfManyUnits reads the newest 50 stories of a country's
// 2,000 units from 50,000 stored items both ways: merged per unit, and
// read from all stories newest first (what Stories does above
// perUnitUpTo units); and the whole of Stories over them.
func BenchmarkNewestOfManyUnits(b *testing.B) {
	ctx := context.Background()
	c := newClock()
	s := openAt(b, b.TempDir()+"/bantin.db", c, nil)
	cfg := &bantin.Config{}
	var units []string
	for u := range 2000 {
		id := fmt.Sprintf("xa-%04d", u)
		units = append(units, id)
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: id, Sources: []bantin.Source{{URL: "https://" + id + ".example.gov.vn/rss", Unit: id}}})
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []*bantin.Fetch
	for u, unit := range cfg.Units {
		src := unit.Sources[0].URL
		f := &bantin.Fetch{Source: src, Started: c.Now(), Status: 200}
		for i := range 25 {
			key := fmt.Sprintf("%d-%d", u, i)
			f.Items = append(f.Items, item(src, key, src+"/"+key, "Tin "+key, base.Add(time.Duration(i*2000+u)*time.Minute)))
		}
		if batch = append(batch, f); len(batch) == 40 {
			if _, err := s.RecordFetches(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for _, bc := range []struct {
		name string
		read func(context.Context, *sql.Tx, []string, int) ([]ranked, error)
	}{{"per-unit", s.newestPerUnit}, {"scan", s.newestOfMany}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				err := s.read(ctx, func(tx *sql.Tx) error {
					got, err := bc.read(ctx, tx, units, 50)
					if err == nil && len(got) != 50 {
						err = fmt.Errorf("%d stories", len(got))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// All of Stories: the units' former ids, the read, the stories and
	// their copies, as a feed of all of them renders it.
	b.Run("Stories", func(b *testing.B) {
		for b.Loop() {
			if got, err := s.Stories(ctx, units, 50); err != nil || len(got) != 50 {
				b.Fatalf("%d stories, %v", len(got), err)
			}
		}
	})
}
