package publish

import (
	"context"
	"fmt"
	"time"

	"bantin"
)

// unitReport is what staff are told about one unit: the API and the
// pages are both views of it.
type unitReport struct {
	unit     *bantin.Unit
	depth    int // 0 for a root
	activity bantin.Activity
	sources  []sourceReport
	health   unitHealth
}

// sourceReport is one configured source and what the store knows of it
// (a zero state, URL aside, when it was never fetched).
type sourceReport struct {
	source bantin.Source
	state  bantin.SourceState
}

// failing reports whether the last fetch of the source failed.
func (r *sourceReport) failing() bool {
	return r.state.ConsecutiveFailures > 0 || r.state.LastError != ""
}

// unitHealth is the verdict on a unit; it can be several things at once.
type unitHealth struct {
	failing  bool // one of its sources fails
	silent   bool // no item of its own for its silence threshold
	insecure bool // a source is fetched without checking its certificate
	noSource bool // nothing to fetch: a grouping unit
}

func (h unitHealth) ok() bool { return !h.failing && !h.silent && !h.insecure && !h.noSource }

// reports gathers every unit's report, in tree order (each unit followed
// by its descendants, siblings in file order).
func (s *Server) reports(ctx context.Context, st *snapshot, now time.Time) ([]unitReport, error) {
	activity, err := s.store.UnitActivity(ctx, now, st.loc)
	if err != nil {
		return nil, fmt.Errorf("unit activity: %w", err)
	}
	states, err := s.store.SourceStates(ctx)
	if err != nil {
		return nil, fmt.Errorf("source states: %w", err)
	}
	byURL := make(map[string]bantin.SourceState, len(states))
	for _, ss := range states {
		byURL[ss.URL] = ss
	}
	var out []unitReport
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		u := st.tree.Unit(id)
		r := unitReport{unit: u, depth: depth, activity: activity[id]}
		for _, src := range u.Sources {
			ss, ok := byURL[src.URL]
			if !ok {
				ss = bantin.SourceState{URL: src.URL, Unit: src.Unit}
			}
			r.sources = append(r.sources, sourceReport{source: src, state: ss})
		}
		r.health = st.judge(&r, now)
		out = append(out, r)
		for _, c := range st.tree.Children(id) {
			walk(c, depth+1)
		}
	}
	for _, root := range st.tree.Roots() {
		walk(root, 0)
	}
	return out, nil
}

// judge decides a unit's health. A unit that has never had an item is
// silent too: its sources may work and publish nothing staff can see.
func (st *snapshot) judge(r *unitReport, now time.Time) unitHealth {
	var h unitHealth
	if len(r.sources) == 0 {
		h.noSource = true
		return h
	}
	for i := range r.sources {
		h.failing = h.failing || r.sources[i].failing()
		h.insecure = h.insecure || r.sources[i].source.TLSInsecure
	}
	limit := time.Duration(st.silentDays(r.unit)) * 24 * time.Hour
	last := r.activity.LastItemAt
	h.silent = last.IsZero() || now.Sub(last) > limit
	return h
}

// failingSince is when the oldest failing run among a unit's sources
// began, and the kind of its failure.
func (r *unitReport) failingSince() (time.Time, bantin.ErrorKind) {
	var since time.Time
	var kind bantin.ErrorKind
	for i := range r.sources {
		ss := &r.sources[i].state
		if !r.sources[i].failing() {
			continue
		}
		if since.IsZero() || (!ss.FailingSince.IsZero() && ss.FailingSince.Before(since)) {
			since, kind = ss.FailingSince, ss.ErrorKind
		}
	}
	return since, kind
}
