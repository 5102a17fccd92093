package fetch

import (
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// rssNative are the namespaces gofeed's RSS parser reads as RSS itself;
// elements in any other are extensions.
var rssNative = []string{"", "rss", "rdf", rdfNamespace, rss10Namespace, rss09Namespace, rss09AltNamespace}

// rss reads the document from its <rss> root as gofeed's rss.Parser does.
func (r *xmlReader) rss() *rss.Feed {
	version := r.attrValue("version")
	native := rssNative
	// gofeed takes a bogus default namespace on <rss> as RSS's own.
	if space := r.space(); space != "" {
		if _, known := canonicalNamespaces[space]; !known {
			native = append([]string{space}, rssNative...)
		}
	}
	r.enter()
	var channel *rss.Feed
	var textInput *rss.TextInput
	var image *rss.Image
	var items []*rss.Item
	var low [32]byte
	for r.nextChild() {
		if !r.spaceIs(native) {
			r.skip()
			continue
		}
		switch string(r.lowerLocal(&low)) {
		case "channel":
			channel = r.rssChannel(native)
		case "item":
			items = append(items, r.rssItem(native))
		case "textinput":
			textInput = r.rssTextInput()
		case "image":
			image = r.rssImage()
		default:
			r.skip()
		}
	}
	if channel == nil {
		channel = &rss.Feed{Items: []*rss.Item{}}
	}
	channel.Items = append(channel.Items, items...)
	if textInput != nil {
		channel.TextInput = textInput
	}
	if image != nil {
		channel.Image = image
	}
	channel.Version = version
	return channel
}

func (r *xmlReader) rssChannel(native []string) *rss.Feed {
	r.enter()
	f := &rss.Feed{Items: []*rss.Item{}}
	var exts ext.Extensions
	var low [32]byte
	for r.nextChild() {
		if !r.spaceIs(native) {
			exts = r.extension(exts)
			continue
		}
		switch string(r.lowerLocal(&low)) {
		case "title":
			f.Title = r.textContent()
		case "description":
			f.Description = r.textContent()
		case "link":
			f.Link = r.rssLink()
			f.Links = append(f.Links, f.Link)
		case "language":
			f.Language = r.textContent()
		case "copyright":
			f.Copyright = r.textContent()
		case "managingeditor":
			f.ManagingEditor = r.textContent()
		case "webmaster":
			f.WebMaster = r.textContent()
		case "pubdate":
			f.PubDate = r.textContent()
			f.PubDateParsed = parseDateUTC(f.PubDate)
		case "lastbuilddate":
			f.LastBuildDate = r.textContent()
			f.LastBuildDateParsed = parseDateUTC(f.LastBuildDate)
		case "generator":
			f.Generator = r.textContent()
		case "docs":
			f.Docs = r.textContent()
		case "ttl":
			f.TTL = r.textContent()
		case "rating":
			f.Rating = r.textContent()
		case "skiphours":
			f.SkipHours = r.rssList("hour")
		case "skipdays":
			f.SkipDays = r.rssList("day")
		case "item":
			f.Items = append(f.Items, r.rssItem(native))
		case "cloud":
			f.Cloud = r.rssCloud()
		case "category":
			f.Categories = append(f.Categories, r.rssCategory())
		case "image":
			f.Image = r.rssImage()
		case "textinput":
			f.TextInput = r.rssTextInput()
		default:
			r.skip()
		}
	}
	if len(exts) > 0 {
		f.Extensions = exts
		if itunes, ok := exts["itunes"]; ok {
			f.ITunesExt = ext.NewITunesFeedExtension(itunes)
		}
		if dc, ok := exts["dc"]; ok {
			f.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return f
}

func (r *xmlReader) rssItem(native []string) *rss.Item {
	r.enter()
	it := &rss.Item{}
	var exts ext.Extensions
	var low [32]byte
	for r.nextChild() {
		name := string(r.lowerLocal(&low))
		// content:encoded is claimed before extensions are, whatever
		// prefix the feed bound the content namespace to.
		if name == "encoded" && r.prefixFor(r.space()) == "content" {
			it.Content = r.textContent()
			continue
		}
		if !r.spaceIs(native) {
			exts = r.extension(exts)
			continue
		}
		switch name {
		case "title":
			it.Title = r.textContent()
		case "description":
			it.Description = r.textContent()
		case "link":
			it.Link = r.rssLink()
			it.Links = append(it.Links, it.Link)
		case "author":
			it.Author = r.textContent()
		case "comments":
			it.Comments = r.textContent()
		case "pubdate":
			it.PubDate = r.textContent()
			it.PubDateParsed = parseDateUTC(it.PubDate)
		case "source":
			it.Source = &rss.Source{URL: r.attrValue("url")}
			it.Source.Title = r.textContent()
		case "enclosure":
			enc := &rss.Enclosure{URL: r.attrValue("url"), Length: r.attrValue("length"), Type: r.attrValue("type")}
			r.skip()
			it.Enclosure = enc
			it.Enclosures = append(it.Enclosures, enc)
		case "guid":
			it.GUID = r.rssGUID()
		case "category":
			it.Categories = append(it.Categories, r.rssCategory())
		default: // "encoded" outside the content namespace too
			key := string(r.tag.local)
			value := r.textContent()
			if it.Custom == nil {
				it.Custom = make(map[string]string)
			}
			it.Custom[key] = value
		}
	}
	if len(exts) > 0 {
		it.Extensions = exts
		if itunes, ok := exts["itunes"]; ok {
			it.ITunesExt = ext.NewITunesItemExtension(itunes)
		}
		if dc, ok := exts["dc"]; ok {
			it.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return it
}

// rssLink is the element's text, else its href.
func (r *xmlReader) rssLink() string {
	href := r.attrValue("href")
	if url := r.textContent(); url != "" {
		return url
	}
	return href
}

func (r *xmlReader) rssGUID() *rss.GUID {
	perma := r.attrValue("isPermaLink")
	if perma == "" {
		perma = r.attrValue("isPermalink")
	}
	if perma == "" {
		perma = "true"
	}
	return &rss.GUID{IsPermalink: perma, Value: r.textContent()}
}

func (r *xmlReader) rssCategory() *rss.Category {
	c := &rss.Category{Domain: r.attrValue("domain")}
	c.Value = r.textContent()
	return c
}

func (r *xmlReader) rssImage() *rss.Image {
	r.enter()
	img := &rss.Image{}
	var low [32]byte
	for r.nextChild() {
		switch string(r.lowerLocal(&low)) {
		case "url":
			img.URL = r.textContent()
		case "title":
			img.Title = r.textContent()
		case "link":
			img.Link = r.textContent()
		case "width":
			img.Width = r.textContent()
		case "height":
			img.Height = r.textContent()
		case "description":
			img.Description = r.textContent()
		default:
			r.skip()
		}
	}
	return img
}

func (r *xmlReader) rssTextInput() *rss.TextInput {
	r.enter()
	ti := &rss.TextInput{}
	var low [32]byte
	for r.nextChild() {
		switch string(r.lowerLocal(&low)) {
		case "title":
			ti.Title = r.textContent()
		case "description":
			ti.Description = r.textContent()
		case "name":
			ti.Name = r.textContent()
		case "link":
			ti.Link = r.textContent()
		default:
			r.skip()
		}
	}
	return ti
}

// rssList reads skipHours and skipDays: the text of every child of one
// name.
func (r *xmlReader) rssList(child string) []string {
	r.enter()
	list := []string{}
	var low [32]byte
	for r.nextChild() {
		if string(r.lowerLocal(&low)) != child {
			r.skip()
			continue
		}
		list = append(list, r.textContent())
	}
	return list
}

func (r *xmlReader) rssCloud() *rss.Cloud {
	c := &rss.Cloud{
		Domain:            r.attrValue("domain"),
		Port:              r.attrValue("port"),
		Path:              r.attrValue("path"),
		RegisterProcedure: r.attrValue("registerProcedure"),
		Protocol:          r.attrValue("protocol"),
	}
	r.skip()
	return c
}
