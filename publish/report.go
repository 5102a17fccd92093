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
	order    int // position in tree order
	activity bantin.Activity
	days     []int // items per day, sparkDays of them, today last
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

// status is one verdict staff filter and sort by, in rising order of
// urgency: a failing source needs someone to act, a silent unit someone
// to ask, a warning someone to look.
type status int

const (
	statusNone status = iota // no source: a grouping unit
	statusOK
	statusWarning
	statusSilent
	statusFailing
)

// statuses lists every status, the most urgent first: the order of the
// counts at the top of the overview.
var statuses = []status{statusFailing, statusSilent, statusWarning, statusOK, statusNone}

// slug is the status in a URL (?status=loi) and class its CSS class.
func (s status) slug() string {
	return [...]string{statusNone: "khong-nguon", statusOK: "ok", statusWarning: "canh-bao",
		statusSilent: "im-lang", statusFailing: "loi"}[s]
}

func (s status) class() string {
	return [...]string{statusNone: "none", statusOK: "ok", statusWarning: "warning",
		statusSilent: "silent", statusFailing: "failing"}[s]
}

// statusBySlug reads ?status=; "" is every status.
func statusBySlug(slug string) (status, bool) {
	for _, s := range statuses {
		if s.slug() == slug {
			return s, true
		}
	}
	return 0, false
}

// has reports whether the unit is in status s: a unit can be failing,
// silent and warned about at once.
func (h unitHealth) has(s status) bool {
	switch s {
	case statusFailing:
		return h.failing
	case statusSilent:
		return h.silent
	case statusWarning:
		return h.insecure
	case statusOK:
		return h.ok()
	}
	return h.noSource
}

// worst is the most urgent status the unit is in.
func (h unitHealth) worst() status {
	for _, s := range statuses {
		if h.has(s) {
			return s
		}
	}
	return statusNone
}

// reports gathers every unit's report, in tree order (each unit followed
// by its descendants, siblings in file order).
func (s *Server) reports(ctx context.Context, st *snapshot, now time.Time) ([]unitReport, error) {
	activity, err := s.store.UnitActivity(ctx, now, st.loc)
	if err != nil {
		return nil, fmt.Errorf("unit activity: %w", err)
	}
	days, err := s.store.DailyCounts(ctx, sparkDays, now, st.loc)
	if err != nil {
		return nil, fmt.Errorf("daily counts: %w", err)
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
		r := unitReport{unit: u, depth: depth, order: len(out), activity: activity[id], days: days[id]}
		if r.days == nil {
			r.days = make([]int, sparkDays)
		}
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

// longestFailing is the failing source of the unit whose failing run
// began first, or nil when none fails.
func (r *unitReport) longestFailing() *sourceReport {
	var out *sourceReport
	for i := range r.sources {
		src := &r.sources[i]
		if !src.failing() {
			continue
		}
		if out == nil || (!src.state.FailingSince.IsZero() &&
			(out.state.FailingSince.IsZero() || src.state.FailingSince.Before(out.state.FailingSince))) {
			out = src
		}
	}
	return out
}
