package poll

import (
	"sync"
	"time"

	"bantin"
)

// outageDetector tells a failure of our own network from failures of the
// sources. When every recent fetch across several hosts failed at the
// network level, the machine is offline and the sources are not to blame.
type outageDetector struct {
	mu     sync.Mutex
	now    func() time.Time
	recent map[string]outcome // by source URL, within window
	window time.Duration
	min    int // sources that must have failed before we call it an outage
}

type outcome struct {
	at      time.Time
	network bool // failed at the network level (dns, connect, timeout)
	ok      bool
}

func newOutageDetector(now func() time.Time) *outageDetector {
	return &outageDetector{now: now, recent: map[string]outcome{}, window: 10 * time.Minute, min: 5}
}

// observe records a fetch result and reports whether we look offline:
// at least min sources tried in the window, all of them failing at the
// network level, none succeeding.
func (o *outageDetector) observe(url string, kind bantin.ErrorKind) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	network := kind == bantin.ErrDNS || kind == bantin.ErrConnect || kind == bantin.ErrTimeout
	o.recent[url] = outcome{at: now, network: network, ok: kind == bantin.ErrNone}
	tried := 0
	for u, r := range o.recent {
		if now.Sub(r.at) > o.window {
			delete(o.recent, u)
			continue
		}
		if !r.network {
			return false
		}
		tried++
	}
	return tried >= o.min
}
