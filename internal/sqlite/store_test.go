package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
	"github.com/liaison-project/liaison/internal/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) liaison.Store {
		return mustOpen(t, filepath.Join(t.TempDir(), "liaison.db"))
	})
}

// mustOpen opens the store at path and closes it when the test ends.
func mustOpen(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// rawDB opens the file with no store around it, to look at what is stored.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

var now = time.Date(2026, 11, 22, 10, 0, 0, 123456789, time.UTC)

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liaison.db")
	s, err := sqlite.Open(path)
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

	// The node restarts on the same file and goes on where it was.
	s = mustOpen(t, path)
	got, err := s.Case(t.Context(), "c1")
	if err != nil {
		t.Fatalf("Case after reopen: %v", err)
	}
	if got.Title != c.Title || !got.Created.Equal(now) {
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
	path := filepath.Join(t.TempDir(), "liaison.db")
	for range 3 {
		s, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	db := rawDB(t, path)
	rows, err := db.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var (
			v    int
			name string
		)
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
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

func TestMigrationsNewer(t *testing.T) {
	// A file written by a newer binary is refused, not misread.
	path := filepath.Join(t.TempDir(), "liaison.db")
	s := mustOpen(t, path)
	s.Close()
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (9999, '9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(path); err == nil {
		s.Close()
		t.Fatal("Open(schema from the future) = nil error")
	}
}

func TestPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liaison.db")
	mustOpen(t, path)
	db := rawDB(t, path)
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestAuditAppendOnly(t *testing.T) {
	// The log's rows cannot be changed or deleted, even with SQL.
	path := filepath.Join(t.TempDir(), "liaison.db")
	s := mustOpen(t, path)
	err := s.Update(t.Context(), func(tx liaison.Tx) error {
		return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Action: "login"})
	})
	if err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	if _, err := db.Exec(`UPDATE audit SET action = 'nothing'`); err == nil {
		t.Error("UPDATE audit: nil error")
	}
	if _, err := db.Exec(`DELETE FROM audit`); err == nil {
		t.Error("DELETE FROM audit: nil error")
	}
}

func TestClosed(t *testing.T) {
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
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
}
