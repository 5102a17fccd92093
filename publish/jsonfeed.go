package publish

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/gorilla/feeds"
)

const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// The JSON Feed wraps gorilla's structs to add feed_url, the language, an
// items array that is present even when empty (the spec requires it) and
// the _bantin extension on every item.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

type jsonItem struct {
	*feeds.JSONItem
	Bantin jsonExtension `json:"_bantin"`
}

// jsonExtension tells a reader which units published a story and where
// every copy of it is.
type jsonExtension struct {
	Units []string `json:"units"`
	Links []string `json:"links"`
}

func (d *feedDoc) renderJSON() ([]byte, error) {
	gf := d.gorillaFeed()
	jf := (&feeds.JSON{Feed: gf}).JSONFeed()
	jf.Version = jsonFeedVersion
	jf.Language = feedLanguage
	jf.FeedUrl = d.selfURL(formatJSON)
	jf.HomePageUrl = d.homeURL()
	doc := &jsonFeed{JSONFeed: jf, Items: make([]*jsonItem, len(jf.Items))}
	for i, it := range jf.Items {
		s := &d.stories[i]
		it.Tags = d.categories(s)
		doc.Items[i] = &jsonItem{JSONItem: it, Bantin: jsonExtension{
			Units: nonNil(s.Units),
			Links: nonNil(s.Links),
		}}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // content_html is read as JSON, not embedded in a page
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("render json feed %s: %w", d.unit, err)
	}
	return buf.Bytes(), nil
}

// nonNil makes an absent list an empty JSON array rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
