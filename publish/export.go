package publish

import (
	"context"
	"fmt"
	"os"
	"path"

	"bantin"
)

// Export writes every unit's feeds, the feeds of all units and the OPML as
// static files under dir, for hosting on any web server:
// dir/feeds/{unit}.rss|.atom|.json, dir/opml and dir/opml.xml (the same
// document; the extension lets a plain web server pick a type). They are
// the bytes the server serves for the default limit. Files are written
// through an os.Root, so nothing is ever written outside dir, and each is
// renamed into place whole, so a web server never serves half a file.
func (s *Server) Export(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	defer root.Close()
	if err := root.MkdirAll("feeds", 0o755); err != nil {
		return fmt.Errorf("export to %s: %w", dir, err)
	}
	st := s.snapshot()
	units := []string{bantin.AllUnits}
	for _, u := range st.tree.Units() {
		units = append(units, u.ID)
	}
	for _, id := range units {
		for _, f := range allFormats {
			rd, err := s.feed(ctx, st, id, f, DefaultLimit)
			if err != nil {
				return fmt.Errorf("export feed %s.%s: %w", id, f.ext(), err)
			}
			body, err := st.cache.plainOf(rd)
			if err != nil {
				return fmt.Errorf("export feed %s.%s: %w", id, f.ext(), err)
			}
			if err := writeFileAtomic(root, path.Join("feeds", id+"."+f.ext()), body); err != nil {
				return fmt.Errorf("export to %s: %w", dir, err)
			}
		}
	}
	rd, err := s.opml(ctx, st)
	if err != nil {
		return fmt.Errorf("export opml: %w", err)
	}
	body, err := st.cache.plainOf(rd)
	if err != nil {
		return fmt.Errorf("export opml: %w", err)
	}
	for _, name := range []string{"opml", "opml.xml"} {
		if err := writeFileAtomic(root, name, body); err != nil {
			return fmt.Errorf("export to %s: %w", dir, err)
		}
	}
	return nil
}

// writeFileAtomic writes data to name in root through a temporary file
// renamed over it.
func writeFileAtomic(root *os.Root, name string, data []byte) error {
	tmp := name + ".tmp"
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}
