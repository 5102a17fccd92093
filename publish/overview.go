package publish

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"bantin"
)

// overviewQuery is what the reader asked of the overview (all of it in
// the URL, so that it works with links alone): which status to show,
// which column to sort by, in which direction.
type overviewQuery struct {
	filter   status
	filtered bool
	sort     string // a key of sortColumns
	desc     bool
}

// sortColumns are the overview's sortable columns. A first click sorts
// the worst first: the most urgent status, the fewest items, the oldest
// last item; the name alphabetically. Sorting by status keeps the tree.
var sortColumns = map[string]bool{ // key: descending on the first click
	"status": true,
	"name":   false,
	"today":  false,
	"d7":     false,
	"d30":    false,
	"last":   false,
}

const defaultSort = "status"

func parseOverviewQuery(q url.Values) (overviewQuery, error) {
	oq := overviewQuery{sort: defaultSort, desc: sortColumns[defaultSort]}
	if v := q.Get("status"); v != "" {
		s, ok := statusBySlug(v)
		if !ok {
			return oq, fmt.Errorf("unknown status %q: want one of loi, im-lang, canh-bao, ok, khong-nguon", v)
		}
		oq.filter, oq.filtered = s, true
	}
	if v := q.Get("sort"); v != "" {
		desc, ok := sortColumns[v]
		if !ok {
			return oq, fmt.Errorf("unknown sort %q: want one of status, name, today, d7, d30, last", v)
		}
		oq.sort, oq.desc = v, desc
	}
	switch v := q.Get("dir"); v {
	case "":
	case "asc", "desc":
		oq.desc = v == "desc"
	default:
		return oq, fmt.Errorf("unknown dir %q: want asc or desc", v)
	}
	return oq, nil
}

func (oq overviewQuery) tree() bool { return oq.sort == defaultSort }

// link is the overview with this query changed by the given pairs.
func (oq overviewQuery) link(l lang, params ...string) string {
	q := map[string]string{"sort": oq.sort, "dir": "asc"}
	if oq.desc {
		q["dir"] = "desc"
	}
	if oq.filtered {
		q["status"] = oq.filter.slug()
	}
	for i := 0; i+1 < len(params); i += 2 {
		q[params[i]] = params[i+1]
	}
	return l.link("/", "status", q["status"], "sort", q["sort"], "dir", q["dir"])
}

type overviewPage struct {
	page
	Generated timeView
	Counts    []statusCount
	Columns   []column
	Caption   string
	Rows      []unitRow
	Feeds     []link
	Report    reportForm
}

// statusCount is one entry of the filter at the top: how many units are
// in a status, as a link that shows only them.
type statusCount struct {
	Class, Label, URL string
	N                 int
	Current           bool
}

// column is one heading of the tree table; URL empty when it does not sort.
type column struct {
	Label, URL, AriaSort, Class string
}

// unitRow is one line of the overview's table.
type unitRow struct {
	ID, Name, URL        string
	Class                string // d0, d1… by depth in the tree; flat in a sorted list
	Parent               string // the parent's name, in a flat list
	Depth                int    // indentation, in the tree
	Context              bool   // shown only as the parent of a unit in the filter
	Today, Days7, Days30 int
	Spark                sparkline
	LastItem             timeView
	Badges               []badge
	Below                []statusCount // problems of the units below it, in the tree
}

// handleOverview serves GET /: every unit with its figures and status.
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	oq, err := parseOverviewQuery(r.URL.Query())
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	st := s.snapshot()
	now := s.clock()
	reps, err := s.reports(r.Context(), st, now)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPage(w, r, "overview", overviewOf(l, r, st, reps, oq, now))
}

func overviewOf(l lang, r *http.Request, st *snapshot, reps []unitReport, oq overviewQuery, now time.Time) *overviewPage {
	p := &overviewPage{
		page:      newPage(l, r, st.allTitle(), "/"),
		Generated: l.timeView(now, now, st.loc),
		Counts:    statusCounts(l, reps, oq),
		Columns:   columns(l, oq),
		Caption:   caption(l, oq),
		Feeds:     feedLinks(st, bantin.AllUnits),
		Report:    newReportForm(l, now, st.loc),
	}
	var rows []placedRow
	if oq.tree() {
		rows = treeRows(l.labels, st, reps, oq)
	} else {
		rows = flatRows(l, reps, oq)
	}
	for _, pr := range rows {
		row := rowOf(l, st, pr.rep, now)
		row.Context = pr.context
		if oq.tree() {
			row.Depth, row.Below = pr.rep.depth, pr.below
			row.Class = fmt.Sprintf("d%d", row.Depth)
		} else {
			row.Class = "flat"
			if parent := st.tree.Unit(pr.rep.unit.Parent); parent != nil {
				row.Parent = parent.Name
			}
		}
		if row.Context {
			row.Class += " context"
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

func statusCounts(l lang, reps []unitReport, oq overviewQuery) []statusCount {
	out := []statusCount{{Class: "all", Label: l.AllStatuses, N: len(reps), Current: !oq.filtered,
		URL: oq.link(l, "status", "")}}
	for _, s := range statuses {
		c := statusCount{Class: s.class(), Label: l.statusName(s), URL: oq.link(l, "status", s.slug()),
			Current: oq.filtered && oq.filter == s}
		for i := range reps {
			if reps[i].health.has(s) {
				c.N++
			}
		}
		out = append(out, c)
	}
	return out
}

func columns(l lang, oq overviewQuery) []column {
	heads := []struct{ key, label, class string }{
		{"name", l.Units, ""}, {"today", l.Today, "n"}, {"d7", l.Days7, "n"}, {"d30", l.Days30, "n"},
		{"", l.Activity, "spark"}, {"last", l.LastItem, ""}, {"status", l.Status, ""},
	}
	out := make([]column, len(heads))
	for i, h := range heads {
		c := column{Label: h.label, Class: h.class}
		if h.key != "" {
			desc := sortColumns[h.key]
			if oq.sort == h.key {
				desc = !oq.desc
				c.AriaSort = map[bool]string{true: "descending", false: "ascending"}[oq.desc]
			}
			c.URL = oq.link(l, "sort", h.key, "dir", map[bool]string{true: "desc", false: "asc"}[desc])
		}
		out[i] = c
	}
	return out
}

func caption(l lang, oq overviewQuery) string {
	if oq.tree() {
		return l.TableCaption + ", " + l.TreeOrder
	}
	for _, c := range columns(l, oq) {
		if c.AriaSort != "" {
			dir := l.Ascending
			if oq.desc {
				dir = l.Descending
			}
			return fmt.Sprintf("%s, %s %s (%s)", l.TableCaption, l.SortedBy, c.Label, dir)
		}
	}
	return l.TableCaption
}

// placedRow is a unit in the order the table shows it.
type placedRow struct {
	rep     *unitReport
	context bool
	below   []statusCount
}

// treeRows keeps the tree and orders siblings by the worst status in
// their subtree (so that the way to a failing ward is always at the top),
// then their own, then the longest silence. With a filter, a unit not in
// it is shown only as the parent of one that is.
func treeRows(l *labels, st *snapshot, reps []unitReport, oq overviewQuery) []placedRow {
	byID := make(map[string]*unitReport, len(reps))
	for i := range reps {
		byID[reps[i].unit.ID] = &reps[i]
	}
	worst := make(map[string]status, len(reps))
	keep := make(map[string]bool, len(reps))
	below := make(map[string]map[status]int, len(reps))
	var measure func(id string)
	measure = func(id string) {
		rep := byID[id]
		worst[id] = rep.health.worst()
		keep[id] = !oq.filtered || rep.health.has(oq.filter)
		below[id] = make(map[status]int)
		for _, c := range st.tree.Children(id) {
			measure(c)
			worst[id] = max(worst[id], worst[c])
			keep[id] = keep[id] || keep[c]
			for _, s := range []status{statusFailing, statusSilent, statusWarning} {
				below[id][s] += below[c][s]
				if byID[c].health.has(s) {
					below[id][s]++
				}
			}
		}
	}
	roots := st.tree.Roots()
	for _, id := range roots {
		measure(id)
	}
	order := func(ids []string) []string {
		ids = slices.Clone(ids)
		slices.SortStableFunc(ids, func(a, b string) int {
			ra, rb := byID[a], byID[b]
			c := cmp.Or(cmp.Compare(worst[a], worst[b]), cmp.Compare(ra.health.worst(), rb.health.worst()),
				rb.activity.LastItemAt.Compare(ra.activity.LastItemAt))
			if oq.desc {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(ra.order, rb.order))
		})
		return ids
	}
	var out []placedRow
	var walk func(ids []string)
	walk = func(ids []string) {
		for _, id := range order(ids) {
			if !keep[id] {
				continue
			}
			rep := byID[id]
			out = append(out, placedRow{rep: rep, context: oq.filtered && !rep.health.has(oq.filter),
				below: belowCounts(l, below[id])})
			walk(st.tree.Children(id))
		}
	}
	walk(roots)
	return out
}

// belowCounts are the problems below a unit, as "2 lỗi, 1 im lặng".
func belowCounts(l *labels, n map[status]int) []statusCount {
	var out []statusCount
	for _, s := range []status{statusFailing, statusSilent, statusWarning} {
		if n[s] > 0 {
			out = append(out, statusCount{Class: s.class(), Label: l.statusName(s), N: n[s]})
		}
	}
	return out
}

// flatRows lists the units in the filter sorted by one column, tree order
// breaking ties.
func flatRows(l lang, reps []unitReport, oq overviewQuery) []placedRow {
	var out []placedRow
	for i := range reps {
		if !oq.filtered || reps[i].health.has(oq.filter) {
			out = append(out, placedRow{rep: &reps[i]})
		}
	}
	coll := collate.New(language.Make(l.Lang))
	by := func(a, b *unitReport) int {
		switch oq.sort {
		case "name":
			return coll.CompareString(a.unit.Name, b.unit.Name)
		case "today":
			return cmp.Compare(a.activity.Today, b.activity.Today)
		case "d7":
			return cmp.Compare(a.activity.Days7, b.activity.Days7)
		case "d30":
			return cmp.Compare(a.activity.Days30, b.activity.Days30)
		}
		return a.activity.LastItemAt.Compare(b.activity.LastItemAt)
	}
	slices.SortStableFunc(out, func(a, b placedRow) int {
		c := by(a.rep, b.rep)
		if oq.desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.rep.order, b.rep.order))
	})
	return out
}

func rowOf(l lang, st *snapshot, rep *unitReport, now time.Time) unitRow {
	a := rep.activity
	row := unitRow{
		ID:       rep.unit.ID,
		Name:     rep.unit.Name,
		URL:      l.link("/units/" + rep.unit.ID),
		Today:    a.Today,
		Days7:    a.Days7,
		Days30:   a.Days30,
		Spark:    l.sparklineOf(rep.days, now, st.loc, sparkSmall),
		LastItem: l.timeView(a.LastItemAt, now, st.loc),
		Badges:   badgesOf(l.labels, st, rep, now),
	}
	if a.LastItemAt.IsZero() {
		row.LastItem.Rel = l.NoItemYet
	}
	return row
}
