package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"bantin"
)

const day = 24 * time.Hour

// UnitActivity counts, per unit id (every unit that has items or is
// configured), its own items, not its descendants': when the newest was
// published, how many were published today (the calendar day of now in
// loc; nil means UTC) and in the 7 and 30 days up to now. Items stored
// under a unit's former id count for the unit.
func (s *Store) UnitActivity(ctx context.Context, now time.Time, loc *time.Location) (map[string]bantin.Activity, error) {
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	w := window{
		dayStart: toDB(dayStart), dayEnd: toDB(dayStart.AddDate(0, 0, 1)),
		from7: toDB(now.Add(-7 * day)), from30: toDB(now.Add(-30 * day)), now: toDB(now),
	}
	out := make(map[string]bantin.Activity)
	err := s.read(ctx, func(tx *sql.Tx) error {
		units, err := activeUnits(ctx, tx)
		if err != nil {
			return err
		}
		return s.countUnits(ctx, tx, units, w, out)
	})
	if err != nil {
		return nil, fmt.Errorf("unit activity: %w", err)
	}
	return out, nil
}

// window holds the bounds of the counts, as stored times.
type window struct {
	dayStart, dayEnd, from7, from30, now int64
}

func activeUnits(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM units u
		WHERE in_config = 1 OR EXISTS (SELECT 1 FROM items WHERE unit_id = u.id) ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// countUnits reads each unit's figures from the items_unit_published
// index: a seek for the newest and three range counts, so the cost grows
// with the last month's items, not with the whole history.
func (s *Store) countUnits(ctx context.Context, tx *sql.Tx, units []string, w window, out map[string]bantin.Activity) error {
	st, err := tx.PrepareContext(ctx, `SELECT
		(SELECT MAX(published) FROM items WHERE unit_id = ?1),
		(SELECT COUNT(*) FROM items WHERE unit_id = ?1 AND published >= ?2 AND published < ?3),
		(SELECT COUNT(*) FROM items WHERE unit_id = ?1 AND published > ?4 AND published <= ?6),
		(SELECT COUNT(*) FROM items WHERE unit_id = ?1 AND published > ?5 AND published <= ?6)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, u := range units {
		var last sql.NullInt64
		var a bantin.Activity
		err := st.QueryRowContext(ctx, u, w.dayStart, w.dayEnd, w.from7, w.from30, w.now).
			Scan(&last, &a.Today, &a.Days7, &a.Days30)
		if err != nil {
			return fmt.Errorf("unit %s: %w", u, err)
		}
		a.LastItemAt = fromDB(last.Int64)
		id := s.units.canonical(u)
		out[id] = merge(out[id], a)
	}
	return nil
}

// merge adds the figures of a unit's former id to the unit's.
func merge(a, b bantin.Activity) bantin.Activity {
	if b.LastItemAt.After(a.LastItemAt) {
		a.LastItemAt = b.LastItemAt
	}
	a.Today += b.Today
	a.Days7 += b.Days7
	a.Days30 += b.Days30
	return a
}
