package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
)

// seedStories stores, an hour apart, items of the province, the city and
// the ward (oldest first): P1 C1 W1 P2 C2 W2 ..., and one story that the
// ward and the city both carry, dated between.
func seedStories(t *testing.T, s *Store, c *clock, n int) {
	t.Helper()
	base := c.Now().Add(-time.Duration(3*n+2) * time.Hour)
	for i := range n {
		for j, src := range []string{srcProvince, srcCity, srcWard} {
			name := fmt.Sprintf("%c%d", "PCW"[j], i+1)
			at := base.Add(time.Duration(3*i+j) * time.Hour)
			record(t, s, c, src, item(src, name, "https://example.gov.vn/"+name, name, at))
		}
	}
	shared := base.Add(time.Duration(3*n-5)*time.Hour + 30*time.Minute) // between C(n-1) and W(n-1)
	record(t, s, c, srcWard, item(srcWard, "shared", "https://example.gov.vn/shared", "shared", shared))
	record(t, s, c, srcCity, item(srcCity, "shared-c", "https://example.gov.vn/shared", "shared (city)", shared))
}

func TestStoriesOrderLimitUnits(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	seedStories(t, s, c, 3)
	tests := []struct {
		name  string
		units []string
		limit int
		want  []string
	}{
		{"everything, newest first", allUnits, 50, []string{"W3", "C3", "P3", "W2", "shared", "C2", "P2", "W1", "C1", "P1"}},
		{"limit cuts the oldest", allUnits, 4, []string{"W3", "C3", "P3", "W2"}},
		{"one unit", []string{"ha-nam"}, 50, []string{"P3", "P2", "P1"}},
		{"a city and its ward share one story once", []string{"phu-ly", "phu-van"}, 50,
			[]string{"W3", "C3", "W2", "shared", "C2", "W1", "C1"}},
		{"a unit that published nothing", []string{"no-such-unit"}, 50, nil},
		{"no units", nil, 50, nil},
		{"zero limit", allUnits, 0, nil},
		{"negative limit", allUnits, -3, nil},
		{"a unit listed twice", []string{"phu-van", "phu-van"}, 2, []string{"W3", "W2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := titles(stories(t, s, tt.units, tt.limit)); !slices.Equal(got, tt.want) {
				t.Errorf("Stories(%v, %d) = %q, want %q", tt.units, tt.limit, got, tt.want)
			}
		})
	}
}

// Stories dated alike are ordered by id, newest stored first, and the
// order does not depend on which unit set asked.
func TestStoriesTieBreakByID(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	at := c.Now().Add(-time.Hour)
	record(t, s, c, srcWard, item(srcWard, "1", "https://e.vn/1", "first", at))
	record(t, s, c, srcCity, item(srcCity, "2", "https://e.vn/2", "second", at))
	record(t, s, c, srcWard, item(srcWard, "3", "https://e.vn/3", "third", at))
	want := []string{"third", "second", "first"}
	if got := titles(stories(t, s, allUnits, 10)); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := titles(stories(t, s, allUnits, 2)); !slices.Equal(got, want[:2]) {
		t.Errorf("limit 2: got %q", got)
	}
}

func TestStoriesFieldsAndStableID(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	it := item(srcWard, "g", "https://phuvan.example.gov.vn/tin/1", "Tiêu đề <b> & \"trích dẫn\"", c.Now().Add(-time.Hour))
	it.Author = "Phòng Văn hóa"
	it.Updated = c.Now().Add(-30 * time.Minute)
	record(t, s, c, srcWard, it)
	got := stories(t, s, []string{"phu-van"}, 1)[0]
	want := bantin.Story{
		ID: got.ID, Title: it.Title, Link: it.Link, Summary: it.Summary, Content: it.Content, Author: it.Author,
		Published: it.Published, Updated: it.Updated, Units: []string{"phu-van"}, Links: []string{it.Link},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("story =\n%+v\nwant\n%+v", got, want)
	}
	// Another database storing the same first copy names it the same.
	s2 := openTest(t, newClock(), nil)
	record(t, s2, c, srcWard, it)
	if again := stories(t, s2, []string{"phu-van"}, 1)[0]; again.ID != got.ID {
		t.Errorf("id differs across databases: %s vs %s", again.ID, got.ID)
	}
}

// An article that moved away from its address frees the address; a new
// article there gets a story id of its own.
func TestStoryIDsNeverCollide(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	record(t, s, c, srcCity, item(srcCity, "a", "https://phuly.example.gov.vn/x", "A", c.Now()))
	record(t, s, c, srcCity, item(srcCity, "a", "https://phuly.example.gov.vn/x-moved", "A", c.Now()))
	record(t, s, c, srcWard, item(srcWard, "b", "https://phuly.example.gov.vn/x", "B", c.Now()))
	got := stories(t, s, allUnits, 10)
	if len(got) != 2 || got[0].ID == got[1].ID {
		t.Fatalf("stories = %+v, want two with distinct ids", got)
	}
}

// A unit renamed in feeds.yaml (its former id kept as an alias) still
// shows the stories stored under the former id, under its new id.
func TestStoriesFollowAliases(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	record(t, s, c, srcWard, item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin cũ", c.Now().Add(-time.Hour)))
	before, _ := s.Version([]string{"phu-van"})

	cfg := testConfig()
	cfg.Units[2].ID, cfg.Units[2].Aliases = "phuong-phu-van", []string{"phu-van"}
	cfg.Units[2].Sources[0].Unit = "phuong-phu-van"
	if err := s.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	record(t, s, c, srcWard, item(srcWard, "2", "https://phuvan.example.gov.vn/2", "Tin mới", c.Now()))

	got := stories(t, s, []string{"phuong-phu-van"}, 10)
	if !slices.Equal(titles(got), []string{"Tin mới", "Tin cũ"}) {
		t.Fatalf("renamed unit's stories = %q", titles(got))
	}
	for _, st := range got {
		if !slices.Equal(st.Units, []string{"phuong-phu-van"}) {
			t.Errorf("%q units = %v, want the current id", st.Title, st.Units)
		}
	}
	if v, _ := s.Version([]string{"phuong-phu-van"}); v <= before {
		t.Errorf("version of the renamed unit = %d, want above the former id's %d", v, before)
	}
}

// The newest-N query of a unit reads the story_units_recent index in order:
// no scan of the table, no sort of everything a unit ever published.
func TestStoriesQueryUsesIndex(t *testing.T) {
	s := openTest(t, newClock(), nil)
	joined := queryPlan(t, s, `SELECT story_id, published FROM story_units
		WHERE unit_id = ? ORDER BY published DESC, story_id DESC LIMIT ?`, "phu-ly", 50)
	if !strings.Contains(joined, "story_units_recent") || strings.Contains(joined, "TEMP B-TREE") {
		t.Errorf("query plan = %q, want an ordered read of story_units_recent", joined)
	}
}
