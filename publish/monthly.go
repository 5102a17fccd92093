package publish

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"bantin"
)

// maxReportMonths bounds one report: ten years of months.
const maxReportMonths = 120

const monthLayout = "2006-01"

// reportQuery is what GET /report.csv was asked: the months (in the
// configured zone, both included), whether rows are units or sources, and
// the column separator.
type reportQuery struct {
	from, to  time.Time // first instants of the months
	bySource  bool
	semicolon bool
}

// lastMonth is the month before now's in loc: what a monthly report
// sent at the start of a month is about.
func lastMonth(now time.Time, loc *time.Location) time.Time {
	local := now.In(loc)
	return time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, loc)
}

func parseReportQuery(q url.Values, now time.Time, loc *time.Location) (reportQuery, error) {
	rq := reportQuery{from: lastMonth(now, loc), to: lastMonth(now, loc)}
	for _, p := range []struct {
		name string
		into *time.Time
	}{{"from", &rq.from}, {"to", &rq.to}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation(monthLayout, v, loc)
		if err != nil || t.Year() < 1990 {
			return rq, fmt.Errorf("%s=%q is not a month written YYYY-MM (from 1990)", p.name, v)
		}
		*p.into = t
	}
	if rq.to.Before(rq.from) {
		return rq, errors.New("to is before from")
	}
	if n := monthsBetween(rq.from, rq.to); n > maxReportMonths {
		return rq, fmt.Errorf("%d months is more than the %d one report covers", n, maxReportMonths)
	}
	switch v := q.Get("by"); v {
	case "", "unit":
	case "source":
		rq.bySource = true
	default:
		return rq, fmt.Errorf("by=%q: want unit or source", v)
	}
	switch v := q.Get("sep"); v {
	case "", "comma":
	case "semicolon":
		rq.semicolon = true
	default:
		return rq, fmt.Errorf("sep=%q: want comma or semicolon", v)
	}
	return rq, nil
}

// monthsBetween counts the months from from's to to's, both included.
func monthsBetween(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
}

// handleReport serves GET /report.csv: items per unit (or per source) per
// month, for staff to send upward. UTF-8 with a byte order mark and CRLF
// line ends, which is what makes Excel read Vietnamese right; LibreOffice
// reads it either way.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	st := s.snapshot()
	rq, err := parseReportQuery(r.URL.Query(), s.clock(), st.loc)
	if err != nil {
		badRequest(w, "report: %v", err)
		return
	}
	counts, err := s.store.MonthlyCounts(r.Context(), rq.from, rq.to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	body, err := reportCSV(l.labels, st, rq, counts)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := fmt.Sprintf("bantin-%s-%s.csv", rq.from.Format(monthLayout), rq.to.Format(monthLayout))
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Language")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// reportRow is one line of the report: a unit, or a source of a unit.
type reportRow struct {
	unit, source string
	months       []int
}

// reportCSV lays counts out with one column per month: the configured
// units in tree order (each followed by its sources when by source), then
// whatever the store counted for units or sources no longer configured,
// so that the figures add up to the stored items.
func reportCSV(l *labels, st *snapshot, rq reportQuery, counts []bantin.MonthCount) ([]byte, error) {
	months := monthsBetween(rq.from, rq.to)
	var rows []*reportRow
	index := make(map[[2]string]*reportRow)
	add := func(unit, source string) *reportRow {
		k := [2]string{unit, source}
		if row, ok := index[k]; ok {
			return row
		}
		row := &reportRow{unit: unit, source: source, months: make([]int, months)}
		index[k] = row
		rows = append(rows, row)
		return row
	}
	for _, id := range treeOrder(st) {
		if !rq.bySource {
			add(id, "")
			continue
		}
		for _, src := range st.tree.Unit(id).Sources {
			add(id, src.URL)
		}
	}
	configured := len(rows)
	for _, c := range counts {
		month, err := time.ParseInLocation(monthLayout, c.Month, rq.from.Location())
		if err != nil {
			return nil, fmt.Errorf("report: month %q from the store: %w", c.Month, err)
		}
		i := monthsBetween(rq.from, month) - 1
		if i < 0 || i >= months {
			return nil, fmt.Errorf("report: month %s from the store is outside the report", c.Month)
		}
		source := c.Source
		if !rq.bySource {
			source = ""
		}
		row, known := index[[2]string{c.Unit, source}]
		if !known {
			row = add(c.Unit, source)
		}
		row.months[i] += c.Items
	}
	slices.SortFunc(rows[configured:], func(a, b *reportRow) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.source, b.source))
	})
	return writeReport(l, st, rq, rows)
}

// treeOrder lists the configured units, each followed by its descendants.
func treeOrder(st *snapshot) []string {
	var out []string
	var walk func(ids []string)
	walk = func(ids []string) {
		for _, id := range ids {
			out = append(out, id)
			walk(st.tree.Children(id))
		}
	}
	walk(st.tree.Roots())
	return out
}

func writeReport(l *labels, st *snapshot, rq reportQuery, rows []*reportRow) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if rq.semicolon {
		w.Comma = ';'
	}
	third := l.CSVParent
	if rq.bySource {
		third = l.CSVSource
	}
	header := []string{l.CSVUnitID, l.CSVUnit, third}
	for m := rq.from; !m.After(rq.to); m = m.AddDate(0, 1, 0) {
		header = append(header, fmt.Sprintf(l.CSVMonth, int(m.Month()), m.Year()))
	}
	w.Write(append(header, l.CSVTotal))
	for _, row := range rows {
		name, parent := row.unit+" "+l.CSVRemoved, ""
		if u := st.tree.Unit(row.unit); u != nil {
			name, parent = u.Name, st.unitName(u.Parent)
		}
		if rq.bySource {
			parent = row.source
		}
		rec := []string{cell(row.unit), cell(name), cell(parent)}
		total := 0
		for _, n := range row.months {
			rec = append(rec, strconv.Itoa(n))
			total += n
		}
		w.Write(append(rec, strconv.Itoa(total)))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write report: %w", err)
	}
	return buf.Bytes(), nil
}

// cell keeps a text cell from being read as a formula by a spreadsheet
// (CSV injection): names come from the config, but a leading = + - @
// would still run when the file is opened.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// reportForm is the form on the overview that asks for a report.
type reportForm struct {
	Action, From, To, LangValue string
}

func newReportForm(l lang, now time.Time, loc *time.Location) reportForm {
	m := lastMonth(now, loc).Format(monthLayout)
	f := reportForm{Action: "/report.csv", From: m, To: m}
	if l.fromQuery {
		f.LangValue = l.Lang
	}
	return f
}
