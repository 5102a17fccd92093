package store

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
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
	if in.matcher == nil || len(v.fingerprint) == 0 || len(v.bands) == 0 {
		return 0, false, nil
	}
	cands, err := in.candidates(v.bands)
	if err != nil {
		return 0, false, err
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

// fingerprints loads the stored fingerprints of stories in one query.
func (in *ingest) fingerprints(stories []int64) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(stories))
	if len(stories) == 0 {
		return out, nil
	}
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
	rows, err := st.QueryContext(in.ctx, args...)
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

// candidates returns at most maxCandidates stories sharing a band key,
// read through the band index, each key contributing its newest stories.
// One compound query per item rather than one per key: the per-statement
// cost dominates when most keys match nothing.
func (in *ingest) candidates(bands []uint64) ([]int64, error) {
	keys := uniqueKeys(bands)
	hits := make(map[int64]int)
	for chunk := range slices.Chunk(keys, maxArms) {
		if err := in.countBands(chunk, hits); err != nil {
			return nil, fmt.Errorf("find candidates: %w", err)
		}
	}
	out := slices.Collect(maps.Keys(hits))
	slices.SortFunc(out, func(a, b int64) int {
		if c := cmp.Compare(hits[b], hits[a]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
	return out[:min(len(out), maxCandidates)], nil
}

// maxArms bounds the arms of one compound SELECT, under SQLite's 500.
const maxArms = 100

func uniqueKeys(bands []uint64) []any {
	seen := make(map[uint64]bool, len(bands))
	var out []any
	for _, b := range bands {
		if !seen[b] {
			seen[b] = true
			out = append(out, int64(b))
		}
	}
	return out
}

func (in *ingest) countBands(keys []any, hits map[int64]int) error {
	arm := fmt.Sprintf("SELECT * FROM (SELECT story_id FROM story_bands WHERE band = ? ORDER BY story_id DESC LIMIT %d)", maxCandidates)
	st, err := in.stmt(strings.TrimSuffix(strings.Repeat(arm+" UNION ALL ", len(keys)), " UNION ALL "))
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(in.ctx, keys...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		hits[id]++
	}
	return rows.Err()
}

// replaceBands swaps the story's band keys for those of v, finding the
// old rows through stories.bands.
func (in *ingest) replaceBands(story int64, v itemValues) error {
	var old []byte
	if err := in.queryRow("SELECT bands FROM stories WHERE id = ?", []any{&old}, story); err != nil {
		return fmt.Errorf("replace band keys: %w", err)
	}
	for chunk := range slices.Chunk(decodeBands(old), maxArms) {
		q := "DELETE FROM story_bands WHERE story_id = ? AND band IN (" + placeholders(len(chunk)) + ")"
		if _, err := in.exec(q, append([]any{story}, chunk...)...); err != nil {
			return fmt.Errorf("replace band keys: %w", err)
		}
	}
	if _, err := in.exec("UPDATE stories SET bands = ? WHERE id = ?", encodeBands(v.keys), story); err != nil {
		return fmt.Errorf("replace band keys: %w", err)
	}
	return in.insertBands(story, v.keys)
}

func (in *ingest) insertBands(story int64, keys []any) error {
	for chunk := range slices.Chunk(keys, maxArms) {
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k, story)
		}
		q := "INSERT OR IGNORE INTO story_bands (band, story_id) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?),", len(chunk)), ",")
		if _, err := in.exec(q, args...); err != nil {
			return fmt.Errorf("insert band keys: %w", err)
		}
	}
	return nil
}

// storyBands returns the band keys to index for v: none without a
// fingerprint, since the Matcher would have nothing to compare.
func storyBands(v itemValues) []any {
	if len(v.fingerprint) == 0 {
		return nil
	}
	return uniqueKeys(v.bands)
}

func encodeBands(keys []any) []byte {
	if len(keys) == 0 {
		return nil
	}
	out := make([]byte, 0, 8*len(keys))
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint64(out, uint64(k.(int64)))
	}
	return out
}

// decodeBands reads stories.bands back as query arguments; a trailing
// partial key (never written) is ignored.
func decodeBands(b []byte) []any {
	out := make([]any, 0, len(b)/8)
	for ; len(b) >= 8; b = b[8:] {
		out = append(out, int64(binary.LittleEndian.Uint64(b)))
	}
	return out
}
