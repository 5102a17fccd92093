package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"bantin"
)

// TestSourceStateTransitions runs a source through fetches and checks its
// state after each.
func TestSourceStateTransitions(t *testing.T) {
	type want struct {
		failures     int
		failingSince int // index of the fetch that began the failure run; -1: none
		lastOK       int // index of the last good fetch; -1: none
		etag, lm     string
		kind         bantin.ErrorKind
		status       int
	}
	ok := func(etag, lm string) bantin.Fetch {
		return bantin.Fetch{Status: 200, ETag: etag, LastModified: lm}
	}
	notModified := bantin.Fetch{Status: 304, NotModified: true}
	fail := func(kind bantin.ErrorKind, status int) bantin.Fetch {
		return bantin.Fetch{Status: status, ErrorKind: kind, Error: fmt.Sprintf("%s failure", kind)}
	}
	offline := bantin.Fetch{ErrorKind: bantin.ErrDNS, Error: "lookup: no such host", Offline: true}
	tests := []struct {
		name    string
		fetches []bantin.Fetch
		want    want
	}{
		{"first good fetch saves validators", []bantin.Fetch{ok(`"v1"`, "Thu, 14 Mar 2024 08:00:00 GMT")},
			want{0, -1, 0, `"v1"`, "Thu, 14 Mar 2024 08:00:00 GMT", "", 200}},
		{"304 without validators keeps the old ones", []bantin.Fetch{ok(`"v1"`, "Thu"), notModified},
			want{0, -1, 1, `"v1"`, "Thu", "", 304}},
		{"new validators replace old", []bantin.Fetch{ok(`"v1"`, "Thu"), ok(`"v2"`, "")},
			want{0, -1, 1, `"v2"`, "Thu", "", 200}},
		{"fail, fail", []bantin.Fetch{ok(`"v1"`, ""), fail(bantin.ErrTimeout, 0), fail(bantin.ErrHTTP, 503)},
			want{2, 1, 0, `"v1"`, "", bantin.ErrHTTP, 503}},
		{"fail, fail, ok resets", []bantin.Fetch{fail(bantin.ErrTimeout, 0), fail(bantin.ErrHTTP, 500), ok("", "")},
			want{0, -1, 2, "", "", "", 200}},
		{"fail, ok, fail starts a new run", []bantin.Fetch{fail(bantin.ErrTLS, 0), ok("", ""), fail(bantin.ErrParse, 200)},
			want{1, 2, 1, "", "", bantin.ErrParse, 200}},
		{"failure without a kind is 'other'", []bantin.Fetch{{Error: "boom"}},
			want{1, 0, -1, "", "", bantin.ErrOther, 0}},
		{"our network down does not count against the source", []bantin.Fetch{ok("", ""), offline, offline},
			want{0, -1, 0, "", "", bantin.ErrDNS, 0}},
		{"offline during a run keeps the run", []bantin.Fetch{fail(bantin.ErrHTTP, 404), offline, fail(bantin.ErrHTTP, 404)},
			want{2, 0, -1, "", "", bantin.ErrHTTP, 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			s := openTest(t, c, nil)
			ctx := context.Background()
			var starts []time.Time
			for _, f := range tt.fetches {
				c.Advance(10 * time.Minute)
				f.Source, f.Started, f.NextFetchAt = srcCity, c.Now(), c.Now().Add(15*time.Minute)
				starts = append(starts, f.Started)
				if _, err := s.RecordFetch(ctx, &f); err != nil {
					t.Fatal(err)
				}
			}
			at := func(i int) time.Time {
				if i < 0 {
					return time.Time{}
				}
				return starts[i]
			}
			got, err := s.SourceState(ctx, srcCity)
			if err != nil {
				t.Fatal(err)
			}
			last := len(starts) - 1
			wantErr := ""
			if f := tt.fetches[last]; f.Failed() {
				wantErr = f.Error
			}
			w := bantin.SourceState{
				URL: srcCity, Unit: "phu-ly", ETag: tt.want.etag, LastModified: tt.want.lm,
				LastFetchAt: starts[last], LastOKAt: at(tt.want.lastOK), LastStatus: tt.want.status,
				LastError: wantErr, ErrorKind: tt.want.kind, FailingSince: at(tt.want.failingSince),
				ConsecutiveFailures: tt.want.failures, NextFetchAt: starts[last].Add(15 * time.Minute),
			}
			if got != w {
				t.Errorf("state =\n%+v\nwant\n%+v", got, w)
			}
		})
	}
}

func TestSourceStateOfUnknownSource(t *testing.T) {
	s := openTest(t, newClock(), nil)
	got, err := s.SourceState(context.Background(), "https://new.example.gov.vn/rss")
	if err != nil || got != (bantin.SourceState{URL: "https://new.example.gov.vn/rss"}) {
		t.Errorf("SourceState = %+v, %v; want a zero state with the URL", got, err)
	}
}

func TestSourceStatesListsEverySource(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	record(t, s, c, srcWard)
	got, err := s.SourceStates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{srcProvince, srcCity, srcCity2, srcWard}
	if len(got) != len(want) {
		t.Fatalf("got %d states, want %d", len(got), len(want))
	}
	for i, st := range got {
		if st.URL != want[i] {
			t.Errorf("state %d = %s, want %s", i, st.URL, want[i])
		}
	}
	if got[3].LastFetchAt.IsZero() || !got[0].LastFetchAt.IsZero() {
		t.Errorf("fetch times: ward %v, province %v", got[3].LastFetchAt, got[0].LastFetchAt)
	}
}

func TestFetchLog(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	total := fetchLogKeep + 7
	for i := range total {
		c.Advance(time.Minute)
		f := &bantin.Fetch{Source: srcCity, Started: c.Now(), Duration: time.Duration(i+1) * time.Millisecond, Status: 200}
		if i%2 == 1 {
			f.Status, f.ErrorKind, f.Error = 503, bantin.ErrHTTP, "503 Service Unavailable"
		} else {
			f.Items = []bantin.Item{item(srcCity, fmt.Sprint(i), fmt.Sprintf("https://phuly.example.gov.vn/%d", i), "Tin", c.Now())}
		}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	log, err := s.FetchLog(ctx, srcCity, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []bantin.FetchRecord{
		{At: c.Now(), Duration: time.Duration(total) * time.Millisecond, Status: 200, New: 1},
		{At: c.Now().Add(-time.Minute), Duration: time.Duration(total-1) * time.Millisecond, Status: 503,
			ErrorKind: bantin.ErrHTTP, Error: "503 Service Unavailable"},
		{At: c.Now().Add(-2 * time.Minute), Duration: time.Duration(total-2) * time.Millisecond, Status: 200, New: 1},
	}
	if fmt.Sprint(log) != fmt.Sprint(want) {
		t.Errorf("FetchLog =\n%+v\nwant\n%+v", log, want)
	}
	all, err := s.FetchLog(ctx, srcCity, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != fetchLogKeep || count(t, s, "SELECT COUNT(*) FROM fetch_log") != fetchLogKeep {
		t.Errorf("kept %d log rows, want the last %d", len(all), fetchLogKeep)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items"); n != (total+1)/2 {
		t.Errorf("items = %d: pruning the log must not touch items", n)
	}
	for _, tc := range []struct {
		url string
		n   int
	}{{srcWard, 5}, {"https://unknown.example/rss", 5}, {srcCity, 0}, {srcCity, -1}} {
		if got, err := s.FetchLog(ctx, tc.url, tc.n); err != nil || len(got) != 0 {
			t.Errorf("FetchLog(%s, %d) = %d rows, %v; want none", tc.url, tc.n, len(got), err)
		}
	}
}

func TestFetchLogRecordsNotModified(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	if _, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 304, NotModified: true}); err != nil {
		t.Fatal(err)
	}
	log, err := s.FetchLog(ctx, srcCity, 1)
	if err != nil || len(log) != 1 || !log[0].NotModified || log[0].Status != 304 {
		t.Errorf("FetchLog = %+v, %v", log, err)
	}
}
