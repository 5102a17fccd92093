package publish

import (
	"net/http"
	"net/url"

	"golang.org/x/text/language"
)

// pageLangs are the languages of the staff pages, the default first.
var (
	pageLangs   = []*labels{vi, en}
	langMatcher = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})
	langByParam = map[string]*labels{"vi": vi, "en": en}
)

// langParam is the query parameter that chooses the language.
const langParam = "lang"

// lang is the language a request is answered in, and how it was chosen:
// a ?lang= choice must follow the reader from link to link, a browser's
// Accept-Language need not.
type lang struct {
	*labels
	fromQuery bool
}

// langOf picks the page language: ?lang=vi|en first, then the browser's
// Accept-Language, then Vietnamese.
func langOf(r *http.Request) lang {
	if l, ok := langByParam[r.URL.Query().Get(langParam)]; ok {
		return lang{l, true}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return lang{vi, false}
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return lang{vi, false}
	}
	return lang{pageLangs[i], false}
}

// link returns path with the query params (pairs of key and value, empty
// values left out) and, when the reader chose the language by the query,
// that choice.
func (l lang) link(path string, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] != "" {
			q.Set(params[i], params[i+1])
		}
	}
	if l.fromQuery {
		q.Set(langParam, l.Lang)
	}
	u := url.URL{Path: path, RawQuery: q.Encode()}
	return u.String()
}

// switchLink is the current page in the other language.
func (l lang) switchLink(r *http.Request) string {
	q := r.URL.Query()
	q.Set(langParam, l.OtherLang)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}
