// Package dedup decides whether two items from different sources are the
// same story: a ward's article re-posted days later by its city, with a
// "Phường X: " label on the title, a trimmed or reworded lead, "đ/c"
// written "đồng chí", other captions, must merge; articles that wards
// write from one template in the same week ("Hội nghị tổng kết công tác
// dân vận năm 2020", even under an identical title) must not.
//
// How: the comparison key of the text (vntext.Fold, "đ/c" and UBND, HĐND,
// MTTQ, TP, BTV, BCH written out, a re-poster's "Phường X: " label dropped
// from the title) is cut into word 3-shingles and summarised by a
// one-permutation MinHash of 128 values with optimal densification. LSH
// bands of it make the candidates; the estimated Jaccard similarity of
// two candidates must reach 0.3, and then their salient tokens decide:
// numbers and dates (not bare years) and capitalised names (without unit
// kinds, titles and generic bodies), kept as a bottom-32 sketch in the
// signature. The smaller item's set must be at least 55% inside the other.
//
// Why, measured on testdata/corpus (hand-written: 62 stories with 123
// re-posts, 6 template families of 5-8 wards with 12 re-posts; 236 items,
// 27,730 pairs; see TestCorpusMargins, TestCorpusAlternatives):
//
//   - Jaccard cannot tell templates from copies: copies of one story lie
//     at 0.48-0.99 (median 0.77), template siblings at 0.40-0.74 (median
//     0.52), unrelated items at 0.00-0.27. Jaccard ≥ 0.48 alone has
//     precision 0.62; Jaccard ≥ 0.75 alone has recall 0.58.
//   - Salient tokens can: the containment of copies is 0.67-1.00 (1st
//     percentile 0.75), that of template siblings 0.00-0.43 (99th
//     percentile 0.30). Hence the threshold 0.55.
//   - SimHash-64 of the same shingles: Hamming ≤ 3 finds 6.5% of the
//     copies; ≤ 10 gives precision 0.83, recall 0.57; ≤ 16 precision
//     0.68, recall 0.93. Rejected.
//   - 3-word shingles: 2-word ones raise unrelated items' similarity and
//     merged two unrelated pairs (precision 0.991 at every band setting
//     with recall above 0.82); 4-word ones did as well here but lower the
//     copies' Jaccard (minimum 0.45 instead of 0.48), closer to the band
//     threshold.
//   - One-permutation MinHash with densification costs one hash per
//     shingle; its Jaccard error (RMSE 0.039 on 396 similar pairs) is no
//     worse than 128 independent hash functions (0.042).
//   - Bands: 42 bands of 3 rows (126 of the 128 values), whose S-curve
//     turns at (1/42)^(1/3) ≈ 0.29, near the 0.3 floor: recall 1.000 with
//     401 candidate pairs for 216 true ones. 32×4 missed 2 copies at
//     Jaccard 0.48-0.50 (recall 0.991, 368 candidates); 16×8 had recall
//     0.78; 64×2 recall 1.000 with 464 candidates.
//   - Normalisation raises the copies' Jaccard from 0.41-0.98 (median
//     0.70) to 0.48-0.99 (median 0.77).
//
// Result: precision 1.000 and recall 1.000 over all pairs (the test fails
// below 0.995 and 0.98), and the store's procedure (shuffled arrival,
// compare with each candidate story's first copy) makes exactly the 101
// labelled stories. Costs (2-core VM): Fingerprint about 13 µs for a
// 3 KB item, 9 µs for a simulated portal's item of 1.2 KB, with two
// allocations (the signature and the band keys: the text is read once,
// its words hashed as they are folded, see scanText), SameStory 0.2 µs
// without allocating, a candidate lookup among 100,000 or 1,000,000
// stored fingerprints 0.5-1 µs either way (one map probe per band). A
// 100-byte sketch of a signature (sketch.go) rules
// out, in tens of nanoseconds, nearly every pair SameStory would refuse
// for want of similarity or of shared salient tokens: on the corpus and a
// simulated province, 22,465 of 22,473 chance candidates, so the store
// reads the fingerprints of the likely matches only.
//
// A signature is 519 + 4n bytes (n ≤ 32 salient hashes, so at most 647)
// and starts with a version byte. The hashing, vntext.Fold and the word
// lists of the salient rules all shape it: changing any of them needs a
// new version; TestSignatureStable guards against a silent change. Band keys carry their
// band's index in the top byte and leave bit 63 clear: keys of different
// bands never collide and every key fits a SQLite INTEGER.
//
// Limits: an item whose copy carries only the lead (a summary-only feed)
// shares too few shingles with the full text to be found; an item with
// fewer than two salient tokens matches only at Jaccard 0.7 or more.
package dedup

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Defaults of NewFingerprinter; see the package comment for how they
// were chosen.
const (
	DefaultShingle        = 3
	DefaultBands          = 42
	DefaultMinJaccard     = 0.3
	DefaultMinContainment = 0.55
	DefaultMinSalient     = 2
	DefaultAloneJaccard   = 0.7
)

// Fingerprinter computes near-duplicate signatures and compares them. Its
// zero value is not ready: use NewFingerprinter and adjust fields before
// the first use; it is then safe for concurrent use, and must not be
// copied. Signatures made with a different Shingle never match; Bands
// only changes which items become candidates, thresholds only how
// candidates are judged.
type Fingerprinter struct {
	// Shingle is the number of words in a shingle (1 to 16).
	Shingle int
	// Bands is the number of LSH band keys per item, 1 to 128; each band
	// hashes 128/Bands MinHash values. More bands find pairs of lower
	// similarity and cost more index rows and more candidates.
	Bands int
	// MinJaccard is the estimated Jaccard similarity of the shingle sets
	// below which two items are never the same story.
	MinJaccard float64
	// MinContainment is the share of the smaller item's salient tokens
	// (numbers, dates, names) the other must have too.
	MinContainment float64
	// MinSalient is the number of salient tokens both items need for the
	// containment test to speak; with fewer, AloneJaccard decides.
	MinSalient int
	// AloneJaccard is the similarity needed when salient tokens are too few.
	AloneJaccard float64

	// scratch holds *scratch buffers between calls: the pollers fingerprint
	// from several goroutines at once, each item in a buffer of its own.
	scratch sync.Pool
}

// scratch is the memory one Fingerprint call works in.
type scratch struct {
	fold    []byte     // the folded title, or the folded text
	norm    []byte     // what the shingles are made of (normalize)
	words   []uint64   // hashes of the words scanText read
	spans   []wordSpan // the words scanText read that may be salient
	name    []byte     // the salient token being built, or a folded word
	run     []token    // capitalised words waiting to be one name
	salient []uint32   // hashes of the salient tokens
}

// maxKeptScratch is the largest buffer a scratch keeps for the next item:
// a rare huge item should not pin its memory.
const maxKeptScratch = 1 << 20

func (f *Fingerprinter) getScratch() *scratch {
	if sc, ok := f.scratch.Get().(*scratch); ok {
		return sc
	}
	return new(scratch)
}

func (f *Fingerprinter) putScratch(sc *scratch) {
	if cap(sc.fold) > maxKeptScratch || cap(sc.norm) > maxKeptScratch || cap(sc.words) > maxKeptScratch/8 || cap(sc.spans) > maxKeptScratch/16 || cap(sc.salient) > maxKeptScratch/4 {
		return
	}
	f.scratch.Put(sc)
}

// NewFingerprinter returns a Fingerprinter with the defaults measured on
// the labelled corpus in testdata/corpus.
func NewFingerprinter() *Fingerprinter {
	return &Fingerprinter{
		Shingle:        DefaultShingle,
		Bands:          DefaultBands,
		MinJaccard:     DefaultMinJaccard,
		MinContainment: DefaultMinContainment,
		MinSalient:     DefaultMinSalient,
		AloneJaccard:   DefaultAloneJaccard,
	}
}

// Validate reports settings Fingerprint cannot use. Fingerprint and
// SameStory fall back to the default of any invalid field rather than
// fail on data, so call Validate where settings are read.
func (f *Fingerprinter) Validate() error {
	var errs []error
	if f.Shingle < 1 || f.Shingle > maxShingle {
		errs = append(errs, fmt.Errorf("shingle size %d not in 1..%d", f.Shingle, maxShingle))
	}
	if f.Bands < 1 || f.Bands > sketchSize {
		errs = append(errs, fmt.Errorf("bands %d not in 1..%d", f.Bands, sketchSize))
	}
	for _, t := range []struct {
		name string
		v    float64
	}{{"min Jaccard", f.MinJaccard}, {"min containment", f.MinContainment}, {"alone Jaccard", f.AloneJaccard}} {
		if !(t.v >= 0 && t.v <= 1) {
			errs = append(errs, fmt.Errorf("%s %v not in 0..1", t.name, t.v))
		}
	}
	if f.MinSalient < 0 {
		errs = append(errs, fmt.Errorf("min salient %d is negative", f.MinSalient))
	}
	return errors.Join(errs...)
}

// shingle and bands return the settings in force, defaults for invalid ones.
func (f *Fingerprinter) shingle() int {
	if f.Shingle < 1 || f.Shingle > maxShingle {
		return DefaultShingle
	}
	return f.Shingle
}

func (f *Fingerprinter) bands() int {
	if f.Bands < 1 || f.Bands > sketchSize {
		return DefaultBands
	}
	return f.Bands
}

// Fingerprint computes the opaque signature of a cleaned item from its
// title and the plain text of its body (or summary), and the LSH band keys
// under which to index it. An item without a single word has neither: it
// can only be matched by its link.
//
// It reads the title and the text once each (scanText), hashing their
// folded words into the shingles of the sketch as it goes, and finds the
// salient tokens from the words it noted; text scanText cannot take, and
// a title with a label to drop, are folded into a scratch buffer and read
// again. What it writes is byte for byte what the list-building code it
// replaced wrote (reference_test.go, TestGolden) and what the code before
// scanText wrote (prev_test.go, TestScanTextSameAsFoldedCopy).
func (f *Fingerprinter) Fingerprint(title, text string) (sig []byte, bands []uint64) {
	sc := f.getScratch()
	defer f.putScratch(sc)
	k := f.shingle()
	sh := newShingler(k)
	sc.addTitleWords(&sh, title)
	scanned := sc.addTextWords(&sh, text)
	n := sh.finish()
	if n == 0 {
		return nil, nil
	}
	s := signature{shingle: k, shingles: n, sketch: sh.sketch.densify()}
	if strings.TrimSpace(text) == "" {
		s.salient = sketchHashes(sc.salientHashes(title, false))
	} else {
		s.salient = sketchHashes(sc.salientHashes(text, scanned))
	}
	return s.encode(), bandKeys(&s.sketch, f.bands())
}

// SameStory implements bantin.Matcher. Two items are one story when the
// estimated Jaccard similarity of their shingles reaches MinJaccard and
// their salient tokens agree: the smaller set is at least MinContainment
// inside the other. With fewer than MinSalient salient tokens on a side,
// the similarity must reach AloneJaccard instead. A signature that does
// not decode matches nothing.
func (f *Fingerprinter) SameStory(a, b []byte) bool {
	var sa, sb signature
	var bufA, bufB [maxSalient]uint32
	var errA, errB error
	sa.salient.hashes, errA = decodeInto(&sa, &bufA, a)
	sb.salient.hashes, errB = decodeInto(&sb, &bufB, b)
	if errA != nil || errB != nil || sa.shingle != sb.shingle {
		return false
	}
	j := jaccard(&sa.sketch, &sb.sketch)
	if j < f.MinJaccard {
		return false
	}
	if min(sa.salient.size, sb.salient.size) < f.MinSalient {
		return j >= f.AloneJaccard
	}
	return containment(sa.salient, sb.salient) >= f.MinContainment
}
