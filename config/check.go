package config

import "strings"

// check runs the rules that span units: unique ids, aliases and feed URLs,
// parents that exist, and no cycle among them.
func (p *parser) check(units []*unitAt) {
	byID := p.ids(units)
	aliasOf := p.aliasIndex(units, byID)
	p.parents(units, byID, aliasOf)
	p.cycles(units, byID)
	p.feedURLs(units)
}

// ids indexes units by id, first occurrence first.
func (p *parser) ids(units []*unitAt) map[string]*unitAt {
	byID := make(map[string]*unitAt, len(units))
	for _, u := range units {
		if u.ID == "" {
			continue
		}
		if first, dup := byID[u.ID]; dup {
			p.addf(u.idLine, "duplicate unit id %q (first at line %d)", u.ID, first.idLine)
			continue
		}
		byID[u.ID] = u
	}
	return byID
}

// aliasIndex maps each alias to its unit, refusing aliases that would make
// a URL ambiguous.
func (p *parser) aliasIndex(units []*unitAt, byID map[string]*unitAt) map[string]*unitAt {
	aliasOf := make(map[string]*unitAt)
	lineOf := make(map[string]int)
	for _, u := range units {
		for i, a := range u.Aliases {
			line := u.aliasLines[i]
			switch owner, isAlias := aliasOf[a]; {
			case a == u.ID:
				p.addf(line, "alias %q duplicates the unit's own id", a)
			case byID[a] != nil:
				p.addf(line, "alias %q duplicates the id of the unit at line %d", a, byID[a].idLine)
			case isAlias:
				p.addf(line, "duplicate alias %q: already an alias of unit %q (line %d)", a, owner.ID, lineOf[a])
			default:
				aliasOf[a], lineOf[a] = u, line
			}
		}
	}
	return aliasOf
}

// parents checks that every parent names a unit by its id.
func (p *parser) parents(units []*unitAt, byID, aliasOf map[string]*unitAt) {
	for _, u := range units {
		if u.Parent == "" || byID[u.Parent] != nil {
			continue
		}
		if owner := aliasOf[u.Parent]; owner != nil {
			p.addf(u.parentLine, "parent %q is a former id of unit %q: use its id", u.Parent, owner.ID)
			continue
		}
		p.addf(u.parentLine, "unknown parent %q", u.Parent)
	}
}

// cycles reports each loop of parents once, on the parent line of its unit
// that comes first in the file, naming its ids from there.
func (p *parser) cycles(units []*unitAt, byID map[string]*unitAt) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[*unitAt]int, len(units))
	for _, start := range units {
		if start.ID == "" || byID[start.ID] != start {
			continue
		}
		var path []*unitAt
		u := start
		for u != nil && state[u] == unseen {
			state[u] = onPath
			path = append(path, u)
			u = byID[u.Parent]
		}
		if u != nil && state[u] == onPath {
			p.cycle(path[indexOf(path, u):])
		}
		for _, v := range path {
			state[v] = done
		}
	}
}

// cycle reports one loop, given in parent order.
func (p *parser) cycle(loop []*unitAt) {
	first := 0
	for i, u := range loop {
		if u.parentLine < loop[first].parentLine {
			first = i
		}
	}
	ids := make([]string, 0, len(loop)+1)
	for i := range loop {
		ids = append(ids, loop[(first+i)%len(loop)].ID)
	}
	ids = append(ids, ids[0])
	p.addf(loop[first].parentLine, "cycle of parents: %s", strings.Join(ids, " -> "))
}

func indexOf(path []*unitAt, u *unitAt) int {
	for i, v := range path {
		if v == u {
			return i
		}
	}
	return 0
}

// feedURLs checks that no feed is listed twice: the store keys sources by
// URL, so a repeat would be fetched twice and credited to one unit.
func (p *parser) feedURLs(units []*unitAt) {
	seen := make(map[string]int)
	for _, u := range units {
		for i, src := range u.Sources {
			key := sameURL(src.URL)
			if first, dup := seen[key]; dup {
				p.addf(u.urlLines[i], "duplicate feed URL %q (first at line %d)", src.URL, first)
				continue
			}
			seen[key] = u.urlLines[i]
		}
	}
}
