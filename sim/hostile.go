package sim

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bantin"
)

// Kind says what a source does: serve a good feed, or one of the ways
// portals fail and attack.
type Kind string

// The kinds of source.
const (
	Good            Kind = "good"
	ServerError     Kind = "status-500"
	NotFound        Kind = "status-404"
	TooManyRequests Kind = "status-429-retry-after" // Retry-After: 120
	Unavailable     Kind = "status-503-retry-date"  // Retry-After as an HTTP date
	Endless         Kind = "endless-body"           // headers, then a slow body that never ends
	Trickle         Kind = "trickle"                // a small feed at one byte per TrickleEvery
	RedirectLoop    Kind = "redirect-loop"          // a → b → a …
	Huge            Kind = "huge-feed"              // a valid feed of HugeBytes
	GzipBomb        Kind = "gzip-bomb"              // small compressed, BombBytes decompressed
	EntityBomb      Kind = "entity-bomb"            // billion laughs
	HTMLPage        Kind = "html-page"              // a portal's home page with 200
	Empty           Kind = "empty-200"              // 200 and no body
	Cut             Kind = "cut-mid-body"           // the connection closed halfway through the body
	SelfSigned      Kind = "tls-self-signed"        // a good feed behind a self-signed certificate
)

// HostileKinds returns every hostile kind, in the order they go round
// robin over the units.
func HostileKinds() []Kind {
	return []Kind{ServerError, NotFound, TooManyRequests, Unavailable, Endless, Trickle, RedirectLoop,
		Huge, GzipBomb, EntityBomb, HTMLPage, Empty, Cut, SelfSigned}
}

// Expect is how bantin should classify a fetch of a source of this kind:
// any of the returned kinds is right. A good source, or the self-signed
// one listed with tls_insecure, expects none.
func (k Kind) Expect(insecure bool) []bantin.ErrorKind {
	switch k {
	case ServerError, NotFound, TooManyRequests, Unavailable, RedirectLoop:
		return []bantin.ErrorKind{bantin.ErrHTTP}
	case Endless, Trickle:
		return []bantin.ErrorKind{bantin.ErrTimeout}
	case Huge, GzipBomb:
		return []bantin.ErrorKind{bantin.ErrTooLarge}
	case EntityBomb:
		return []bantin.ErrorKind{bantin.ErrParse, bantin.ErrNotFeed}
	case HTMLPage, Empty:
		return []bantin.ErrorKind{bantin.ErrNotFeed}
	case Cut:
		return []bantin.ErrorKind{bantin.ErrConnect}
	case SelfSigned:
		if !insecure {
			return []bantin.ErrorKind{bantin.ErrTLS}
		}
	}
	return nil
}

// hostile registers the handler of a hostile feed on its host.
func (p *Province) hostile(f *feed) {
	var h http.HandlerFunc
	switch f.kind {
	case ServerError:
		h = status(http.StatusInternalServerError, nil, "<html><body><h1>Server Error in '/' Application.</h1><p>Runtime Error</p></body></html>")
	case NotFound:
		h = status(http.StatusNotFound, nil, "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>")
	case TooManyRequests:
		h = status(http.StatusTooManyRequests, map[string]string{"Retry-After": "120"}, "Too Many Requests")
	case Unavailable:
		h = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", p.now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "Hệ thống đang bảo trì", http.StatusServiceUnavailable)
		}
	case Endless:
		h = p.endless(f)
	case Trickle:
		h = p.trickle(f)
	case RedirectLoop:
		p.redirectLoop(f)
		return
	case Huge:
		h = p.huge(f)
	case GzipBomb:
		h = p.gzipBomb
	case EntityBomb:
		h = raw("application/rss+xml; charset=utf-8", entityBomb)
	case HTMLPage:
		h = raw("text/html; charset=utf-8", homePage(f.unit))
	case Empty:
		h = raw("application/rss+xml; charset=utf-8", "")
	case Cut:
		h = p.cut(f)
	}
	f.host.handle(f.uri, h, true)
}

func status(code int, headers map[string]string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func raw(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		io.WriteString(w, body)
	}
}

// wait sleeps d, and reports false when the client went away or the
// province is closing.
func (p *Province) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-p.done:
	}
	return false
}

// endless sends a feed's start, then an item every EndlessEvery, until
// the client or the province gives up.
func (p *Province) endless(f *feed) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title>\n", esc(f.title))
		for i := 0; rc.Flush() == nil && p.wait(r, p.opts.EndlessEvery); i++ {
			fmt.Fprintf(w, "<item><title>Tin đang cập nhật số %d</title><link>%s/%s/tin-%d.html</link></item>\n", i, f.host.base(), f.unit.id, i)
		}
	}
}

// trickle sends a small, valid feed one byte at a time.
func (p *Province) trickle(f *feed) http.HandlerFunc {
	body := smallFeed(f)
	return func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		for i := 0; i < len(body); i++ {
			if i > 0 && !p.wait(r, p.opts.TrickleEvery) {
				return
			}
			if _, err := w.Write([]byte{body[i]}); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

// redirectLoop sends the feed's URL to a second URL and that one back.
func (p *Province) redirectLoop(f *feed) {
	sep := "?"
	if strings.Contains(f.uri, "?") {
		sep = "&"
	}
	other := f.uri + sep + "trang=2"
	f.host.handle(f.uri, http.RedirectHandler(f.host.base()+other, http.StatusFound), true)
	f.host.handle(other, http.RedirectHandler(f.url, http.StatusMovedPermanently), false)
}

// huge sends a valid feed of at least HugeBytes, written as it goes so it
// costs the province no memory.
func (p *Province) huge(f *feed) http.HandlerFunc {
	head := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title><link>%s</link><description>Lưu trữ</description>\n",
		esc(f.title), f.host.base())
	const tail = "</channel></rss>\n"
	item := func(i int) string {
		return fmt.Sprintf("<item><title>Văn bản lưu trữ số %08d</title><link>%s/%s/van-ban/%08d.html</link><description>%s</description></item>\n",
			i, f.host.base(), f.unit.id, i, strings.Repeat("Công khai thông tin ngân sách. ", 30))
	}
	n := (int(p.opts.HugeBytes)-len(head)-len(tail))/len(item(0)) + 1
	size := len(head) + n*len(item(0)) + len(tail)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		bw := bufio.NewWriterSize(w, 64<<10)
		bw.WriteString(head)
		for i := 0; i < n; i++ {
			if _, err := bw.WriteString(item(i)); err != nil || r.Context().Err() != nil {
				return
			}
		}
		bw.WriteString(tail)
		bw.Flush()
	}
}

// prepareBomb compresses the gzip bomb at start when a feed serves it:
// made by the first request, it took seconds under the race detector, and
// bantin saw a header timeout where it should have seen the bomb.
func (p *Province) prepareBomb() {
	for _, u := range p.units {
		for _, f := range u.feeds {
			if f.kind == GzipBomb {
				p.bombOnce.Do(func() { p.bomb = makeBomb(p.opts.BombBytes) })
				return
			}
		}
	}
}

// gzipBomb sends a few kilobytes that gunzip to BombBytes, whatever the
// client asked for, as a hostile server does.
func (p *Province) gzipBomb(w http.ResponseWriter, r *http.Request) {
	p.bombOnce.Do(func() { p.bomb = makeBomb(p.opts.BombBytes) })
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(len(p.bomb)))
	w.Write(p.bomb)
}

func makeBomb(size int64) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	io.WriteString(zw, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>")
	block := bytes.Repeat([]byte{' '}, 64<<10)
	for n := int64(0); n < size; n += int64(len(block)) {
		zw.Write(block)
	}
	io.WriteString(zw, "</title></channel></rss>\n")
	zw.Close()
	return b.Bytes()
}

// cut promises a whole feed in Content-Length, sends half of it and
// closes the connection.
func (p *Province) cut(f *feed) http.HandlerFunc {
	body := smallFeed(f)
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, "cannot hijack", http.StatusInternalServerError)
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.WriteString(body[:len(body)/2])
		buf.Flush()
	}
}

// smallFeed is a short valid feed of two items, for the hostile kinds
// that spoil a good body.
func smallFeed(f *feed) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title><link>%s/%s/</link><description>Tin tức</description>\n",
		esc(f.title), f.host.base(), f.unit.id)
	for i := 1; i <= 2; i++ {
		fmt.Fprintf(&b, "<item><title>%s thông báo lịch tiếp công dân số %d</title><link>%s/%s/thong-bao-%d.html</link><pubDate>Mon, 21 Dec 2020 08:30:00 +0700</pubDate></item>\n",
			esc(f.unit.name), i, f.host.base(), f.unit.id, i)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// entityBomb is the billion laughs: ten levels of ten references each,
// a gigabyte of "lol" if a parser expands it.
var entityBomb = func() string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE rss [\n <!ENTITY lol \"lol\">\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		fmt.Fprintf(&b, " <!ENTITY %s \"%s\">\n", name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	b.WriteString("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><link>http://127.0.0.1/</link><description>&lol9;</description>\n")
	b.WriteString("<item><title>&lol9;</title><description>&lol9;</description></item>\n</channel></rss>\n")
	return b.String()
}()

// homePage is what a portal sends when its feed URL now lands on the home
// page: HTML with 200.
func homePage(u *unit) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử %s</title></head>
<body><div id="header"><h1>%s</h1><p>Cổng thông tin điện tử</p></div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li></ul>
<div class="news"><h2>Tin mới</h2><ul><li><a href="/tin-tuc/1.html">Hội nghị tổng kết công tác năm</a> (21/12/2020)</li></ul></div>
<div id="footer">Bản quyền thuộc về %s</div></body></html>
`, esc(u.name), esc(u.name), esc(u.name))
}
