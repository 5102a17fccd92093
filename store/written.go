package store

// writtenLog remembers the keys (batchSeen) that the Store's last few
// ingest commits wrote, by commit number. A look-ahead read before those
// commits is still true for every item whose keys none of them wrote:
// the poller prepares the next batch, look-ahead included, while the
// writer records this one, and without the log every batch would find
// its look-ahead stale and ask the database item by item under the
// writer. A commit it does not hold (any other write, or one too old)
// makes a look-ahead stale as before. Held by the writer.
type writtenLog struct {
	entries [writtenKept]writtenEntry
}

type writtenEntry struct {
	commit int64
	seen   *batchSeen
}

// writtenKept is how many commits the log holds: the poller prepares one
// batch ahead, so one or two commits come between a look-ahead and its
// batch.
const writtenKept = 8

// add records what commit wrote.
func (l *writtenLog) add(commit int64, seen *batchSeen) {
	l.entries[commit%writtenKept] = writtenEntry{commit: commit, seen: seen}
}

// since returns what the commits after after, up to and including last,
// wrote; false when the log does not hold one of them.
func (l *writtenLog) since(after, last int64) ([]*batchSeen, bool) {
	if last-after > writtenKept {
		return nil, false
	}
	var out []*batchSeen
	for n := after + 1; n <= last; n++ {
		e := l.entries[n%writtenKept]
		if e.commit != n || e.seen == nil {
			return nil, false
		}
		out = append(out, e.seen)
	}
	return out, true
}
