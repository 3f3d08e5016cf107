package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"time"

	"github.com/liaison-project/liaison/internal/postgres"
	"github.com/liaison-project/liaison/internal/snapshot"
	"github.com/liaison-project/liaison/internal/sqlite"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate", "--from DIR --to DSN",
		"Move the node in DIR from its SQLite store to the PostgreSQL database DSN, with all its\n"+
			"data and its audit log, then point DIR/liaison.toml at DSN. Stop liaison serve first.\n"+
			"The database must hold no node's data. Keys stay in DIR; the SQLite file stays as it\n"+
			"was, as a backup, and the old configuration is kept as DIR/liaison.toml.sqlite.")
	from := fs.String("from", "", "the node's directory; its store must be SQLite")
	to := fs.String("to", "", "the PostgreSQL database: postgres://user:password@host:port/database?sslmode=verify-full")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "from", *from, "to", *to); err != nil {
		return err
	}
	if !isPostgres(*to) {
		fmt.Fprintf(fs.Output(), "liaison migrate: --to must be a postgres:// or postgresql:// DSN\n")
		fs.Usage()
		return errUsage
	}
	m, err := newMigration(*from)
	if err != nil {
		return err
	}
	return m.run(ctx, *to, e.stderr)
}

// migration moves one node directory's store.
type migration struct {
	dir    string
	cfg    *Config
	path   string // the SQLite file
	backup string // where the old configuration goes
}

// newMigration checks that dir holds a node on SQLite that can move.
func newMigration(dir string) (*migration, error) {
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, err
	}
	if isPostgres(cfg.Store) {
		return nil, fmt.Errorf("the node in %s already keeps its store in PostgreSQL", dir)
	}
	m := &migration{dir: dir, cfg: cfg, path: cfg.storePath(dir), backup: filepath.Join(dir, configFile+".sqlite")}
	if _, err := os.Stat(m.backup); err == nil {
		return nil, fmt.Errorf("%s exists, from an earlier migration; move it away first", m.backup)
	}
	// sqlite.Open would create a missing file, and move an empty node.
	if _, err := os.Stat(m.path); err != nil {
		return nil, fmt.Errorf("the node's store: %w", err)
	}
	return m, nil
}

// run moves the store, checks the move, and points the configuration at
// the new store.
func (m *migration) run(ctx context.Context, dsn string, log io.Writer) error {
	began := time.Now()
	src, err := sqlite.Open(m.path)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer src.Close()
	links, err := holdLinks(ctx, src)
	if err != nil {
		return err
	}
	defer links.release()
	dst, err := postgres.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("open PostgreSQL store: %w", err)
	}
	defer dst.Close()

	version, err := src.DataVersion(ctx)
	if err != nil {
		return err
	}
	dumped := map[string]int64{}
	loaded, err := dst.Load(ctx, counted(src.Dump(ctx), dumped))
	if err != nil {
		return fmt.Errorf("copy to PostgreSQL (nothing was changed there): %w", err)
	}
	for _, t := range snapshot.Schema {
		if dumped[t.Name] != loaded[t.Name] {
			return m.failed(fmt.Errorf("table %s: %d rows read, %d in PostgreSQL", t.Name, dumped[t.Name], loaded[t.Name]))
		}
	}
	copied := time.Since(began)
	v, err := verify(ctx, src, dst)
	if err != nil {
		return m.failed(err)
	}
	v.took = time.Since(began) - copied
	// A node started during the move would have written to the SQLite
	// file what PostgreSQL does not hold.
	if now, err := src.DataVersion(ctx); err != nil {
		return m.failed(err)
	} else if now != version {
		return m.failed(fmt.Errorf("another process wrote to %s during the move; stop liaison serve", m.path))
	}
	links.release()
	if err := src.Close(); err != nil {
		return m.failed(err)
	}
	if err := m.repoint(dsn); err != nil {
		return fmt.Errorf("the data is in PostgreSQL and checked, but %w; set store in %s to the DSN by hand",
			err, filepath.Join(m.dir, configFile))
	}
	m.summary(log, loaded, v, time.Since(began))
	return nil
}

// failed explains that the data copied to PostgreSQL cannot be trusted.
func (m *migration) failed(err error) error {
	return fmt.Errorf("%w\nthe copy in PostgreSQL does not match; %s still uses its SQLite store. Empty the database (DROP DATABASE, CREATE DATABASE) before trying again", err, m.dir)
}

// counted passes chunks on, adding up the rows of each table in n.
func counted(chunks iter.Seq2[snapshot.Chunk, error], n map[string]int64) iter.Seq2[snapshot.Chunk, error] {
	return func(yield func(snapshot.Chunk, error) bool) {
		for c, err := range chunks {
			if err == nil {
				n[c.Table] += int64(len(c.Rows))
			}
			if !yield(c, err) {
				return
			}
		}
	}
}

// summary tells the administrator what moved and where things are now.
func (m *migration) summary(w io.Writer, rows map[string]int64, v verified, took time.Duration) {
	fmt.Fprintf(w, "moved node %s (%s) from %s to PostgreSQL in %s; rows per table:\n",
		m.cfg.Party, m.cfg.Name, m.path, took.Round(time.Millisecond))
	for _, t := range snapshot.Schema {
		fmt.Fprintf(w, "  %-14s %9d\n", t.Name, rows[t.Name])
	}
	fmt.Fprintf(w, "checked through the store in %s: %d audit entries identical entry for entry, %d messages, %d cases\n",
		v.took.Round(time.Millisecond), v.audit, v.messages, v.cases)
	fmt.Fprintf(w, "%s now names the PostgreSQL store; the old configuration is %s\n", filepath.Join(m.dir, configFile), m.backup)
	fmt.Fprintf(w, "%s was left in place, its data untouched, as a backup; the keys stay in %s\n", m.path, m.dir)
}
