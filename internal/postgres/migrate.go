package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The schema, as SQL files named NNNN_what.sql: NNNN is the version, and
// the files apply in that order. A released file is never edited; a change
// is a new file.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the key of the advisory lock that Open holds while it
// migrates, so that processes starting together apply each file once.
// Advisory locks are per database; the value is "liaison" in ASCII.
const migrationLock = 0x6c69616973_6f6e

// migration is one schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the embedded migrations in version order.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive version and _", base)
		}
		b, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations embedded")
	}
	return ms, nil
}

// migrate applies the migrations that the database has not recorded, all
// in one transaction (PostgreSQL's DDL is transactional, so a failure or a
// crash leaves the schema as it was). The transaction first takes an
// advisory lock: a second process opening the database at the same time
// waits, then finds the migrations recorded. It refuses a database written
// by a newer binary, whose schema this one does not know.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(t pgx.Tx) error {
		if _, err := t.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return wrap("lock for migrations", err)
		}
		if _, err := t.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY,
			name    text NOT NULL,
			applied timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return wrap("create schema_migrations", err)
		}
		var done []int
		rows, err := t.Query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			return wrap("read schema version", err)
		}
		if done, err = pgx.CollectRows(rows, pgx.RowTo[int]); err != nil {
			return wrap("read schema version", err)
		}
		if known := ms[len(ms)-1].version; len(done) > 0 && done[len(done)-1] > known {
			return fmt.Errorf("the database is at schema version %d, newer than this binary's %d", done[len(done)-1], known)
		}
		for _, m := range ms {
			if slices.Contains(done, m.version) {
				continue
			}
			// No arguments: the simple protocol, which runs a file of
			// several statements.
			if _, err := t.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := t.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
}
