package publish

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"bantin"
)

// recentItems is how many of its own items a unit's page lists.
const recentItems = 30

// fetchLogSize is how many past fetches a unit's page shows per source.
const fetchLogSize = 20

type unitPage struct {
	page
	ID         string
	Row        unitRow
	Spark      sparkline // with a tooltip per day
	Feeds      []link
	Children   []link
	Sources    []sourceView
	Items      []itemView
	SearchForm string // action of the search form, with the unit preset
	LangValue  string // the form's hidden lang field, when chosen by the query
}

type sourceView struct {
	URL, Anchor  string
	Badges       []badge
	LastFetch    timeView
	LastOK       timeView
	NextFetch    timeView
	LastStatus   string
	LastError    string
	Failures     int
	Log          []fetchView
	LogHeading   string
	AnyFetchDone bool
}

type fetchView struct {
	At       timeView
	Duration string
	Status   string
	Result   string
	Detail   string // what the new-items figure does not say: updated and duplicate
	New      int
	Failed   bool
	OK       bool
}

// itemView is one item of the unit, with the source that carried it and
// the other units that published the same story.
type itemView struct {
	Title, Link string
	Published   timeView
	Source      link
	Also        []link
}

// handleUnit serves GET /units/{id}: a unit's health, its sources and
// their recent fetches, and its recent items.
func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	st := s.snapshot()
	id, alias, ok := st.tree.Resolve(r.PathValue("id"))
	switch {
	case !ok:
		http.Error(w, fmt.Sprintf("no unit %q", r.PathValue("id")), http.StatusNotFound)
		return
	case id == bantin.AllUnits:
		http.Redirect(w, r, l.link("/"), http.StatusFound)
		return
	case alias:
		redirectCanonical(w, r, "/units/"+id)
		return
	}
	p, err := s.unitPage(r, l, st, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPage(w, r, "unit", p)
}

func (s *Server) unitPage(r *http.Request, l lang, st *snapshot, id string) (*unitPage, error) {
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
	items, err := s.store.UnitItems(ctx, id, recentItems)
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", id, err)
	}
	p := &unitPage{
		page:       newPage(l, r, rep.unit.Name, ""),
		ID:         id,
		Row:        rowOf(l, st, rep, now),
		Spark:      l.sparklineOf(rep.days, now, st.loc, sparkLarge),
		Feeds:      feedLinks(st, id),
		SearchForm: "/items",
	}
	p.Breadcrumbs = breadcrumbs(l, st, rep.unit)
	if l.fromQuery {
		p.LangValue = l.Lang
	}
	for _, c := range st.tree.Children(id) {
		p.Children = append(p.Children, link{Text: st.unitName(c), URL: l.link("/units/" + c)})
	}
	for i := range rep.sources {
		log, err := s.store.FetchLog(ctx, rep.sources[i].source.URL, fetchLogSize)
		if err != nil {
			return nil, fmt.Errorf("fetch log of %s: %w", rep.sources[i].source.URL, err)
		}
		p.Sources = append(p.Sources, sourceViewOf(l.labels, st, &rep.sources[i], log, now, i))
	}
	anchors := make(map[string]string, len(p.Sources))
	for _, src := range p.Sources {
		anchors[src.URL] = "#" + src.Anchor
	}
	for i := range items {
		p.Items = append(p.Items, itemViewOf(l, st, id, &items[i], anchors, now))
	}
	return p, nil
}

func sourceViewOf(l *labels, st *snapshot, src *sourceReport, log []bantin.FetchRecord, now time.Time, i int) sourceView {
	ss := src.state
	v := sourceView{
		URL:          src.source.URL,
		Anchor:       fmt.Sprintf("nguon-%d", i+1),
		LastFetch:    l.timeView(ss.LastFetchAt, now, st.loc),
		LastOK:       l.timeView(ss.LastOKAt, now, st.loc),
		NextFetch:    l.timeView(ss.NextFetchAt, now, st.loc),
		LastStatus:   httpStatus(ss.LastStatus),
		LastError:    ss.LastError,
		Failures:     ss.ConsecutiveFailures,
		LogHeading:   l.FetchLog.of(len(log)),
		AnyFetchDone: !ss.LastFetchAt.IsZero(),
	}
	switch {
	case src.failing():
		v.Badges = append(v.Badges, badge{Class: statusFailing.class(), Label: l.StatusFailing, Detail: l.failingDetail(ss, st.loc)})
	case v.AnyFetchDone:
		v.Badges = append(v.Badges, badge{Class: statusOK.class(), Label: l.StatusOK})
	}
	if src.source.TLSInsecure {
		v.Badges = append(v.Badges, badge{Class: statusWarning.class(), Label: l.StatusWarning, Detail: l.InsecureTLS})
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
		New:      f.New,
		Detail:   fmt.Sprintf(l.NewUpdatedDup, f.New, f.Updated, f.Duplicate),
		Failed:   f.Error != "",
	}
	switch {
	case v.Failed:
		v.Result = l.errorKind(f.ErrorKind) + ": " + f.Error
	case f.NotModified:
		v.Result = l.NotModified
	default:
		v.OK = true
		v.Result = v.Detail
	}
	return v
}

// itemViewOf shows an item; its source links to the source's health on
// the same page (anchors by URL), or, for a source no longer configured,
// to the feed itself.
func itemViewOf(l lang, st *snapshot, unit string, it *bantin.UnitItem, anchors map[string]string, now time.Time) itemView {
	v := itemView{
		Title:     it.Title,
		Link:      it.Link,
		Published: l.timeView(it.Published, now, st.loc),
		Source:    link{Text: shortURL(it.Source), URL: it.Source},
	}
	if a, ok := anchors[it.Source]; ok {
		v.Source = link{Text: sourceLabel(it.Source), URL: a, Title: it.Source}
	}
	for _, u := range it.Units {
		if u != unit {
			v.Also = append(v.Also, link{Text: st.unitName(u), URL: l.link("/units/" + u)})
		}
	}
	return v
}

// sourceLabel is what tells a unit's sources apart on its page: the
// feed's path and query ("rss/tin-tuc.xml", "Rss.aspx?catid=1"), or its
// host when the path is empty.
func sourceLabel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return shortURL(raw)
	}
	label := strings.TrimPrefix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		label += "?" + u.RawQuery
	}
	if label == "" {
		return u.Host
	}
	return label
}
