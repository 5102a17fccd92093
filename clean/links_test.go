package clean

import (
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"already canonical", "https://phuly.hanam.gov.vn/tin-tuc/a.html", "https://phuly.hanam.gov.vn/tin-tuc/a.html"},
		{"scheme and host case", "HTTPS://PhuLy.HaNam.Gov.VN/Tin-Tuc/A.html", "https://phuly.hanam.gov.vn/Tin-Tuc/A.html"},
		{"default http port", "http://hanam.gov.vn:80/a", "http://hanam.gov.vn/a"},
		{"default https port", "https://hanam.gov.vn:443/a", "https://hanam.gov.vn/a"},
		{"other port kept", "http://hanam.gov.vn:8080/a", "http://hanam.gov.vn:8080/a"},
		{"fragment dropped", "https://hanam.gov.vn/a.html#binh-luan", "https://hanam.gov.vn/a.html"},
		{"utm dropped", "https://hanam.gov.vn/a.html?utm_source=facebook&utm_medium=social&utm_campaign=x", "https://hanam.gov.vn/a.html"},
		{"fbclid dropped", "https://hanam.gov.vn/a.html?fbclid=IwAR0abc", "https://hanam.gov.vn/a.html"},
		{"Zalo zarsrc and gidzl dropped", "https://hanam.gov.vn/a.html?zarsrc=30&gidzl=abc", "https://hanam.gov.vn/a.html"},
		{"gclid dropped, id kept in order", "https://hanam.gov.vn/Default.aspx?tabid=120&gclid=x&ItemID=7", "https://hanam.gov.vn/Default.aspx?tabid=120&ItemID=7"},
		{"SharePoint query kept byte for byte", "https://hanam.gov.vn/Pages/rss.aspx?catid=5%2C6&rec=50", "https://hanam.gov.vn/Pages/rss.aspx?catid=5%2C6&rec=50"},
		{"upper-case tracking key", "https://hanam.gov.vn/a?UTM_Source=x&id=1", "https://hanam.gov.vn/a?id=1"},
		{"empty query dropped", "https://hanam.gov.vn/a?", "https://hanam.gov.vn/a"},
		{"empty path", "https://hanam.gov.vn", "https://hanam.gov.vn/"},
		{"dot segments", "https://hanam.gov.vn/a/../tin/./b.html", "https://hanam.gov.vn/tin/b.html"},
		{"trailing dot of host", "https://hanam.gov.vn./a", "https://hanam.gov.vn/a"},
		{"spaces around", "  https://hanam.gov.vn/a  ", "https://hanam.gov.vn/a"},
		{"percent-encoding case unified", "https://hanam.gov.vn/tin-t%e1%bb%a9c/a.html", "https://hanam.gov.vn/tin-t%E1%BB%A9c/a.html"},
		{"raw Vietnamese path encoded", "https://hanam.gov.vn/tin-tức/a b.html", "https://hanam.gov.vn/tin-t%E1%BB%A9c/a%20b.html"},
		{"encoded slash kept", "https://hanam.gov.vn/a%2Fb/c", "https://hanam.gov.vn/a%2Fb/c"},
		{"relative left as is", "/tin-tuc/a.html", "/tin-tuc/a.html"},
		{"not http", "mailto:vanphong@hanam.gov.vn", "mailto:vanphong@hanam.gov.vn"},
		{"unparseable", "http://[::1", "http://[::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Canonical(tt.in); got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Canonical(Canonical(tt.in)); got != Canonical(tt.in) {
				t.Errorf("Canonical is not idempotent on %q: %q", tt.in, got)
			}
		})
	}
}

func TestLinksMadeAbsolute(t *testing.T) {
	tests := []struct {
		fixture   string
		link      string
		canonical string
		want      expect
	}{
		{"links-relative-and-scheme-less",
			"https://phuly.hanam.gov.vn/tin-tuc/2020/hoi-nghi.html?id=5&utm_source=zalo&zarsrc=30#binh-luan",
			"https://phuly.hanam.gov.vn/tin-tuc/2020/hoi-nghi.html?id=5",
			expect{contains: []string{
				`href="https://phuly.hanam.gov.vn/tin-tuc/2020/chi-tiet.html"`,
				`href="https://phuly.hanam.gov.vn/van-ban/1.pdf"`,
				`href="https://baohanam.com.vn/x.html"`,
				`src="https://phuly.hanam.gov.vn/tin-tuc/Uploads/anh1.jpg"`,
				`src="https://cdn.hanam.gov.vn/anh2.png"`,
				`src="https://phuly.hanam.gov.vn/Uploads/anh3.jpg"`, // lazy-loaded: data-src over the placeholder
				`alt="Ảnh 1"`, // written decomposed in the fixture
				`rel="noreferrer noopener"`, `target="_blank"`,
				"mục 1",
			}, absent: []string{`href="#`, `href="/`, `src="/`, `src="..`, "data-src", "R0lGOD"}},
		},
		{"links-no-item-link", "", "",
			expect{contains: []string{
				`href="https://phuly.hanam.gov.vn/rss/chi-tiet.html"`,
				`src="https://phuly.hanam.gov.vn/Uploads/anh.jpg"`,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := cleanFixture(t, tt.fixture)
			if got.Link != tt.link {
				t.Errorf("link = %q, want %q", got.Link, tt.link)
			}
			if got.CanonicalLink != tt.canonical {
				t.Errorf("canonical link = %q, want %q", got.CanonicalLink, tt.canonical)
			}
			tt.want.check(t, got)
		})
	}
}

func TestAllowedPlayer(t *testing.T) {
	base := parseBase("http://hanam.gov.vn/tin/a.html")
	tests := []struct {
		src, want string
	}{
		{"https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/embed/dQw4w9WgXcQ"},
		{"//www.youtube.com/embed/dQw4w9WgXcQ?rel=0", "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0"},
		{"https://www.youtube-nocookie.com/embed/abc", "https://www.youtube-nocookie.com/embed/abc"},
		{"https://vtv.vn/embed/video/123", "https://vtv.vn/embed/video/123"},
		{"https://player.vtv.gov.vn/p/1", "https://player.vtv.gov.vn/p/1"},
		{"http://vov.vn/embed/1", "https://vov.vn/embed/1"},
		{"https://www.youtube.com/watch?v=abc", ""},
		{"https://evil.com/embed/x", ""},
		{"https://vtv.vn.evil.com/x", ""},
		{"https://evilvtv.vn/x", ""},
		{"https://vtv.vn:8443/x", ""},
		{"https://user@vtv.vn/x", ""},
		{"javascript:alert(1)", ""},
		{"/embed/local", ""},
	}
	for _, tt := range tests {
		got, ok := allowedPlayer(base, tt.src)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("allowedPlayer(%q) = %q, %v; want %q", tt.src, got, ok, tt.want)
		}
	}
}
