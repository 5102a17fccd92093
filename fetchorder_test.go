package bantin

import (
	"slices"
	"testing"
)

func TestFetchOrder(t *testing.T) {
	src := func(unit, url string) Source { return Source{URL: url, Unit: unit} }
	tests := []struct {
		name  string
		units []Unit
		want  []string
	}{
		{"each unit after the units under it, in file order", []Unit{
			{ID: "tinh", Sources: []Source{src("tinh", "tinh-1"), src("tinh", "tinh-2")}},
			{ID: "tp", Parent: "tinh", Sources: []Source{src("tp", "tp")}},
			{ID: "phuong-a", Parent: "tp", Sources: []Source{src("phuong-a", "a")}},
			{ID: "so", Parent: "tinh", Sources: []Source{src("so", "so")}},
			{ID: "phuong-b", Parent: "tp", Sources: []Source{src("phuong-b", "b")}},
			{ID: "khac", Sources: []Source{src("khac", "khac")}},
		}, []string{"a", "b", "tp", "so", "tinh-1", "tinh-2", "khac"}},
		{"a parent right after its own children", []Unit{
			{ID: "tinh", Sources: []Source{src("tinh", "tinh")}},
			{ID: "tp-1", Parent: "tinh", Sources: []Source{src("tp-1", "tp-1")}},
			{ID: "tp-2", Parent: "tinh", Sources: []Source{src("tp-2", "tp-2")}},
			{ID: "p-1", Parent: "tp-1", Sources: []Source{src("p-1", "p-1")}},
			{ID: "p-2", Parent: "tp-2", Sources: []Source{src("p-2", "p-2")}},
			{ID: "p-3", Parent: "tp-1", Sources: []Source{src("p-3", "p-3")}},
		}, []string{"p-1", "p-3", "tp-1", "p-2", "tp-2", "tinh"}},
		{"a parent not in the config makes a root", []Unit{
			{ID: "tp", Parent: "mat-tinh", Sources: []Source{src("tp", "tp")}},
			{ID: "p", Parent: "tp", Sources: []Source{src("p", "p")}},
		}, []string{"p", "tp"}},
		{"a parent listed after its child", []Unit{
			{ID: "phuong", Parent: "tp", Sources: []Source{src("phuong", "phuong")}},
			{ID: "tinh", Sources: []Source{src("tinh", "tinh")}},
			{ID: "tp", Parent: "tinh", Sources: []Source{src("tp", "tp")}},
		}, []string{"phuong", "tp", "tinh"}},
		{"a loop of parents ends", []Unit{
			{ID: "a", Parent: "b", Sources: []Source{src("a", "a")}},
			{ID: "b", Parent: "a", Sources: []Source{src("b", "b")}},
		}, []string{"b", "a"}},
		{"no units", nil, nil},
	}
	for _, tc := range tests {
		cfg := &Config{Units: tc.units}
		var got []string
		for _, s := range cfg.FetchOrder() {
			got = append(got, s.URL)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if len(cfg.Sources()) != len(got) {
			t.Errorf("%s: %d sources in fetch order, %d in the config", tc.name, len(got), len(cfg.Sources()))
		}
	}
}
