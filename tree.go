package bantin

import "sort"

// Tree indexes a config's units by id, alias and parent. It is built once
// per loaded config and is read-only afterwards, so it is safe to share.
type Tree struct {
	units    map[string]*Unit
	aliases  map[string]string
	children map[string][]string
	roots    []string
	order    []string
}

// NewTree indexes cfg's units. The config must already be valid (no
// cycles, no duplicate ids); package config guarantees it.
func NewTree(cfg *Config) *Tree {
	t := &Tree{
		units:    make(map[string]*Unit, len(cfg.Units)),
		aliases:  make(map[string]string),
		children: make(map[string][]string),
	}
	for i := range cfg.Units {
		u := &cfg.Units[i]
		t.units[u.ID] = u
		t.order = append(t.order, u.ID)
		for _, a := range u.Aliases {
			t.aliases[a] = u.ID
		}
		if u.Parent == "" {
			t.roots = append(t.roots, u.ID)
		} else {
			t.children[u.Parent] = append(t.children[u.Parent], u.ID)
		}
	}
	return t
}

// Unit returns the unit with this id, or nil.
func (t *Tree) Unit(id string) *Unit { return t.units[id] }

// Units returns every unit in file order.
func (t *Tree) Units() []*Unit {
	out := make([]*Unit, len(t.order))
	for i, id := range t.order {
		out[i] = t.units[id]
	}
	return out
}

// Resolve maps an id or a former id to the canonical id. It reports
// whether the name was an alias, and ok false for an unknown name.
// AllUnits resolves to itself.
func (t *Tree) Resolve(name string) (id string, alias, ok bool) {
	if name == AllUnits {
		return AllUnits, false, true
	}
	if _, found := t.units[name]; found {
		return name, false, true
	}
	if id, found := t.aliases[name]; found {
		return id, true, true
	}
	return "", false, false
}

// Roots returns the ids of the units without a parent, in file order.
func (t *Tree) Roots() []string { return t.roots }

// Children returns the ids of id's direct children, in file order.
func (t *Tree) Children(id string) []string { return t.children[id] }

// Subtree returns id and the ids of all its descendants, sorted; for
// AllUnits, every unit.
func (t *Tree) Subtree(id string) []string {
	var out []string
	var walk func(string)
	walk = func(u string) {
		out = append(out, u)
		for _, c := range t.children[u] {
			walk(c)
		}
	}
	if id == AllUnits {
		for _, r := range t.roots {
			walk(r)
		}
	} else if _, ok := t.units[id]; ok {
		walk(id)
	}
	sort.Strings(out)
	return out
}
