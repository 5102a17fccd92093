package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bantin"
)

// maxPeriods bounds the periods one count may ask for: ten years of
// months, far more than a report needs.
const maxPeriods = 120

// DailyCounts returns, per unit id, how many items of its own it
// published on each of the days calendar days ending with today (the day
// of now in loc; nil means UTC), oldest first: the data of a sparkline.
// Units without an item in those days are absent. One grouped query
// covers every unit; former ids count for the unit.
func (s *Store) DailyCounts(ctx context.Context, days int, now time.Time, loc *time.Location) (map[string][]int, error) {
	if days <= 0 || days > maxPeriods*31 {
		return nil, fmt.Errorf("daily counts: %d days is out of range", days)
	}
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	first := time.Date(local.Year(), local.Month(), local.Day()-days+1, 0, 0, 0, 0, loc)
	bounds := make([]time.Time, days+1)
	for i := range bounds {
		// AddDate, not 24h steps: a day with a clock change is 23 or 25 hours.
		bounds[i] = first.AddDate(0, 0, i)
	}
	out := make(map[string][]int)
	err := s.read(ctx, func(tx *sql.Tx) error {
		return countPeriods(ctx, tx, bounds, false, func(period int, unit, _ string, n int) {
			id := s.units.canonical(unit)
			if out[id] == nil {
				out[id] = make([]int, days)
			}
			out[id][period] += n
		})
	})
	if err != nil {
		return nil, fmt.Errorf("daily counts: %w", err)
	}
	return out, nil
}

// MonthlyCounts returns how many items each source of each unit published
// in each calendar month from the month of from to that of to, both
// included, months taken in from's location. Pairs with no item in a
// month are absent; the order is month, unit, source. Former ids count
// as the unit, and items of sources and units no longer configured are
// counted like any other: the figures add up to the stored items.
func (s *Store) MonthlyCounts(ctx context.Context, from, to time.Time) ([]bantin.MonthCount, error) {
	loc := from.Location()
	to = to.In(loc)
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, loc)
	last := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, loc)
	if last.Before(first) {
		return nil, errors.New("monthly counts: the last month is before the first")
	}
	months := (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1
	if months > maxPeriods {
		return nil, fmt.Errorf("monthly counts: %d months is more than %d", months, maxPeriods)
	}
	bounds := make([]time.Time, months+1)
	for i := range bounds {
		bounds[i] = first.AddDate(0, i, 0)
	}
	type key struct {
		period       int
		unit, source string
	}
	index := make(map[key]int)
	var out []bantin.MonthCount
	err := s.read(ctx, func(tx *sql.Tx) error {
		return countPeriods(ctx, tx, bounds, true, func(period int, unit, source string, n int) {
			k := key{period, s.units.canonical(unit), source}
			if i, ok := index[k]; ok {
				out[i].Items += n
				return
			}
			index[k] = len(out)
			out = append(out, bantin.MonthCount{Month: bounds[period].Format("2006-01"), Unit: k.unit, Source: source, Items: n})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	// Folding a former id into the unit may have broken the order.
	slices.SortStableFunc(out, func(a, b bantin.MonthCount) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Source, b.Source))
	})
	return out, nil
}

// countPeriods counts items per period and unit (and source, with
// bySource), period i being [bounds[i], bounds[i+1]). The periods are a
// VALUES table joined to the items of the whole range, read through the
// (unit_id, published) index, so the database is read once whatever the
// number of periods and units. Rows come ordered by period, unit, source.
func countPeriods(ctx context.Context, tx *sql.Tx, bounds []time.Time, bySource bool,
	add func(period int, unit, source string, n int)) error {
	values := make([]string, len(bounds)-1)
	args := make([]any, 0, 3*len(bounds)+2)
	for i := range values {
		values[i] = "(?, ?, ?)"
		args = append(args, i, toDB(bounds[i]), toDB(bounds[i+1]))
	}
	args = append(args, toDB(bounds[0]), toDB(bounds[len(bounds)-1]))
	source, join, group := "''", "", "p.n, i.unit_id"
	if bySource {
		source, join, group = "s.url", "JOIN sources s ON s.id = i.source_id", "p.n, i.unit_id, s.url"
	}
	q := `WITH periods (n, lo, hi) AS (VALUES ` + strings.Join(values, ", ") + `)
		SELECT p.n, i.unit_id, ` + source + `, COUNT(*)
		FROM items i JOIN periods p ON i.published >= p.lo AND i.published < p.hi ` + join + `
		WHERE i.unit_id IN (SELECT id FROM units) AND i.published >= ? AND i.published < ?
		GROUP BY ` + group + ` ORDER BY ` + group
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var period, n int
		var unit, src string
		if err := rows.Scan(&period, &unit, &src, &n); err != nil {
			return err
		}
		add(period, unit, src, n)
	}
	return rows.Err()
}

// Totals counts the stored items and stories. Nothing is ever deleted,
// so the counts only grow; each is a scan of the table's smallest index.
func (s *Store) Totals(ctx context.Context) (bantin.StoreTotals, error) {
	var t bantin.StoreTotals
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM stories)`).
			Scan(&t.Items, &t.Stories)
	})
	if err != nil {
		return t, fmt.Errorf("store totals: %w", err)
	}
	return t, nil
}
