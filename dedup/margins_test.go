package dedup

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestCorpusMargins logs how far apart the classes of pairs lie, which is
// what the thresholds were chosen from. It fails when the containment
// threshold no longer lies between copies and template siblings, or when
// copies are no more alike than some unrelated pairs.
func TestCorpusMargins(t *testing.T) {
	f := NewFingerprinter()
	items := fingerprintCorpus(f, loadCorpus(t))
	sigs := make([]signature, len(items))
	for i, it := range items {
		s, err := decode(it.sig)
		if err != nil {
			t.Fatalf("%s: %v", it.group, err)
		}
		sigs[i] = s
	}
	var dupJ, dupC, tplJ, tplC, otherJ []float64
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			jac := jaccard(&sigs[i].sketch, &sigs[j].sketch)
			con := containment(sigs[i].salient, sigs[j].salient)
			switch {
			case items[i].group == items[j].group:
				dupJ, dupC = append(dupJ, jac), append(dupC, con)
			case items[i].family != "" && items[i].family == items[j].family:
				tplJ, tplC = append(tplJ, jac), append(tplC, con)
			default:
				otherJ = append(otherJ, jac)
			}
		}
	}
	t.Logf("copies of one story (%d pairs): J %s; containment %s", len(dupJ), quantiles(dupJ), quantiles(dupC))
	t.Logf("template siblings (%d pairs): J %s; containment %s", len(tplJ), quantiles(tplJ), quantiles(tplC))
	t.Logf("other pairs (%d): J %s", len(otherJ), quantiles(otherJ))
	if maxOf(tplC) >= f.MinContainment || minOf(dupC) < f.MinContainment {
		t.Errorf("containment threshold %.2f does not split copies (min %.2f) from template siblings (max %.2f)",
			f.MinContainment, minOf(dupC), maxOf(tplC))
	}
	if minOf(dupJ) <= quantileOf(otherJ, 0.999) {
		t.Errorf("copies overlap unrelated pairs in Jaccard: min %.2f", minOf(dupJ))
	}
}

func quantiles(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	var b strings.Builder
	for _, q := range []float64{0, 0.01, 0.05, 0.5, 0.95, 0.99, 1} {
		fmt.Fprintf(&b, "q%g=%.2f ", q*100, quantileOf(xs, q))
	}
	return strings.TrimSpace(b.String())
}

func quantileOf(xs []float64, q float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1))]
}

func minOf(xs []float64) float64 { return quantileOf(xs, 0) }

func maxOf(xs []float64) float64 { return quantileOf(xs, 1) }
