package publish

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bantin"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates holds one template set per page, each the layout with
// the page's own "content".
var pageTemplates = map[string]*template.Template{
	"overview": parsePage("overview.html"),
	"unit":     parsePage("unit.html"),
	"search":   parsePage("search.html"),
}

func parsePage(name string) *template.Template {
	return template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/"+name))
}

// contentSecurityPolicy forbids everything the pages do not use: no
// script at all, styles only inline, images only from here, forms only to
// here, and no framing.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// page is what every staff page shows around its content.
type page struct {
	T           *labels
	Title       string
	Breadcrumbs []link
	Nav         []navItem
	SwitchLang  string // this page in the other language
	Footer      []link
}

type navItem struct {
	Text, URL string
	Current   bool
}

type link struct {
	Text, URL string
	Title     string // a tooltip, when the text is short for something longer
}

// newPage starts a page in language l; current is the path of the
// navigation entry the page belongs to.
func newPage(l lang, r *http.Request, title, current string) page {
	return page{
		T:     l.labels,
		Title: title,
		Nav: []navItem{
			{Text: l.NavOverview, URL: l.link("/"), Current: current == "/"},
			{Text: l.NavSearch, URL: l.link("/items"), Current: current == "/items"},
		},
		SwitchLang: l.switchLink(r),
		Footer:     []link{{Text: l.OPML, URL: "/opml"}, {Text: l.API, URL: "/api/units"}},
	}
}

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

// badge is one status word of a unit or source, with its CSS class and
// what it means in detail.
type badge struct {
	Class, Label, Detail string
}

// badgesOf lists a unit's statuses, the most urgent first.
func badgesOf(l *labels, st *snapshot, rep *unitReport, now time.Time) []badge {
	h := rep.health
	if h.noSource {
		return []badge{{Class: statusNone.class(), Label: l.StatusNoSource}}
	}
	var out []badge
	if h.failing {
		out = append(out, badge{Class: statusFailing.class(), Label: l.StatusFailing, Detail: failingDetail(l, rep, st.loc)})
	}
	if h.silent {
		detail := l.NeverPublished
		if last := rep.activity.LastItemAt; !last.IsZero() {
			detail = l.SilentFor.of(int(now.Sub(last)/(24*time.Hour)), st.silentDays(rep.unit))
		}
		out = append(out, badge{Class: statusSilent.class(), Label: l.StatusSilent, Detail: detail})
	}
	if h.insecure {
		out = append(out, badge{Class: statusWarning.class(), Label: l.StatusWarning, Detail: l.InsecureTLS})
	}
	if h.ok() {
		out = append(out, badge{Class: statusOK.class(), Label: l.StatusOK})
	}
	return out
}

// failingDetail says what kind of failure, since when and how many times,
// for the source of the unit that has failed longest.
func failingDetail(l *labels, rep *unitReport, loc *time.Location) string {
	src := rep.longestFailing()
	if src == nil {
		return ""
	}
	return l.failingDetail(src.state, loc)
}

func (l *labels) failingDetail(ss bantin.SourceState, loc *time.Location) string {
	detail := l.errorKind(ss.ErrorKind)
	if !ss.FailingSince.IsZero() {
		detail = fmt.Sprintf(l.FailingSince, detail, ss.FailingSince.In(loc).Format(l.DateFormat))
	}
	if ss.ConsecutiveFailures > 1 {
		detail += " (" + l.FailingRun.of(ss.ConsecutiveFailures) + ")"
	}
	return detail
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

// breadcrumbs is the chain of u's ancestors, the root first.
func breadcrumbs(l lang, st *snapshot, u *bantin.Unit) []link {
	var out []link
	for p := st.tree.Unit(u.Parent); p != nil; p = st.tree.Unit(p.Parent) {
		out = append([]link{{Text: p.Name, URL: l.link("/units/" + p.ID)}}, out...)
	}
	return out
}

func httpStatus(code int) string {
	if code == 0 {
		return "—"
	}
	return strconv.Itoa(code)
}

// shortURL is a source's address without its scheme, for a table cell.
func shortURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return rest
	}
	return strings.TrimPrefix(u, "http://")
}

// storyView is a story in a list: the search results.
type storyView struct {
	Title, Link, Summary string
	Published            timeView
	Units                []link
}

func storyViewOf(l lang, st *snapshot, s *bantin.Story, now time.Time) storyView {
	v := storyView{
		Title:     s.Title,
		Link:      s.Link,
		Summary:   truncateText(summaryOf(s.Summary, s.Content), 200),
		Published: l.timeView(s.Published, now, st.loc),
	}
	for _, u := range s.Units {
		v.Units = append(v.Units, link{Text: st.unitName(u), URL: l.link("/units/" + u)})
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
	h.Set("Vary", "Accept-Language")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// badRequest answers a query the page cannot honour, saying why.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	http.Error(w, fmt.Sprintf(format, args...), http.StatusBadRequest)
}
