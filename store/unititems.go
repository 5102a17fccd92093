package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"bantin"
)

// UnitItems returns the newest items unit published itself (under its
// current or a former id), newest first, at most limit, each with the
// source that carried it and every unit that published its story.
func (s *Store) UnitItems(ctx context.Context, unit string, limit int) ([]bantin.UnitItem, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids := s.units.expand([]string{unit})
	var out []bantin.UnitItem
	err := s.read(ctx, func(tx *sql.Tx) error {
		stories, err := s.newestItems(ctx, tx, ids, limit, &out)
		if err != nil {
			return err
		}
		return s.storyUnits(ctx, tx, stories, out)
	})
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", unit, err)
	}
	return out, nil
}

// newestItems reads the items through the (unit_id, published) index and
// returns the story row id of each, in the same order.
func (s *Store) newestItems(ctx context.Context, tx *sql.Tx, ids []string, limit int, out *[]bantin.UnitItem) ([]int64, error) {
	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.title, i.link, i.published, src.url, st.uid, st.id
		FROM items i JOIN sources src ON src.id = i.source_id JOIN stories st ON st.id = i.story_id
		WHERE i.unit_id IN (`+placeholders(len(ids))+`)
		ORDER BY i.published DESC, i.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("newest items: %w", err)
	}
	defer rows.Close()
	var stories []int64
	for rows.Next() {
		var it bantin.UnitItem
		var published, story int64
		if err := rows.Scan(&it.Title, &it.Link, &published, &it.Source, &it.Story, &story); err != nil {
			return nil, fmt.Errorf("newest items: %w", err)
		}
		it.Published = fromDB(published)
		*out = append(*out, it)
		stories = append(stories, story)
	}
	return stories, rows.Err()
}

// storyUnits fills out[i].Units with the units of stories[i], first
// publisher first, in one query per chunk of stories.
func (s *Store) storyUnits(ctx context.Context, tx *sql.Tx, stories []int64, out []bantin.UnitItem) error {
	units := make(map[int64][]string)
	for chunk := range slices.Chunk(slices.Compact(slices.Sorted(slices.Values(stories))), inChunk) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, `SELECT story_id, unit_id FROM items WHERE story_id IN (`+
			placeholders(len(chunk))+`) ORDER BY story_id, rank, id`, args...)
		if err != nil {
			return fmt.Errorf("units of stories: %w", err)
		}
		if err := s.scanStoryUnits(rows, units); err != nil {
			return fmt.Errorf("units of stories: %w", err)
		}
	}
	for i, id := range stories {
		out[i].Units = slices.Clone(units[id])
	}
	return nil
}

func (s *Store) scanStoryUnits(rows *sql.Rows, into map[int64][]string) error {
	defer rows.Close()
	for rows.Next() {
		var story int64
		var unit string
		if err := rows.Scan(&story, &unit); err != nil {
			return err
		}
		if u := s.units.canonical(unit); !slices.Contains(into[story], u) {
			into[story] = append(into[story], u)
		}
	}
	return rows.Err()
}
