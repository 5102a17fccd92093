package publish

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"bantin"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates holds one template set per page, each the layout with
// the page's own "content".
var pageTemplates = map[string]*template.Template{
	"overview": template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/overview.html")),
	"unit":     template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/unit.html")),
}

// contentSecurityPolicy forbids everything the pages do not use: no
// script at all, styles only inline, images only from here, forms only to
// here, and no framing.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// recentStories is how many stories a unit's page lists.
const recentStories = 30

// fetchLogSize is how many past fetches a unit's page shows per source.
const fetchLogSize = 20

// timeView is a moment as staff read it: relative, with the exact time
// for a tooltip and a machine-readable one for <time>.
type timeView struct {
	Rel, Exact, ISO string
}

func (l *labels) timeView(t, now time.Time, loc *time.Location) timeView {
	if t.IsZero() {
		return timeView{Rel: l.Never}
	}
	t = t.In(loc)
	return timeView{Rel: l.ago(now, t), Exact: t.Format(l.DateFormat), ISO: t.Format(time.RFC3339)}
}

// badge is one status word of a unit or source, with its CSS class.
type badge struct {
	Class, Label, Detail string
}

type statusCount struct {
	Class, Label string
	N            int
}

type link struct {
	Text, URL string
}

// unitRow is one line of the overview's tree table.
type unitRow struct {
	ID, Name, URL        string
	Depth                int
	Today, Days7, Days30 int
	LastItem             timeView
	Badges               []badge
}

type overviewPage struct {
	T           *labels
	Title       string
	Breadcrumbs []link // none: the overview is the top
	Generated   timeView
	Counts      []statusCount
	Rows        []unitRow
	Feeds       []link
}

type sourceView struct {
	URL          string
	Badges       []badge
	LastFetch    timeView
	LastOK       timeView
	NextFetch    timeView
	LastStatus   string
	LastError    string
	Failures     int
	TLSInsecure  bool
	Log          []fetchView
	LogHeading   string
	AnyFetchDone bool
}

type fetchView struct {
	At       timeView
	Duration string
	Status   string
	Result   string
	Failed   bool
}

type storyView struct {
	Title, Link, Summary string
	Published            timeView
	Units                []link
}

type unitPage struct {
	T           *labels
	Title       string
	Row         unitRow
	Breadcrumbs []link
	Children    []link
	Feeds       []link
	Sources     []sourceView
	Stories     []storyView
}

// handleOverview serves GET /: every unit as an indented tree table.
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	st := s.snapshot()
	now := s.clock()
	reps, err := s.reports(r.Context(), st, now)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPage(w, r, "overview", overviewOf(vi, st, reps, now))
}

func overviewOf(l *labels, st *snapshot, reps []unitReport, now time.Time) *overviewPage {
	p := &overviewPage{
		T:         l,
		Title:     st.allTitle(),
		Generated: l.timeView(now, now, st.loc),
		Feeds:     feedLinks(st, bantin.AllUnits),
	}
	counts := []statusCount{
		{Class: "ok", Label: l.StatusOK},
		{Class: "silent", Label: l.StatusSilent},
		{Class: "failing", Label: l.StatusFailing},
		{Class: "warning", Label: l.StatusWarning},
	}
	for i := range reps {
		h := reps[i].health
		for j, on := range []bool{h.ok(), h.silent, h.failing, h.insecure} {
			if on {
				counts[j].N++
			}
		}
		p.Rows = append(p.Rows, rowOf(l, st, &reps[i], now))
	}
	p.Counts = counts
	return p
}

func rowOf(l *labels, st *snapshot, rep *unitReport, now time.Time) unitRow {
	a := rep.activity
	row := unitRow{
		ID:       rep.unit.ID,
		Name:     rep.unit.Name,
		URL:      "/units/" + rep.unit.ID,
		Depth:    rep.depth,
		Today:    a.Today,
		Days7:    a.Days7,
		Days30:   a.Days30,
		LastItem: l.timeView(a.LastItemAt, now, st.loc),
	}
	if a.LastItemAt.IsZero() {
		row.LastItem.Rel = l.NoItemYet
	}
	row.Badges = badgesOf(l, st, rep)
	return row
}

// badgesOf lists a unit's statuses, the most urgent first.
func badgesOf(l *labels, st *snapshot, rep *unitReport) []badge {
	h := rep.health
	var out []badge
	if h.noSource {
		return []badge{{Class: "none", Label: l.StatusNoSource}}
	}
	if h.failing {
		since, kind := rep.failingSince()
		detail := l.failingDetail(kind, since, st.loc)
		out = append(out, badge{Class: "failing", Label: l.StatusFailing, Detail: detail})
	}
	if h.silent {
		out = append(out, badge{Class: "silent", Label: l.StatusSilent,
			Detail: fmt.Sprintf(l.SilentFor, st.silentDays(rep.unit))})
	}
	if h.insecure {
		out = append(out, badge{Class: "warning", Label: l.StatusWarning, Detail: l.InsecureTLS})
	}
	if h.ok() {
		out = append(out, badge{Class: "ok", Label: l.StatusOK})
	}
	return out
}

// failingDetail says what kind of failure and since when.
func (l *labels) failingDetail(kind bantin.ErrorKind, since time.Time, loc *time.Location) string {
	if since.IsZero() {
		return l.errorKind(kind)
	}
	return fmt.Sprintf(l.FailingSince, l.errorKind(kind), since.In(loc).Format(l.DateFormat))
}

// feedLinks are the subscription links of a unit's feed, absolute so
// they can be pasted into a reader.
func feedLinks(st *snapshot, unit string) []link {
	out := make([]link, len(allFormats))
	for i, f := range allFormats {
		out[i] = link{Text: formatName(f), URL: feedURL(st.base, unit, f)}
	}
	return out
}

func formatName(f format) string {
	return [...]string{formatRSS: "RSS", formatAtom: "Atom", formatJSON: "JSON Feed"}[f]
}

// handleUnit serves GET /units/{id}: a unit's sources, their recent
// fetches and its recent stories.
func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) {
	st := s.snapshot()
	id, alias, ok := st.tree.Resolve(r.PathValue("id"))
	switch {
	case !ok:
		http.Error(w, fmt.Sprintf("no unit %q", r.PathValue("id")), http.StatusNotFound)
		return
	case id == bantin.AllUnits:
		http.Redirect(w, r, "/", http.StatusFound)
		return
	case alias:
		redirectCanonical(w, r, "/units/"+id)
		return
	}
	p, err := s.unitPage(r, st, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPage(w, r, "unit", p)
}

func (s *Server) unitPage(r *http.Request, st *snapshot, id string) (*unitPage, error) {
	ctx := r.Context()
	now := s.clock()
	reps, err := s.reports(ctx, st, now)
	if err != nil {
		return nil, err
	}
	var rep *unitReport
	for i := range reps {
		if reps[i].unit.ID == id {
			rep = &reps[i]
		}
	}
	stories, err := s.store.Stories(ctx, st.tree.Subtree(id), recentStories)
	if err != nil {
		return nil, fmt.Errorf("stories of %s: %w", id, err)
	}
	l := vi
	p := &unitPage{
		T:           l,
		Title:       rep.unit.Name,
		Row:         rowOf(l, st, rep, now),
		Breadcrumbs: breadcrumbs(st, rep.unit),
		Feeds:       feedLinks(st, id),
	}
	for _, c := range st.tree.Children(id) {
		p.Children = append(p.Children, link{Text: st.unitName(c), URL: "/units/" + c})
	}
	for i := range rep.sources {
		log, err := s.store.FetchLog(ctx, rep.sources[i].source.URL, fetchLogSize)
		if err != nil {
			return nil, fmt.Errorf("fetch log of %s: %w", rep.sources[i].source.URL, err)
		}
		p.Sources = append(p.Sources, sourceViewOf(l, st, &rep.sources[i], log, now))
	}
	for i := range stories {
		p.Stories = append(p.Stories, storyViewOf(l, st, &stories[i], now))
	}
	return p, nil
}

// breadcrumbs is the chain of u's ancestors, the root first.
func breadcrumbs(st *snapshot, u *bantin.Unit) []link {
	var out []link
	for p := st.tree.Unit(u.Parent); p != nil; p = st.tree.Unit(p.Parent) {
		out = append([]link{{Text: p.Name, URL: "/units/" + p.ID}}, out...)
	}
	return out
}

func sourceViewOf(l *labels, st *snapshot, src *sourceReport, log []bantin.FetchRecord, now time.Time) sourceView {
	ss := src.state
	v := sourceView{
		URL:          src.source.URL,
		LastFetch:    l.timeView(ss.LastFetchAt, now, st.loc),
		LastOK:       l.timeView(ss.LastOKAt, now, st.loc),
		NextFetch:    l.timeView(ss.NextFetchAt, now, st.loc),
		LastStatus:   httpStatus(ss.LastStatus),
		LastError:    ss.LastError,
		Failures:     ss.ConsecutiveFailures,
		TLSInsecure:  src.source.TLSInsecure,
		LogHeading:   fmt.Sprintf(l.FetchLog, len(log)),
		AnyFetchDone: !ss.LastFetchAt.IsZero(),
	}
	switch {
	case src.failing():
		detail := l.failingDetail(ss.ErrorKind, ss.FailingSince, st.loc)
		v.Badges = append(v.Badges, badge{Class: "failing", Label: l.StatusFailing, Detail: detail})
	case v.AnyFetchDone:
		v.Badges = append(v.Badges, badge{Class: "ok", Label: l.StatusOK})
	}
	if src.source.TLSInsecure {
		v.Badges = append(v.Badges, badge{Class: "warning", Label: l.StatusWarning, Detail: l.InsecureTLS})
	}
	for _, f := range log {
		v.Log = append(v.Log, fetchViewOf(l, st, f, now))
	}
	return v
}

func fetchViewOf(l *labels, st *snapshot, f bantin.FetchRecord, now time.Time) fetchView {
	v := fetchView{
		At:       l.timeView(f.At, now, st.loc),
		Duration: l.duration(f.Duration),
		Status:   httpStatus(f.Status),
		Failed:   f.Error != "",
	}
	switch {
	case v.Failed:
		v.Result = l.errorKind(f.ErrorKind) + ": " + f.Error
	case f.NotModified:
		v.Result = l.NotModified
	default:
		v.Result = fmt.Sprintf(l.NewUpdatedDup, f.New, f.Updated, f.Duplicate)
	}
	return v
}

func httpStatus(code int) string {
	if code == 0 {
		return "—"
	}
	return strconv.Itoa(code)
}

func storyViewOf(l *labels, st *snapshot, s *bantin.Story, now time.Time) storyView {
	v := storyView{
		Title:     s.Title,
		Link:      s.Link,
		Summary:   truncateText(summaryOf(s.Summary, s.Content), 200),
		Published: l.timeView(s.Published, now, st.loc),
	}
	for _, u := range s.Units {
		v.Units = append(v.Units, link{Text: st.unitName(u), URL: "/units/" + u})
	}
	return v
}

// renderPage executes a page into memory first, so a template error is a
// clean 500 and not half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, name string, data any) {
	var buf bytes.Buffer
	if err := pageTemplates[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.serverError(w, r, fmt.Errorf("render page %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}
