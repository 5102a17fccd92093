package publish

import (
	"encoding/json"
	"net/http"
	"time"
)

// apiUnit is one element of GET /api/units. Times are RFC 3339 in the
// configured zone, null when the thing never happened; parent is null for
// a root unit.
type apiUnit struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Parent     *string     `json:"parent"`
	LastItemAt *time.Time  `json:"last_item_at"`
	ItemsToday int         `json:"items_today"`
	Items7d    int         `json:"items_7d"`
	Items30d   int         `json:"items_30d"`
	Silent     bool        `json:"silent"`
	Sources    []apiSource `json:"sources"`
}

type apiSource struct {
	URL                 string     `json:"url"`
	LastFetchAt         *time.Time `json:"last_fetch_at"`
	LastOKAt            *time.Time `json:"last_ok_at"`
	LastStatus          int        `json:"last_status"`
	LastError           string     `json:"last_error"`
	ErrorKind           string     `json:"error_kind"`
	ConsecutiveFailures int        `json:"consecutive_failures"`
	FailingSince        *time.Time `json:"failing_since"`
	NextFetchAt         *time.Time `json:"next_fetch_at"`
	TLSInsecure         bool       `json:"tls_insecure"`
}

// handleAPIUnits serves GET /api/units: every configured unit in file
// order.
func (s *Server) handleAPIUnits(w http.ResponseWriter, r *http.Request) {
	st := s.snapshot()
	reps, err := s.reports(r.Context(), st, s.clock())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	byID := make(map[string]*unitReport, len(reps))
	for i := range reps {
		byID[reps[i].unit.ID] = &reps[i]
	}
	out := make([]apiUnit, 0, len(reps))
	for _, u := range st.tree.Units() {
		out = append(out, apiUnitOf(byID[u.ID], st.loc))
	}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(append(body, '\n'))
}

func apiUnitOf(rep *unitReport, loc *time.Location) apiUnit {
	a := apiUnit{
		ID:         rep.unit.ID,
		Name:       rep.unit.Name,
		LastItemAt: apiTime(rep.activity.LastItemAt, loc),
		ItemsToday: rep.activity.Today,
		Items7d:    rep.activity.Days7,
		Items30d:   rep.activity.Days30,
		Silent:     rep.health.silent,
		Sources:    make([]apiSource, len(rep.sources)),
	}
	if rep.unit.Parent != "" {
		a.Parent = &rep.unit.Parent
	}
	for i, src := range rep.sources {
		a.Sources[i] = apiSourceOf(src, loc)
	}
	return a
}

func apiSourceOf(src sourceReport, loc *time.Location) apiSource {
	ss := src.state
	return apiSource{
		URL:                 src.source.URL,
		LastFetchAt:         apiTime(ss.LastFetchAt, loc),
		LastOKAt:            apiTime(ss.LastOKAt, loc),
		LastStatus:          ss.LastStatus,
		LastError:           ss.LastError,
		ErrorKind:           string(ss.ErrorKind),
		ConsecutiveFailures: ss.ConsecutiveFailures,
		FailingSince:        apiTime(ss.FailingSince, loc),
		NextFetchAt:         apiTime(ss.NextFetchAt, loc),
		TLSInsecure:         src.source.TLSInsecure,
	}
}

// apiTime is t to the second in loc, nil when zero.
func apiTime(t time.Time, loc *time.Location) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.In(loc).Truncate(time.Second)
	return &t
}
