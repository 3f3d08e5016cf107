package postgres_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/postgres"
	"github.com/liaison-project/liaison/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) liaison.Store {
		return mustOpen(t, pgtest.NewDatabase(t))
	})
}

// mustOpen opens the store at dsn and closes it when the test ends.
func mustOpen(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// rawDB connects to the database with no store around it, to look at what
// is stored.
func rawDB(tb testing.TB, dsn string) *pgx.Conn {
	tb.Helper()
	c, err := pgx.Connect(tb.Context(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close(context.Background()) })
	return c
}

var now = time.Date(2026, 11, 22, 10, 0, 0, 123456000, time.UTC)

func TestReopen(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	c := &liaison.Case{ID: "c1", Title: "t", CrimeArea: liaison.AreaCyber, Parties: []string{"ca", "in"}, Origin: "ca", Created: now}
	err = s.Update(t.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "in"}, Added: now}); err != nil {
			return err
		}
		if err := tx.CreateCase(c); err != nil {
			return err
		}
		for range 2 {
			if err := tx.Enqueue(&liaison.OutboxItem{Peer: "in", Kind: liaison.KindCase, ObjectID: "c1", Payload: []byte("{}"), Created: now}); err != nil {
				return err
			}
		}
		return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Action: "case.create", Object: "c1"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The node restarts on the same database and goes on where it was.
	s = mustOpen(t, dsn)
	got, err := s.Case(t.Context(), "c1")
	if err != nil {
		t.Fatalf("Case after reopen: %v", err)
	}
	if got.Title != c.Title || !got.Created.Equal(now) || got.Created.Location() != time.UTC {
		t.Errorf("Case after reopen = %+v, want %+v", got, c)
	}
	err = s.Update(t.Context(), func(tx liaison.Tx) error {
		it := &liaison.OutboxItem{Peer: "in", Kind: liaison.KindCase, ObjectID: "c1", Payload: []byte("{}"), Created: now}
		if err := tx.Enqueue(it); err != nil {
			return err
		}
		if it.Seq != 3 {
			t.Errorf("Enqueue after reopen: seq %d, want 3", it.Seq)
		}
		e := &liaison.AuditEntry{Time: now, Party: "ca", Action: "case.read", Object: "c1"}
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		if e.Index != 2 {
			t.Errorf("AppendAudit after reopen: index %d, want 2", e.Index)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrations(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	for range 3 {
		s, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	got := migrationsRecorded(t, dsn)
	if len(got) == 0 || got[0] != "0001_init.sql" {
		t.Errorf("schema_migrations = %v, want 0001_init.sql first, each once", got)
	}
	seen := make(map[string]bool)
	for _, n := range got {
		if seen[n] {
			t.Errorf("migration %s recorded twice", n)
		}
		seen[n] = true
	}
}

// TestMigrationsRace opens one new database from several stores at once,
// as processes starting together do: each file applies once, and every
// Open succeeds.
func TestMigrationsRace(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	const n = 6
	errs := make(chan error, n)
	for range n {
		go func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	files, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	if got := migrationsRecorded(t, dsn); len(got) != len(files) {
		t.Errorf("schema_migrations = %v, want each of the %d migrations once", got, len(files))
	}
}

func migrationsRecorded(t *testing.T, dsn string) []string {
	t.Helper()
	rows, err := rawDB(t, dsn).Query(t.Context(), `SELECT name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMigrationsNewer(t *testing.T) {
	// A database written by a newer binary is refused, not misread.
	dsn := pgtest.NewDatabase(t)
	mustOpen(t, dsn)
	if _, err := rawDB(t, dsn).Exec(t.Context(), `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	if s, err := postgres.Open(t.Context(), dsn); err == nil {
		s.Close()
		t.Fatal("Open(schema from the future) = nil error")
	}
}

func TestAuditAppendOnly(t *testing.T) {
	// The log's rows cannot be changed or deleted, even with SQL.
	dsn := pgtest.NewDatabase(t)
	s := mustOpen(t, dsn)
	err := s.Update(t.Context(), func(tx liaison.Tx) error {
		return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Action: "login"})
	})
	if err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, dsn)
	for _, q := range []string{
		`UPDATE audit SET action = 'nothing'`,
		`DELETE FROM audit`,
		`TRUNCATE audit`,
		`DELETE FROM audit_head`,
	} {
		if _, err := db.Exec(t.Context(), q); err == nil {
			t.Errorf("%s: nil error", q)
		}
	}
	es, err := s.AuditEntries(t.Context(), 0, 10)
	if err != nil || len(es) != 1 || es[0].Action != "login" {
		t.Errorf("AuditEntries after attempts to change the log = %+v, %v; want the one entry", es, err)
	}
}

func TestClosed(t *testing.T) {
	s, err := postgres.Open(t.Context(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	err = s.Update(t.Context(), func(tx liaison.Tx) error { return nil })
	if code := liaison.ErrorCode(err); code != liaison.EUNAVAILABLE {
		t.Errorf("Update after Close: %v (code %q), want %s", err, code, liaison.EUNAVAILABLE)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close again: %v", err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	// Nothing listens on port 1 of the loopback address.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://liaison:secret-password@127.0.0.1:1/liaison?sslmode=disable&connect_timeout=5")
	if code := liaison.ErrorCode(err); code != liaison.EUNAVAILABLE {
		t.Errorf("Open(unreachable) = %v (code %q), want %s", err, code, liaison.EUNAVAILABLE)
	}
	if err != nil && (strings.Contains(err.Error(), "secret-password") || strings.Contains(liaison.ErrorMessage(err), "secret-password")) {
		t.Errorf("Open(unreachable) error shows the password: %v", err)
	}
}

// TestRefusedValues: values PostgreSQL refuses (text holding a NUL byte, a
// state the schema does not allow) are EINVALID, and the message an officer
// sees names the operation, never SQL or the server's words.
func TestRefusedValues(t *testing.T) {
	s := mustOpen(t, pgtest.NewDatabase(t))
	c := &liaison.Case{ID: "c1", Title: "t", CrimeArea: liaison.AreaCyber, Parties: []string{"ca"}, Origin: "ca", Created: now}
	if err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateCase(c) }); err != nil {
		t.Fatal(err)
	}
	for name, fn := range map[string]func(liaison.Tx) error{
		"NUL in body": func(tx liaison.Tx) error {
			return tx.CreateMessage(&liaison.Message{ID: "m1", CaseID: "c1", Body: "a\x00b", State: liaison.StateQueued, Created: now})
		},
		"unknown state": func(tx liaison.Tx) error {
			if err := tx.CreateMessage(&liaison.Message{ID: "m2", CaseID: "c1", State: liaison.StateQueued, Created: now}); err != nil {
				return err
			}
			return tx.SetMessageState("m2", "lost")
		},
	} {
		err := s.Update(t.Context(), fn)
		if code := liaison.ErrorCode(err); code != liaison.EINVALID {
			t.Errorf("%s: %v (code %q), want %s", name, err, code, liaison.EINVALID)
		}
		msg := liaison.ErrorMessage(err)
		for _, leak := range []string{"INSERT", "UPDATE", "messages", "SQLSTATE", "violates"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: message %q shows %q", name, msg, leak)
			}
		}
	}
}
