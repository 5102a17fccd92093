package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"bantin"
)

// maxCandidates bounds how many stories the Matcher is asked about per
// item, and how many stories one band key contributes, so that a band
// shared by thousands of template stories costs no more than any other.
const maxCandidates = 50

// storyByFingerprint asks the Matcher about the stories that share band
// keys with v, those sharing the most keys first, then the newest. A story
// that already has a copy from this source is passed over: a portal's two
// items with different guids and links are, by its own word, two
// articles (weekly schedules written from one template look alike).
func (in *ingest) storyByFingerprint(v itemValues) (int64, bool, error) {
	if in.matcher == nil || len(v.keys) == 0 {
		return 0, false, nil
	}
	cands := in.bands.index.candidates(v.keys, maxCandidates)
	cands = in.mayMatch(cands, v.sketch)
	if len(cands) == 0 {
		return 0, false, nil
	}
	fps, err := in.fingerprints(cands)
	if err != nil {
		return 0, false, err
	}
	for _, story := range cands {
		fp := fps[story]
		if len(fp) == 0 || !in.matcher.SameStory(v.fingerprint, fp) {
			continue
		}
		var ours int
		if err := in.queryRow("SELECT EXISTS (SELECT 1 FROM items WHERE story_id = ? AND source_id = ?)",
			[]any{&ours}, story, in.sourceID); err != nil {
			return 0, false, fmt.Errorf("check copies: %w", err)
		}
		if ours == 0 {
			return story, true, nil
		}
	}
	return 0, false, nil
}

// mayMatch keeps the candidates whose sketch may match sk (those without
// a sketch too), in order.
func (in *ingest) mayMatch(cands []int64, sk *bantin.Sketch) []int64 {
	if in.sketcher == nil || sk == nil {
		return cands
	}
	in.bands.index.sink += in.bands.index.sketches.touch(cands)
	return slices.DeleteFunc(cands, func(story int64) bool {
		id, _ := storyID(story)
		other, ok := in.bands.index.sketches.get(id)
		return ok && !in.sketcher.MayMatch(sk, other)
	})
}

// fingerprints loads the stored fingerprints of stories in one query.
func (in *ingest) fingerprints(stories []int64) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(stories))
	args := make([]any, len(stories))
	for i, id := range stories {
		args[i] = id
	}
	// One statement per count of candidates (at most maxCandidates),
	// prepared once per batch.
	st, err := in.stmt("SELECT story_id, fingerprint FROM story_fingerprints WHERE story_id IN (" +
		placeholders(len(args)) + ")")
	if err != nil {
		return nil, fmt.Errorf("load fingerprints: %w", err)
	}
	rows, err := st.QueryContext(in.stmtCtx, args...)
	if err != nil {
		return nil, fmt.Errorf("load fingerprints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var fp []byte
		if err := rows.Scan(&id, &fp); err != nil {
			return nil, fmt.Errorf("load fingerprints: %w", err)
		}
		out[id] = fp
	}
	return out, rows.Err()
}

// setFingerprint records the fingerprint the Matcher compares the story
// by and the band keys it is found under, here and in the band index; a
// story without a fingerprint is found by its links alone. Another
// process's index learns of the change through band_changes.
func (in *ingest) setFingerprint(story int64, v itemValues) error {
	var old []byte
	err := in.queryRow("SELECT bands FROM story_fingerprints WHERE story_id = ?", []any{&old}, story)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("store fingerprint: %w", err)
	}
	found := err == nil
	switch {
	case len(v.fingerprint) == 0:
		_, err = in.exec("DELETE FROM story_fingerprints WHERE story_id = ?", story)
	case found:
		_, err = in.exec("UPDATE story_fingerprints SET fingerprint = ?, bands = ? WHERE story_id = ?",
			v.fingerprint, encodeBands(v.keys), story)
	default:
		_, err = in.exec("INSERT INTO story_fingerprints (story_id, fingerprint, bands) VALUES (?, ?, ?)",
			story, v.fingerprint, encodeBands(v.keys))
	}
	if err != nil {
		return fmt.Errorf("store fingerprint: %w", err)
	}
	if _, err := in.exec("INSERT INTO band_changes (story_id) VALUES (?)", story); err != nil {
		return fmt.Errorf("store fingerprint: %w", err)
	}
	in.bands.replace(story, decodeBands(old), v.keys, v.sketch)
	return nil
}

// insertFingerprint records a new story's fingerprint and band keys (the
// caller indexes them).
func (in *ingest) insertFingerprint(story int64, v itemValues) error {
	if len(v.fingerprint) == 0 {
		return nil
	}
	_, err := in.exec("INSERT INTO story_fingerprints (story_id, fingerprint, bands) VALUES (?, ?, ?)",
		story, v.fingerprint, encodeBands(v.keys))
	if err != nil {
		return fmt.Errorf("store fingerprint: %w", err)
	}
	return nil
}

// storyBands returns the band keys to index for v, each once: none
// without a fingerprint, since the Matcher would have nothing to compare.
func storyBands(v itemValues) []uint64 {
	if len(v.fingerprint) == 0 || len(v.bands) == 0 {
		return nil
	}
	out := slices.Clone(v.bands)
	slices.Sort(out)
	return slices.Compact(out)
}

// encodeBands writes band keys as story_fingerprints.bands keeps them: 8
// bytes each, little-endian; no keys is an empty blob, never NULL (see
// moveOldBands).
func encodeBands(keys []uint64) []byte {
	out := make([]byte, 0, 8*len(keys))
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint64(out, k)
	}
	return out
}

// decodeBands reads stored band keys back; a trailing partial key (never
// written) is ignored.
func decodeBands(b []byte) []uint64 {
	out := make([]uint64, 0, len(b)/8)
	for ; len(b) >= 8; b = b[8:] {
		out = append(out, binary.LittleEndian.Uint64(b))
	}
	return out
}
