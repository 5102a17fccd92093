package sim

import (
	"fmt"
	"strings"

	"bantin/vntext"
)

// Levels of the units: the province, its cities and departments, the
// wards and communes of a city.
const (
	levelProvince = 0
	levelCity     = 1
	levelWard     = 2
)

// unit is one simulated administrative unit and the portal it runs.
type unit struct {
	id, name, parent string
	aliases          []string
	level            int
	place            place
	dept             bool // a department: no wards, named by its own name
	index            int  // position in the province, for round robins
	host             *host
	feeds            []*feed // good feeds first, then the hostile one
}

// formal is how a sentence names the unit's government: "UBND phường
// Quang Trung", or a department's own name.
func (u *unit) formal() string {
	if u.dept {
		return u.name
	}
	return "UBND " + u.where()
}

// where is the unit as a place: "phường Quang Trung", "tỉnh Hà Nam".
func (u *unit) where() string {
	if u.dept {
		return u.name
	}
	return u.place.kind + " " + u.place.name
}

// party names the unit's party committee the way its portal does.
func (u *unit) party() string {
	switch {
	case u.dept:
		return "Đảng ủy " + u.name
	case u.level == levelProvince:
		return "Tỉnh ủy " + u.place.name
	case u.place.kind == "thành phố":
		return "Thành ủy " + u.place.name
	case u.place.kind == "thị xã":
		return "Thị ủy " + u.place.name
	case u.place.kind == "huyện":
		return "Huyện ủy " + u.place.name
	}
	return "Đảng ủy " + u.where()
}

// kindAbbrev is the short form of a city's kind, used in its former id.
var kindAbbrev = map[string]string{"thành phố": "tp", "thị xã": "tx", "huyện": "h"}

// buildUnits lays out the province: the root, its cities each with its
// wards, then its departments. Ids are unique; a ward's id starts with its
// city's so that two wards of one name in two cities stay apart.
func buildUnits(o *Options) []*unit {
	seen := map[string]bool{}
	uniq := func(id string) string {
		base := id
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		seen[id] = true
		return id
	}
	root := &unit{place: place{"tỉnh", provinceName}, level: levelProvince}
	root.id = uniq(vntext.Slug(provinceName))
	root.name = upperFirst(root.where())
	units := []*unit{root}
	for c := range o.Cities {
		city := &unit{place: numbered(cityNames, c), level: levelCity, parent: root.id}
		city.id = uniq(vntext.Slug(city.place.name))
		city.name = upperFirst(city.where())
		city.aliases = []string{uniq(kindAbbrev[city.place.kind] + "-" + city.id)}
		units = append(units, city)
		for w := range o.WardsPerCity {
			// Offsetting each city by three names makes names recur across
			// cities, as "Phường Quang Trung" does in real provinces.
			ward := &unit{place: numbered(wardNames, c*3+w), level: levelWard, parent: city.id}
			ward.id = uniq(city.id + "-" + vntext.Slug(ward.place.name))
			ward.name = upperFirst(ward.where())
			units = append(units, ward)
		}
	}
	for d := range o.Departments {
		name := departmentNames[d%len(departmentNames)]
		if round := d / len(departmentNames); round > 0 {
			name = fmt.Sprintf("%s %d", name, round+1)
		}
		dept := &unit{name: name, dept: true, level: levelCity, parent: root.id, place: place{"sở", name}}
		dept.id = uniq("so-" + vntext.Slug(strings.TrimPrefix(name, "Sở ")))
		units = append(units, dept)
	}
	for i, u := range units {
		u.index = i
	}
	return units
}

// numbered takes the i-th name of a bank, numbering the names once the
// bank is used up so that names within one parent stay distinct.
func numbered(bank []place, i int) place {
	p := bank[i%len(bank)]
	if round := i / len(bank); round > 0 {
		p.name = fmt.Sprintf("%s %d", p.name, round+1)
	}
	return p
}
