// Package sqlite is the [liaison.Store] on SQLite, the embedded default: one
// file, no server, no C toolchain (the driver is modernc.org/sqlite, SQLite
// translated to Go).
//
// # Connections
//
// The database runs in WAL mode with synchronous=FULL, so a commit is on
// disk before [Store.Update] returns, and readers never wait for the writer.
// One connection writes; every write goes through it inside BEGIN IMMEDIATE,
// so writers queue in Go instead of failing with SQLITE_BUSY. A pool of
// query_only connections serves the read methods.
//
// # Group commit
//
// A durable commit costs an fsync. When Update calls arrive faster than the
// disk syncs, the calls waiting for the writer join the transaction that is
// already open, each inside its own savepoint, and one COMMIT makes the whole
// group durable. A call whose function fails rolls back to its savepoint and
// leaves the others untouched; a call returns only after the commit that
// holds its writes, so each Update is still atomic and durable on its own.
//
// # Schema
//
// Migrations are the SQL files in migrations/, embedded in the binary and
// applied in order by [Open]; schema_migrations records which ones ran.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/liaison-project/liaison"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

var _ liaison.Store = (*Store)(nil)

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// held by another process (a backup, the sqlite3 shell) before failing.
const busyTimeout = 10000

// Store is a Liaison store in one SQLite file. It is safe for concurrent
// use; Close it when done.
type Store struct {
	path string

	wdb *sql.DB   // at most one connection: the writer
	wc  *sql.Conn // that connection, held for the Store's life
	w   *handle   // statements prepared on wc
	g   group     // the group commit state; guarded by g.mu

	rdb *sql.DB // the reader pool
	r   *handle // statements prepared on rdb
}

// Open opens the store in the SQLite file at path, creating the file if
// it is missing, and applies the migrations it has not seen yet.
func Open(path string) (*Store, error) {
	ctx := context.Background()
	s := &Store{path: path}

	// The file holds token hashes and case content: create it readable by
	// its owner only. SQLite gives the -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()

	// _txlock=immediate makes every database/sql transaction on the writer
	// (the migrations) take the write lock at BEGIN, so a second process
	// opening the same file waits instead of failing halfway.
	wdb, err := sql.Open("sqlite", dsn(path,
		"_txlock=immediate",
		"_pragma=busy_timeout("+fmt.Sprint(busyTimeout)+")",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_pragma=foreign_keys(1)",
	))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	wdb.SetConnMaxIdleTime(0)
	s.wdb = wdb

	if s.wc, err = wdb.Conn(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(ctx, s.wc); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s.w = newHandle(s.wc)

	rdb, err := sql.Open("sqlite", dsn(path,
		"_pragma=busy_timeout("+fmt.Sprint(busyTimeout)+")",
		"_pragma=foreign_keys(1)",
		"_pragma=query_only(1)",
	))
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	s.rdb = rdb
	s.r = newHandle(rdb)
	if err := rdb.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.catchUpAudit(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// dsn builds the driver's name for the file at path with the given query
// parameters. A file: URI is used so that SQLite, not the driver, parses the
// path; the characters a URI gives meaning to are escaped.
func dsn(path string, params ...string) string {
	// An absolute, clean path never starts with "//", which a URI would
	// read as a host.
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	return "file:" + esc + "?" + strings.Join(params, "&")
}

// Close closes the store. A group of Update calls in progress commits
// first; Update calls after Close fail with EUNAVAILABLE. Closing again
// does nothing.
func (s *Store) Close() error {
	s.g.mu.Lock()
	defer s.g.mu.Unlock()
	if s.g.closed {
		return nil
	}
	s.g.closed = true
	if s.g.open != nil {
		s.finish(s.g.open)
	}
	var errs []error
	if s.w != nil {
		s.w.close()
	}
	if s.r != nil {
		s.r.close()
	}
	if s.wc != nil {
		errs = append(errs, s.wc.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}
