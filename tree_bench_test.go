package bantin

import (
	"fmt"
	"testing"
)

// nationTree is a country's tree: one root per province, its communes
// and wards below, about 4,000 units in all.
func nationTree() *Tree {
	cfg := &Config{}
	for p := range 34 {
		prov := fmt.Sprintf("tinh-%02d", p)
		cfg.Units = append(cfg.Units, Unit{ID: prov, Name: prov})
		for w := range 117 {
			id := fmt.Sprintf("%s-xa-%03d", prov, w)
			cfg.Units = append(cfg.Units, Unit{ID: id, Name: id, Parent: prov})
		}
	}
	return NewTree(cfg)
}

// BenchmarkSubtree is what every request for a feed pays before its
// cache is even looked at (publish calls Subtree, then Store.Version over
// the result): at national scale, all of `all`'s 4,000 units walked and
// sorted. The serving figures of BENCHMARKS.md trace to it.
func BenchmarkSubtree(b *testing.B) {
	t := nationTree()
	for _, id := range []string{AllUnits, "tinh-00", "tinh-00-xa-000"} {
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t.Subtree(id)
			}
		})
	}
}
