package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bantin"
)

// SyncConfig records the units and sources of a (re)loaded config. Units
// and sources no longer in the config are kept with all their items
// (history is never lost); a source that comes back resumes its state. A
// source moved to another unit keeps its state; the items it brought
// before stay with the unit that published them then. The config's
// aliases make a renamed unit read the stories stored under its former id.
func (s *Store) SyncConfig(ctx context.Context, cfg *bantin.Config) error {
	if cfg == nil {
		return errors.New("sync config: nil config")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE units SET in_config = 0"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sources SET in_config = 0"); err != nil {
			return err
		}
		for _, u := range cfg.Units {
			if err := syncUnit(ctx, tx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sync config %s: %w", cfg.Path, err)
	}
	s.units.setAliases(cfg)
	return nil
}

func syncUnit(ctx context.Context, tx *sql.Tx, u bantin.Unit) error {
	if u.ID == "" {
		return errors.New("unit with an empty id")
	}
	const upsertUnit = `INSERT INTO units (id, name, parent, in_config) VALUES (?, ?, ?, 1)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, in_config = 1`
	if _, err := tx.ExecContext(ctx, upsertUnit, u.ID, u.Name, u.Parent); err != nil {
		return fmt.Errorf("unit %s: %w", u.ID, err)
	}
	const upsertSource = `INSERT INTO sources (url, unit_id, in_config) VALUES (?, ?, 1)
		ON CONFLICT (url) DO UPDATE SET unit_id = excluded.unit_id, in_config = 1`
	for _, src := range u.Sources {
		if src.URL == "" {
			return fmt.Errorf("unit %s: source with an empty URL", u.ID)
		}
		if _, err := tx.ExecContext(ctx, upsertSource, src.URL, u.ID); err != nil {
			return fmt.Errorf("source %s: %w", src.URL, err)
		}
	}
	return nil
}
