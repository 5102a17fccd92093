package publish

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"bantin"
)

// searchPageSize is how many stories one page of results lists.
const searchPageSize = 20

// Bounds of a search request: what anyone types fits, and paging past
// ten thousand results is not something a person does.
const (
	maxQueryRunes  = 500
	maxSearchPages = 500
)

type searchPage struct {
	page
	Q         string
	Unit      string
	Units     []option
	LangValue string
	Searched  bool
	Total     string
	Results   []storyView
	Start     int // number of the first result, for <ol start>
	Prev      string
	Next      string
	PageInfo  string
}

type option struct {
	Value, Text string
	Selected    bool
}

// searchQuery is GET /items?q=&unit=&page=.
type searchQuery struct {
	q    string
	unit string // a canonical unit id, or ""
	page int    // from 1
}

func parseSearchQuery(r *http.Request, st *snapshot) (searchQuery, error) {
	v := r.URL.Query()
	sq := searchQuery{q: strings.TrimSpace(v.Get("q")), page: 1}
	if utf8.RuneCountInString(sq.q) > maxQueryRunes {
		return sq, fmt.Errorf("q is longer than %d characters", maxQueryRunes)
	}
	if u := v.Get("unit"); u != "" && u != bantin.AllUnits {
		id, _, ok := st.tree.Resolve(u)
		if !ok {
			return sq, fmt.Errorf("no unit %q", u)
		}
		sq.unit = id
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxSearchPages {
			return sq, fmt.Errorf("page must be a whole number from 1 to %d, not %q", maxSearchPages, p)
		}
		sq.page = n
	}
	return sq, nil
}

// handleSearch serves GET /items: stories whose title or text has the
// words typed, with or without diacritics, newest first.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	st := s.snapshot()
	sq, err := parseSearchQuery(r, st)
	if err != nil {
		badRequest(w, "search: %v", err)
		return
	}
	p := &searchPage{page: newPage(l, r, l.SearchTitle, "/items"), Q: sq.q, Unit: sq.unit, Units: unitOptions(l, st, sq.unit)}
	if l.fromQuery {
		p.LangValue = l.Lang
	}
	if sq.q != "" {
		if err := s.search(r, l, st, sq, p); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.renderPage(w, r, "search", p)
}

func (s *Server) search(r *http.Request, l lang, st *snapshot, sq searchQuery, p *searchPage) error {
	var units []string
	if sq.unit != "" {
		units = st.tree.Subtree(sq.unit)
	}
	stories, total, err := s.store.Search(r.Context(), sq.q, units, searchPageSize, (sq.page-1)*searchPageSize)
	if err != nil {
		return err
	}
	now := s.clock()
	p.Searched = true
	p.Start = (sq.page-1)*searchPageSize + 1
	p.Total = l.Results.of(total)
	for i := range stories {
		p.Results = append(p.Results, storyViewOf(l, st, &stories[i], now))
	}
	pages := (total + searchPageSize - 1) / searchPageSize
	if pages > 1 {
		p.PageInfo = fmt.Sprintf(l.PageOf, sq.page, pages)
	}
	at := func(n int) string { return l.link("/items", "q", sq.q, "unit", sq.unit, "page", strconv.Itoa(n)) }
	if sq.page > 1 {
		// Past the last page, "previous" leads back to the last one.
		p.Prev = at(max(1, min(sq.page-1, pages)))
	}
	if sq.page < min(pages, maxSearchPages) {
		p.Next = at(sq.page + 1)
	}
	return nil
}

// unitOptions are the choices of the unit filter, in tree order, indented
// by depth so the tree reads in a plain <select>.
func unitOptions(l lang, st *snapshot, selected string) []option {
	out := []option{{Value: "", Text: l.AllUnitsOption, Selected: selected == ""}}
	var walk func(ids []string, depth int)
	walk = func(ids []string, depth int) {
		for _, id := range ids {
			out = append(out, option{Value: id, Text: strings.Repeat("\u00a0\u00a0", depth) + st.unitName(id), Selected: id == selected})
			walk(st.tree.Children(id), depth+1)
		}
	}
	walk(st.tree.Roots(), 0)
	return out
}
