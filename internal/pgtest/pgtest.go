// Package pgtest starts a real PostgreSQL server from the machine's
// binaries for tests, and gives each test a fresh database on it. Only
// tests import it.
//
// One server serves a whole test binary; a TestMain starts it on first use
// and stops it at the end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
//	func TestSomething(t *testing.T) {
//		dsn := pgtest.NewDatabase(t) // an empty database of its own
//		...
//	}
//
// # Where the server comes from
//
// initdb, pg_ctl and postgres are looked up on PATH, then under
// /usr/lib/postgresql/*/bin (the highest version), as Debian installs them.
// When there are none, NewDatabase skips the test, unless the environment
// variable LIAISON_REQUIRE_POSTGRES is 1 (CI sets it), when it fails.
//
// The server runs from a temporary directory, listening on a free port of
// 127.0.0.1 and on a Unix socket in that directory, with trust
// authentication for the role liaison, UTF-8 and the C locale. fsync stays
// on: the tests exercise the durability the store promises. PostgreSQL
// refuses to run as root; as root, the server runs as the user postgres,
// or nobody when there is no postgres user, and owns its directory.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// RequireEnv is the environment variable that, set to 1, turns a missing
// PostgreSQL into a test failure instead of a skip.
const RequireEnv = "LIAISON_REQUIRE_POSTGRES"

// role is the superuser initdb creates; tests connect as it.
const role = "liaison"

// server is the test binary's PostgreSQL, started by the first NewDatabase.
var server struct {
	mu      sync.Mutex
	main    bool      // Main is running the tests
	started bool      // start was tried; err or s holds its outcome
	err     error     // why the server could not start
	missing bool      // err is: the binaries are not installed
	s       *Server   // the running server
	admin   *pgx.Conn // connection to the postgres database, for CREATE DATABASE
	n       int       // databases created
}

// Main runs the tests of m and then stops the server, if one was started,
// and removes its directory. It returns the exit code for os.Exit.
func Main(m *testing.M) int {
	server.mu.Lock()
	server.main = true
	server.mu.Unlock()
	code := m.Run()
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.admin != nil {
		server.admin.Close(context.Background())
	}
	if server.s != nil {
		if err := server.s.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// NewDatabase creates an empty database on the test binary's server,
// starting the server first if needed, and returns its DSN. The database
// is dropped when the test ends. It skips the test when PostgreSQL is not
// installed (see the package documentation).
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	server.mu.Lock()
	defer server.mu.Unlock()
	if !server.main {
		tb.Fatal("pgtest: NewDatabase needs the test binary's TestMain to call pgtest.Main")
	}
	if !server.started {
		server.started = true
		server.s, server.err = Start()
		server.missing = errors.Is(server.err, ErrNotInstalled)
		if server.err == nil {
			server.admin, server.err = pgx.Connect(context.Background(), server.s.DSN("postgres"))
		}
	}
	if server.err != nil {
		skipOrFail(tb, server.missing, server.err)
	}
	server.n++
	name := fmt.Sprintf("t%d_%s", server.n, sanitize(tb.Name()))
	ctx := context.Background()
	// CREATE DATABASE copies template1, which is empty: each test starts
	// from nothing and the store under test applies its migrations.
	if _, err := server.admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		server.mu.Lock()
		defer server.mu.Unlock()
		// FORCE: a store the test left open does not keep the database.
		if _, err := server.admin.Exec(ctx, `DROP DATABASE `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return server.s.DSN(name)
}

// skipOrFail ends the test: a skip when PostgreSQL is missing, unless the
// environment requires it; a failure otherwise.
func skipOrFail(tb testing.TB, missing bool, err error) {
	tb.Helper()
	if !missing {
		tb.Fatalf("pgtest: %v", err)
	}
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("pgtest: %v, and %s=1 requires it", err, RequireEnv)
	}
	tb.Skipf("PostgreSQL binaries not found (install the postgresql package); set %s=1 to make this a failure", RequireEnv)
}

// sanitize turns a test name into something fit for a database name:
// lower-case letters, digits and underscores, short enough for PostgreSQL's
// 63-byte names with the prefix NewDatabase adds.
func sanitize(name string) string {
	b := []byte(strings.ToLower(name))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	if len(b) > 50 {
		b = b[len(b)-50:]
	}
	return string(b)
}
