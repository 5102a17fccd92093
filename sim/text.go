package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// place is a unit's kind word and its proper name, e.g. "phường" and
// "Quang Trung".
type place struct {
	kind, name string
}

// values fills the slots of one story. Shape decides the structural
// choices ({a|b}); vals draws the slot values. Stories of one template
// family share a shape seed, so they read alike but name other people,
// numbers and dates.
type values struct {
	shape, vals *rand.Rand
	u           *unit
	day         time.Time // the day of the event, in the province's zone
	p1, p2, p3  string
	r1, r2      string
}

func newValues(shape, vals *rand.Rand, u *unit, day time.Time) *values {
	v := &values{shape: shape, vals: vals, u: u, day: day}
	v.p1, v.p2, v.p3 = v.person(), v.person(), v.person()
	level := u.level
	if level > 2 {
		level = 2
	}
	v.r1 = v.role(level)
	v.r2 = v.role(max(level-1, 0))
	return v
}

func (v *values) person() string {
	return pick(v.vals, familyNames) + " " + pick(v.vals, middleNames) + " " + pick(v.vals, givenNames)
}

// role names a post in a unit of the given level, with the unit's place
// when the role itself does not name it.
func (v *values) role(level int) string {
	r := pick(v.vals, roles[level])
	if level == 2 && v.u.level == 2 {
		return r + " " + v.u.where()
	}
	return r
}

// expand fills a template. It never fails: an unknown slot is kept as it
// is, so a typo in the bank shows in the output instead of vanishing.
func (v *values) expand(tpl string) string {
	var b strings.Builder
	for i := 0; i < len(tpl); {
		switch c := tpl[i]; {
		case c == '{':
			end := strings.IndexByte(tpl[i:], '}')
			if end < 0 {
				b.WriteString(tpl[i:])
				return b.String()
			}
			choices := strings.Split(tpl[i+1:i+end], "|")
			b.WriteString(v.expand(pick(v.shape, choices)))
			i += end + 1
		case c == '$':
			j := i + 1
			for j < len(tpl) && (tpl[j] >= 'A' && tpl[j] <= 'Z' || tpl[j] >= '0' && tpl[j] <= '9') {
				j++
			}
			b.WriteString(v.slot(tpl[i+1 : j]))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func (v *values) slot(name string) string {
	r := v.vals
	switch name {
	case "UNIT":
		return v.u.formal()
	case "UNITSHORT":
		return v.u.where()
	case "PARTY":
		return v.u.party()
	case "P1":
		return v.p1
	case "P2":
		return v.p2
	case "P3":
		return v.p3
	case "R1":
		return v.r1
	case "R2":
		return v.r2
	case "N":
		return fmt.Sprint(2 + r.IntN(39))
	case "BIG":
		return thousands(120 + r.IntN(4800))
	case "AREA":
		return fmt.Sprint(40 + r.IntN(80))
	case "PCT":
		return fmt.Sprint(60 + r.IntN(40))
	case "SMALL":
		return fmt.Sprintf("%d,%d", 1+r.IntN(9), r.IntN(10))
	case "MONEY":
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d,%d tỷ đồng", 1+r.IntN(9), r.IntN(10))
		}
		return fmt.Sprintf("%d triệu đồng", 50+r.IntN(900))
	case "MONEYPP":
		return fmt.Sprintf("%d triệu đồng/người/năm", 45+r.IntN(40))
	case "DAY":
		return v.day.Format("02/01/2006")
	case "DUE":
		return v.day.AddDate(0, 0, 15).Format("02/01/2006")
	case "MONTH":
		return fmt.Sprint(int(v.day.Month()))
	case "YEAR":
		return fmt.Sprint(v.day.Year())
	case "NEXT":
		return fmt.Sprint(v.day.Year() + 1)
	case "TERM":
		return pick(r, terms)
	case "TERMYEARS":
		return "2020-2025"
	case "GRADE":
		return fmt.Sprint(1 + r.IntN(12))
	case "HAMLET":
		return pick(r, hamlets)
	}
	return "$" + name
}

// sentence expands a template into a sentence starting with a capital.
func (v *values) sentence(tpl string) string {
	return upperFirst(v.expand(tpl))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// thousands writes n the Vietnamese way, with dots between thousands.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// newTones rewrites the words of s written in the old tone style (ủy)
// into the new style (uỷ). Only whole words change, so closed syllables
// such as "hoàng" are never touched.
func newTones(s string) string {
	var b strings.Builder
	word := func(w string) {
		if nw, ok := toneNew[w]; ok {
			w = nw
		}
		b.WriteString(w)
	}
	start := -1
	for i, r := range s {
		letter := unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			word(s[start:i])
			start = -1
			b.WriteRune(r)
		case !letter:
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		word(s[start:])
	}
	return b.String()
}

// collapse makes every run of white space, no-break spaces included, one
// space and trims the ends: what a title looks like once cleaned.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b'
	}), " ")
}

// weekday is the Vietnamese name of t's day as portals print it: "Thứ 2"
// for Monday, "Chủ nhật" for Sunday.
func weekday(t time.Time) string {
	if t.Weekday() == time.Sunday {
		return "Chủ nhật"
	}
	return fmt.Sprintf("Thứ %d", int(t.Weekday())+1)
}

// trimPeriod drops a sentence's final period, as portals do in the sapo.
func trimPeriod(s string) string { return strings.TrimSuffix(s, ".") }

// firstSentence is s up to the end of its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i]
	}
	return s
}
