package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationName is NNN_name.sql: the number orders them and is recorded.
var migrationName = regexp.MustCompile(`^([0-9]{3})_[a-z0-9_]+\.sql$`)

type migration struct {
	version int
	name    string
	sql     string
}

// readMigrations lists the *.sql files of dir in fsys in version order,
// refusing a badly named file or two files with one number.
func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %s: name is not NNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		v, _ := strconv.Atoi(m[1])
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

func (s *Store) migrate(ctx context.Context) error {
	list, err := readMigrations(migrationFS, "migrations")
	if err != nil {
		return err
	}
	return s.applyMigrations(ctx, list)
}

// applyMigrations applies, each in its own transaction, the migrations not
// yet recorded in schema_migrations. A database that records a migration
// this binary does not know was written by a newer bantin: refused rather
// than run against a schema we cannot read.
func (s *Store) applyMigrations(ctx context.Context, list []migration) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, create)
		return err
	}); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var newest int
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known := knownVersion(list); newest > known {
		return fmt.Errorf("database schema version %d is newer than this bantin knows (%d)", newest, known)
	}
	for _, m := range list {
		if err := s.applyMigration(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// foreignKeysOff, as a migration's first line, runs it with foreign keys
// off: a migration that rebuilds a table other tables refer to drops the
// old one while the rows that refer to it are still there.
const foreignKeysOff = "-- bantin: foreign keys off\n"

// writeWithoutForeignKeys is write with the writer's foreign keys off
// (SQLite ignores the pragma inside a transaction, so it is set around
// one). fn checks them (checkForeignKeys) before it returns.
func (s *Store) writeWithoutForeignKeys(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.takeWriter(ctx); err != nil {
		return err
	}
	defer s.releaseWriter()
	if _, err := s.wconn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("foreign keys off: %w", err)
	}
	err := s.transact(ctx, fn)
	if _, onErr := s.wconn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); onErr != nil && err == nil {
		err = fmt.Errorf("foreign keys on: %w", onErr)
	}
	return err
}

// checkForeignKeys fails if any row refers to one that is not there.
func checkForeignKeys(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	var first []string
	broken := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("check foreign keys: %w", err)
		}
		if broken++; len(first) < 3 {
			first = append(first, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	if broken > 0 {
		return fmt.Errorf("check foreign keys: broken references: %d (%s)", broken, strings.Join(first, "; "))
	}
	return nil
}

func knownVersion(list []migration) int {
	if len(list) == 0 {
		return 0
	}
	return list[len(list)-1].version
}

// applyMigration checks again inside the write transaction whether m is
// applied, since another process may have applied it since we looked.
func (s *Store) applyMigration(ctx context.Context, m migration) error {
	applied := false
	fkOff := strings.HasPrefix(m.sql, foreignKeysOff)
	write := s.write
	if fkOff {
		write = s.writeWithoutForeignKeys
	}
	err := write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		if fkOff {
			// Only when it ran: the check reads every row that refers
			// to another, seconds at a million items, at every start.
			if err := checkForeignKeys(ctx, tx); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, toDB(s.now()))
		applied = err == nil
		return err
	})
	if err != nil {
		return fmt.Errorf("apply migration %s: %w", m.name, err)
	}
	if applied {
		s.log.Info("migration applied", "migration", m.name)
	}
	return nil
}
