package bantin

import (
	"reflect"
	"testing"
)

func TestTree(t *testing.T) {
	cfg := &Config{Units: []Unit{
		{ID: "ninh-binh", Name: "Tỉnh Ninh Bình"},
		{ID: "phu-ly", Name: "Phường Phủ Lý", Parent: "ninh-binh", Aliases: []string{"tp-phu-ly"},
			Sources: []Source{{URL: "https://a/rss", Unit: "phu-ly"}}},
		{ID: "so-y-te", Name: "Sở Y tế", Parent: "ninh-binh"},
		{ID: "to-1", Name: "Tổ 1", Parent: "phu-ly"},
		{ID: "ha-noi", Name: "Hà Nội"},
	}}
	tr := NewTree(cfg)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"roots", tr.Roots(), []string{"ninh-binh", "ha-noi"}},
		{"subtree of root", tr.Subtree("ninh-binh"), []string{"ninh-binh", "phu-ly", "so-y-te", "to-1"}},
		{"subtree of leaf", tr.Subtree("to-1"), []string{"to-1"}},
		{"subtree of all", tr.Subtree(AllUnits), []string{"ha-noi", "ninh-binh", "phu-ly", "so-y-te", "to-1"}},
		{"subtree of unknown", tr.Subtree("nope"), []string(nil)},
		{"children", tr.Children("ninh-binh"), []string{"phu-ly", "so-y-te"}},
		{"sources", len(cfg.Sources()), 1},
	}
	for _, tc := range tests {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		name         string
		id           string
		alias, known bool
	}{
		{"phu-ly", "phu-ly", false, true},
		{"tp-phu-ly", "phu-ly", true, true},
		{"all", "all", false, true},
		{"ghost", "", false, false},
	} {
		id, alias, ok := tr.Resolve(tc.name)
		if id != tc.id || alias != tc.alias || ok != tc.known {
			t.Errorf("Resolve(%q) = %q, %v, %v; want %q, %v, %v", tc.name, id, alias, ok, tc.id, tc.alias, tc.known)
		}
	}
}
