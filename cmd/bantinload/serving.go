package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"bantin"
)

// serveReport is what readers saw: requests per second of the cached
// feed, of http.ServeFile on the same bytes, of our 304s and of
// net/http's own, all with the same readers; and latency while a pass
// ingests.
type serveReport struct {
	FeedBytes               int
	ServeFileRPS, CachedRPS float64
	NotModifiedRPS          float64
	// BareNotModifiedRPS is net/http answering the same conditional
	// request with a handler that writes the ETag and 304 and nothing
	// else: the floor a 304 cannot go below with net/http.
	BareNotModifiedRPS              float64
	IngestRPS                       float64
	IngestP50, IngestP99, IngestMax time.Duration
	IngestWall                      time.Duration
	IngestErrors                    int
	// The readers' first round over every unit's feed, before the pass:
	// each first request renders.
	WarmWall          time.Duration
	WarmP99, WarmMax  time.Duration
	WarmErrors, Warms int
}

// load is one phase of readers: the requests done and how long each took.
type load struct {
	n, errors int
	took      time.Duration
	lat       []time.Duration
}

func (l load) rps() float64 { return float64(l.n) / l.took.Seconds() }

func (l load) percentile(p float64) time.Duration { return percentile(l.lat, p) }

// hammer has readers GET what next returns, as fast as answers come,
// until stop says so; every answer must have the status want.
func hammer(ctx context.Context, readers int, next func(reader, i int) *http.Request, want int, stop <-chan struct{}) load {
	var mu sync.Mutex
	var total load
	var wg sync.WaitGroup
	start := time.Now()
	for r := range readers {
		wg.Go(func() {
			var mine load
			var conn rawReader
			defer conn.close()
			for i := 0; ; i++ {
				select {
				case <-stop:
					mu.Lock()
					total.n += mine.n
					total.errors += mine.errors
					total.lat = append(total.lat, mine.lat...)
					mu.Unlock()
					return
				default:
				}
				t := time.Now()
				status, err := conn.do(next(r, i))
				ok := err == nil && status == want
				mine.lat = append(mine.lat, time.Since(t))
				if ok {
					mine.n++
				} else {
					mine.errors++
				}
			}
		})
	}
	wg.Wait()
	total.took = time.Since(start)
	return total
}

// warmUp has readers ask for the n feeds of ask once in all, each
// reader its share, as hammer does.
func warmUp(ctx context.Context, readers, n int, ask func(reader, i int) *http.Request) load {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := load{}
	start := time.Now()
	for r := range readers {
		wg.Go(func() {
			var conn rawReader
			defer conn.close()
			var mine load
			// Reader r's i-th request is feed (r*7919+i) mod n; these
			// offsets make the readers' first requests cover every feed.
			for k := r; k < n; k += readers {
				if ctx.Err() != nil {
					break
				}
				req := ask(r, (k-r*7919%n+n)%n)
				t := time.Now()
				status, err := conn.do(req)
				mine.lat = append(mine.lat, time.Since(t))
				if err == nil && status == http.StatusOK {
					mine.n++
				} else {
					mine.errors++
				}
			}
			mu.Lock()
			total.n, total.errors = total.n+mine.n, total.errors+mine.errors
			total.lat = append(total.lat, mine.lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	total.took = time.Since(start)
	return total
}

func after(d time.Duration) <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(d, func() { close(c) })
	return c
}

// measureServing runs the reader phases against h. publish has the
// portals publish new stories, before the readers' last phase; ingest
// runs one pass over them, while readers ask for every unit's feed in
// turn.
func measureServing(ctx context.Context, h http.Handler, cs childSettings, cfg *bantin.Config,
	publish func() error, ingest func(context.Context) error) (serveReport, error) {
	var rep serveReport
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base, err := listen(ctx, h)
	if err != nil {
		return rep, err
	}
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: cs.Readers, DisableCompression: true,
	}}
	root := cfg.Units[0].ID
	for _, u := range cfg.Units {
		if u.Parent == "" {
			root = u.ID
			break
		}
	}
	feedURL := base + "/feeds/" + root + ".rss"
	body, etag, err := fetchOnce(ctx, client, feedURL)
	if err != nil {
		return rep, err
	}
	rep.FeedBytes = len(body)
	path, err := sameBytesFile(filepath.Dir(cs.DB), body)
	if err != nil {
		return rep, err
	}
	fileBase, err := listen(ctx, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, path)
	}))
	if err != nil {
		return rep, err
	}
	bareBase, err := listen(ctx, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Etag"] = []string{etag}
		w.WriteHeader(http.StatusNotModified)
	}))
	if err != nil {
		return rep, err
	}
	plain := func(url string) func(int, int) *http.Request {
		return func(int, int) *http.Request { r, _ := http.NewRequest(http.MethodGet, url, nil); return r }
	}
	conditional := func(url string) func(int, int) *http.Request {
		return func(int, int) *http.Request {
			r, _ := http.NewRequest(http.MethodGet, url, nil)
			r.Header.Set("If-None-Match", etag)
			return r
		}
	}
	// Short phases, interleaved, each kind first as often as last, so that
	// a warming cache or a busy neighbour on a shared machine does not
	// favour one side.
	const rounds = 8
	var file, cached, nm, bare load
	add := func(to *load, l load) { to.n, to.took = to.n+l.n, to.took+l.took }
	for i := range rounds {
		phases := []func(){
			func() {
				add(&file, hammer(ctx, cs.Readers, plain(fileBase+"/feed.rss"), http.StatusOK, after(cs.ServeFor/rounds)))
			},
			func() {
				add(&cached, hammer(ctx, cs.Readers, plain(feedURL), http.StatusOK, after(cs.ServeFor/rounds)))
			},
			func() {
				add(&nm, hammer(ctx, cs.Readers, conditional(feedURL), http.StatusNotModified, after(cs.ServeFor/rounds)))
			},
			func() {
				add(&bare, hammer(ctx, cs.Readers, conditional(bareBase+"/feed.rss"), http.StatusNotModified, after(cs.ServeFor/rounds)))
			},
		}
		if i%2 == 1 {
			slices.Reverse(phases)
		}
		for _, phase := range phases {
			phase()
		}
	}
	rep.ServeFileRPS, rep.CachedRPS, rep.NotModifiedRPS, rep.BareNotModifiedRPS = file.rps(), cached.rps(), nm.rps(), bare.rps()

	units := make([]string, 0, len(cfg.Units))
	for _, u := range cfg.Units {
		units = append(units, base+"/feeds/"+u.ID+".rss")
	}
	// Readers poll every unit's feed in turn, each from its own place in
	// the list; even readers ask for gzip, as feed readers do, odd ones
	// for plain bytes. They read every feed once before the pass (a
	// daemon's readers have been reading since long before any pass);
	// that first round, each request of which renders, is reported
	// apart.
	ask := func(reader, i int) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, units[(reader*7919+i)%len(units)], nil)
		if reader%2 == 0 {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		return r
	}
	warm := warmUp(ctx, cs.Readers, len(units), ask)
	rep.WarmWall, rep.Warms, rep.WarmErrors = warm.took, warm.n, warm.errors
	rep.WarmP99, rep.WarmMax = warm.percentile(0.99), warm.percentile(1)
	// The portals publish, and write their feeds, before the readers
	// start: it is the pass the readers share the cores with, not the
	// simulated portals' writing.
	if err := publish(); err != nil {
		return rep, err
	}
	stop := make(chan struct{})
	var ingestErr error
	go func() {
		sp := startSpan()
		ingestErr = ingest(ctx)
		rep.IngestWall, _ = sp.stop()
		close(stop)
	}()
	during := hammer(ctx, cs.Readers, ask, http.StatusOK, stop)
	if ingestErr != nil {
		return rep, ingestErr
	}
	rep.IngestRPS, rep.IngestErrors = during.rps(), during.errors
	rep.IngestP50, rep.IngestP99, rep.IngestMax = during.percentile(0.50), during.percentile(0.99), during.percentile(1)
	return rep, nil
}

func fetchOnce(ctx context.Context, client *http.Client, url string) (body []byte, etag string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("get %s: status %d: %v", url, resp.StatusCode, err)
	}
	return body, resp.Header.Get("ETag"), nil
}
