package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"bantin"
)

// equalBytes is the smallest real Matcher: two fingerprints are one story
// when their bytes are equal. It counts its calls.
type equalBytes struct{ calls atomic.Int64 }

func (m *equalBytes) SameStory(a, b []byte) bool {
	m.calls.Add(1)
	return bytes.Equal(a, b)
}

func printed(src, guid, link, title, fp string, bands ...uint64) bantin.Item {
	it := item(src, guid, link, title, time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC))
	it.Fingerprint, it.Bands = []byte(fp), bands
	return it
}

func TestMatcherMergesAcrossSources(t *testing.T) {
	const (
		wardLink = "https://phuvan.phuly.example.gov.vn/tin/hoi-nghi"
		cityLink = "https://phuly.example.gov.vn/tin-tuc/phuong-phu-van-hoi-nghi"
		provLink = "https://hanam.example.gov.vn/tin/hoi-nghi-phu-van"
	)
	tests := []struct {
		name      string
		first     bantin.Item
		second    bantin.Item
		matcher   bool
		want      bantin.IngestStats
		wantUnits []string
	}{
		{
			name:    "city re-posts the ward's article under its own address",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị", "sig-A", 11, 12, 13),
			second:  printed(srcCity, "c1", cityLink, "Phường Phù Vân: Hội nghị", "sig-A", 13, 14, 15),
			matcher: true, want: bantin.IngestStats{Duplicate: 1}, wantUnits: []string{"phu-van", "phu-ly"},
		},
		{
			name:    "same band key, different story (template family)",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị tổng kết", "sig-A", 11, 12),
			second:  printed(srcCity, "c1", cityLink, "Hội nghị tổng kết", "sig-B", 12, 99),
			matcher: true, want: bantin.IngestStats{New: 1}, wantUnits: []string{"phu-ly"},
		},
		{
			name:    "same fingerprint but no band key in common is never looked at",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị", "sig-A", 11, 12),
			second:  printed(srcCity, "c1", cityLink, "Hội nghị", "sig-A", 21, 22),
			matcher: true, want: bantin.IngestStats{New: 1}, wantUnits: []string{"phu-ly"},
		},
		{
			name:    "no matcher configured: links only",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị", "sig-A", 11, 12),
			second:  printed(srcCity, "c1", cityLink, "Hội nghị", "sig-A", 11, 12),
			matcher: false, want: bantin.IngestStats{New: 1}, wantUnits: []string{"phu-ly"},
		},
		{
			name:    "item without a fingerprint",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị", "sig-A", 11, 12),
			second:  printed(srcCity, "c1", cityLink, "Hội nghị", "", 11, 12),
			matcher: true, want: bantin.IngestStats{New: 1}, wantUnits: []string{"phu-ly"},
		},
		{
			name:    "a portal's own second article that looks alike stays apart",
			first:   printed(srcCity, "c1", cityLink, "Lịch công tác tuần 10", "sig-A", 11, 12),
			second:  printed(srcCity, "c2", cityLink+"-2", "Lịch công tác tuần 11", "sig-A", 11, 12),
			matcher: true, want: bantin.IngestStats{New: 1}, wantUnits: []string{"phu-ly"},
		},
		{
			name:    "province portal re-posts too",
			first:   printed(srcWard, "w1", wardLink, "Hội nghị", "sig-A", 11),
			second:  printed(srcProvince, "p1", provLink, "Hội nghị", "sig-A", 11),
			matcher: true, want: bantin.IngestStats{Duplicate: 1}, wantUnits: []string{"phu-van", "ha-nam"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			var m bantin.Matcher
			if tt.matcher {
				m = &equalBytes{}
			}
			s := openTest(t, c, m)
			record(t, s, c, tt.first.Source, tt.first)
			if got := record(t, s, c, tt.second.Source, tt.second); got != tt.want {
				t.Fatalf("second fetch: %+v, want %+v", got, tt.want)
			}
			newest := stories(t, s, allUnits, 1)[0]
			if !slices.Equal(newest.Units, tt.wantUnits) {
				t.Errorf("newest story's units = %v, want %v", newest.Units, tt.wantUnits)
			}
		})
	}
}

// The candidates come from the band index and are capped: a band key that
// thousands of stories share costs at most maxCandidates comparisons.
func TestMatcherCandidatesAreCapped(t *testing.T) {
	c := newClock()
	m := &equalBytes{}
	s := openTest(t, c, m)
	var items []bantin.Item
	for i := range 3 * maxCandidates {
		items = append(items, printed(srcWard, fmt.Sprint(i), fmt.Sprintf("https://phuvan.example.gov.vn/%d", i),
			"Tin", fmt.Sprintf("sig-%d", i), 7))
	}
	record(t, s, c, srcWard, items...)
	m.calls.Store(0)
	st := record(t, s, c, srcCity, printed(srcCity, "x", "https://phuly.example.gov.vn/x", "Tin", "sig-none", 7))
	if st.New != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if n := m.calls.Load(); n == 0 || n > maxCandidates {
		t.Errorf("matcher called %d times, want 1..%d", n, maxCandidates)
	}
	// The newest stories are asked first: a re-post of a recent one is found.
	m.calls.Store(0)
	last := 3*maxCandidates - 1
	st = record(t, s, c, srcCity, printed(srcCity, "y", "https://phuly.example.gov.vn/y", "Tin", fmt.Sprintf("sig-%d", last), 7))
	// Asked first: the city's own story "x" (newest), then the ward's newest.
	if st.Duplicate != 1 || m.calls.Load() != 2 {
		t.Errorf("re-post of the newest: stats %+v after %d calls, want a duplicate at the second call", st, m.calls.Load())
	}
}

// Stories sharing more band keys with the item are asked before newer ones
// that share fewer.
func TestMatcherAsksBestCandidateFirst(t *testing.T) {
	c := newClock()
	m := &equalBytes{}
	s := openTest(t, c, m)
	record(t, s, c, srcWard,
		printed(srcWard, "old", "https://phuvan.example.gov.vn/old", "Cũ", "sig-old", 1, 2, 3, 4),
		printed(srcWard, "new", "https://phuvan.example.gov.vn/new", "Mới", "sig-new", 1))
	m.calls.Store(0)
	st := record(t, s, c, srcCity, printed(srcCity, "c", "https://phuly.example.gov.vn/c", "Cũ", "sig-old", 1, 2, 3, 4))
	if st.Duplicate != 1 || m.calls.Load() != 1 {
		t.Errorf("stats %+v after %d matcher calls, want the 4-band story asked first", st, m.calls.Load())
	}
}

// When the primary copy's text changes, its new band keys replace the old
// ones, so a later re-post of the new text is found.
func TestPrimaryEditReplacesBandKeys(t *testing.T) {
	c := newClock()
	s := openTest(t, c, &equalBytes{})
	link := "https://phuvan.example.gov.vn/1"
	record(t, s, c, srcWard, printed(srcWard, "w", link, "Bản nháp", "sig-draft", 1, 2))
	edited := printed(srcWard, "w", link, "Bản chính thức", "sig-final", 3, 4)
	if st := record(t, s, c, srcWard, edited); st.Updated != 1 {
		t.Fatalf("edit: %+v", st)
	}
	if ids := s.bands.candidates([]uint64{1, 2}, maxCandidates); len(ids) != 0 {
		t.Errorf("stale band keys left for stories %v", ids)
	}
	st := record(t, s, c, srcCity, printed(srcCity, "c", "https://phuly.example.gov.vn/c", "Bản chính thức", "sig-final", 4))
	if st.Duplicate != 1 {
		t.Errorf("re-post of the edited text: %+v, want a duplicate", st)
	}
}

// Band keys are uint64; the top bit must survive SQLite's signed INTEGER.
func TestBandKeysWithTopBit(t *testing.T) {
	c := newClock()
	s := openTest(t, c, &equalBytes{})
	const key = 1<<63 | 12345
	record(t, s, c, srcWard, printed(srcWard, "w", "https://phuvan.example.gov.vn/1", "Tin", "sig", key))
	st := record(t, s, c, srcCity, printed(srcCity, "c", "https://phuly.example.gov.vn/1", "Tin", "sig", key))
	if st.Duplicate != 1 {
		t.Errorf("stats = %+v, want a duplicate found through a top-bit key", st)
	}
}

// Two Stores on one file (bantin fetch beside bantin serve): each finds
// the stories the other stored, and the new keys of one the other edited.
func TestBandIndexFollowsOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	a := openAt(t, path, c, &equalBytes{})
	b := openAt(t, path, c, &equalBytes{})
	link := "https://phuvan.example.gov.vn/1"
	record(t, a, c, srcWard, printed(srcWard, "w", link, "Bản nháp", "sig-draft", 1, 2))
	if st := record(t, b, c, srcCity, printed(srcCity, "c", "https://phuly.example.gov.vn/c", "Bản nháp", "sig-draft", 2)); st.Duplicate != 1 {
		t.Errorf("re-post, through the other Store: %+v, want a duplicate", st)
	}
	// The ward's draft becomes final in a; b learns its new keys. The
	// city's copy of the draft is not the primary: the ward's is.
	record(t, a, c, srcWard, printed(srcWard, "w", link, "Bản chính thức", "sig-final", 3, 4))
	if st := record(t, b, c, srcProvince, printed(srcProvince, "p", "https://hanam.example.gov.vn/p", "Bản chính thức", "sig-final", 4)); st.Duplicate != 1 {
		t.Errorf("re-post of the edited text, through the other Store: %+v, want a duplicate", st)
	}
}

// A new story's first item keeps no fingerprint of its own: it reads as
// its story's, so fetching it again unchanged writes nothing, and an edit
// that changes it moves the story's.
func TestFirstItemSharesItsStoryFingerprint(t *testing.T) {
	c := newClock()
	s := openTest(t, c, &equalBytes{})
	it := printed(srcCity, "1", "https://phuly.example.gov.vn/1", "Hội nghị", "fp-1", 1, 2)
	record(t, s, c, srcCity, it)
	if n := count(t, s, "SELECT COUNT(*) FROM items WHERE fingerprint IS NULL"); n != 1 {
		t.Fatalf("%d items without a fingerprint of their own, want 1", n)
	}
	c.Advance(time.Hour)
	if st := record(t, s, c, srcCity, it); st.Unchanged != 1 || st.Updated != 0 {
		t.Errorf("unchanged re-fetch: %+v, want one unchanged", st)
	}
	c.Advance(time.Hour)
	it.Title, it.Fingerprint = "Hội nghị tổng kết", []byte("fp-2")
	if st := record(t, s, c, srcCity, it); st.Updated != 1 {
		t.Errorf("edit: %+v, want one updated", st)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM story_fingerprints WHERE fingerprint = CAST('fp-2' AS BLOB)"); n != 1 {
		t.Errorf("the story's fingerprint did not follow the edit")
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items WHERE fingerprint = CAST('fp-2' AS BLOB)"); n != 1 {
		t.Errorf("the edited item did not store its own fingerprint")
	}
}

// Every unit's link to a story carries the story's date, its primary
// copy's, whichever order the copies come in: a later copy leaves it, an
// earlier one moves it for every unit.
func TestStoryUnitsKeepTheStoryDate(t *testing.T) {
	c := newClock()
	s := openTest(t, c, &equalBytes{})
	day := time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC)
	city := printed(srcCity, "c", "https://phuly.example.gov.vn/c", "Hội nghị", "fp", 1, 2)
	city.Published = day.Add(2 * time.Hour)
	ward := printed(srcWard, "w", "https://phuvan.example.gov.vn/w", "Hội nghị", "fp", 1, 2)
	ward.Published = day
	later := printed(srcProvince, "p", "https://hanam.example.gov.vn/p", "Hội nghị", "fp", 1, 2)
	later.Published = day.Add(5 * time.Hour)
	check := func(when string, want time.Time) {
		t.Helper()
		if n := count(t, s, `SELECT COUNT(*) FROM story_units su JOIN stories s ON s.id = su.story_id
			WHERE su.published != s.published OR s.published != ?`, toDB(want)); n != 0 {
			t.Errorf("%s: %d unit links off the story's date", when, n)
		}
	}
	record(t, s, c, srcCity, city)
	check("the city's copy", city.Published)
	record(t, s, c, srcWard, ward)
	check("the ward's earlier original", ward.Published)
	if n := count(t, s, "SELECT COUNT(*) FROM story_units"); n != 2 {
		t.Fatalf("%d unit links, want 2", n)
	}
	record(t, s, c, srcProvince, later)
	check("a later copy", ward.Published)
	if n := count(t, s, "SELECT COUNT(*) FROM story_units"); n != 3 {
		t.Errorf("%d unit links, want 3", n)
	}
}
