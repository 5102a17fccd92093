package sim

// profile is how one portal writes its feed: the real-world quirks it
// has. Profiles go round robin over the good feeds of the province, each
// quirk on its own cycle, so that any dozen feeds cover every value of
// every quirk in varied combinations.
type profile struct {
	format    string // rss or atom
	charset   string // one of charsets
	dates     string // one of rssDates or atomDates
	links     string // absolute, relative or scheme-less item links and image sources
	lead      string // where the sapo is: description, strong or summary-div
	tones     string // old (ủy), new (uỷ) or mixed (by paragraph, as in the real article)
	nfd       bool   // the whole document in Unicode NFD
	cdata     bool   // HTML in CDATA sections rather than escaped
	furniture bool   // share links and an "other news" block after the body
	double    bool   // titles with entities encoded twice: &amp;#7911;
	spaces    bool   // titles with doubled and no-break spaces
	tracking  bool   // utm_* parameters on item links
	gzip      bool   // gzip when the client accepts it
	guid      bool   // items carry a guid (Atom: an id other than the link)
	paths     int    // shape of the feed's and articles' URLs
}

var (
	charsets  = []string{"utf-8", "windows-1258", "utf-8-bom", "wrong-header", "windows-1258-header"}
	rssDates  = []string{"rfc1123z", "day-first", "zone-less", "gmt", "date-line", "rfc3339"}
	atomDates = []string{"rfc3339", "zone-less", "date-line"}
	linkKinds = []string{"absolute", "relative", "scheme-less"}
	leadKinds = []string{"description", "strong", "summary-div"}
	toneKinds = []string{"old", "new", "mixed"}
)

// pathShapes is the number of URL shapes of pathFor.
const pathShapes = 5

func profileFor(i int) profile {
	p := profile{
		format:    []string{"rss", "atom", "rss"}[i%3],
		charset:   charsets[i%len(charsets)],
		links:     linkKinds[(i/3)%len(linkKinds)],
		lead:      leadKinds[(i/5)%len(leadKinds)],
		tones:     toneKinds[(i/2)%len(toneKinds)],
		furniture: i%2 == 0,
		double:    i%4 == 1,
		spaces:    (i/2)%3 == 1,
		tracking:  i%5 == 2,
		gzip:      i%3 == 2,
		guid:      i%6 != 5,
		paths:     i % pathShapes,
	}
	p.dates = rssDates[(i/2)%len(rssDates)]
	if p.format == "atom" {
		p.dates = atomDates[(i/3)%len(atomDates)]
	}
	p.nfd = i%4 == 3 && !p.cp1258()
	p.cdata = !p.cp1258() && i%2 == 1
	return p
}

// plain is the profile of a portal without quirks, for feeds whose
// trouble lies elsewhere (the self-signed certificate).
func plain() profile {
	return profile{format: "rss", charset: "utf-8", dates: "rfc1123z", links: "absolute",
		lead: "description", tones: "old", guid: true}
}

func (p profile) cp1258() bool {
	return p.charset == "windows-1258" || p.charset == "windows-1258-header"
}

// quirks names what is unusual about the feed, for the truth.
func (p profile) quirks() []string {
	q := []string{"charset:" + p.charset, "dates:" + p.dates, "links:" + p.links, "lead:" + p.lead, "tones:" + p.tones}
	for _, f := range []struct {
		on   bool
		name string
	}{
		{p.nfd, "nfd"}, {p.cdata, "cdata"}, {p.furniture, "furniture"}, {p.double, "double-entities"},
		{p.spaces, "spaces-in-titles"}, {p.tracking, "tracking-params"}, {p.gzip, "gzip"}, {!p.guid, "no-guid"},
	} {
		if f.on {
			q = append(q, f.name)
		}
	}
	return q
}

// contentType is the Content-Type header the portal sends: right, absent
// or wrong, as the charset quirk says.
func (p profile) contentType() string {
	mime := "application/rss+xml"
	if p.format == "atom" {
		mime = "application/atom+xml"
	}
	switch p.charset {
	case "utf-8":
		return mime + "; charset=utf-8"
	case "windows-1258-header":
		return mime + "; charset=windows-1258"
	case "wrong-header":
		return "text/xml; charset=iso-8859-1"
	}
	return "text/xml"
}

// prolog is the XML declaration, with the encoding the document claims.
func (p profile) prolog() string {
	switch p.charset {
	case "utf-8-bom":
		return "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	case "windows-1258":
		return "<?xml version=\"1.0\" encoding=\"windows-1258\"?>\n"
	case "windows-1258-header":
		return "<?xml version=\"1.0\"?>\n"
	}
	return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
}
