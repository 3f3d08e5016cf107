package sqlite

import (
	"os"
	"path/filepath"
	"testing"
)

// TestConnections checks the settings durability and safety rest on, on
// the connections the store really uses.
func TestConnections(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL: a commit is on disk when it returns
		{"foreign_keys", "1"},
		{"busy_timeout", "10000"},
		{"query_only", "0"},
	} {
		var got string
		if err := s.wc.QueryRowContext(t.Context(), "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("writer: PRAGMA %s = %s, want %s", c.pragma, got, c.want)
		}
	}
	var qo string
	if err := s.rdb.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&qo); err != nil {
		t.Fatal(err)
	}
	if qo != "1" {
		t.Errorf("reader: PRAGMA query_only = %s, want 1", qo)
	}
	if _, err := s.rdb.ExecContext(t.Context(), "DELETE FROM cases"); err == nil {
		t.Error("reader: DELETE succeeded, want a read-only error")
	}
}

// TestPath opens files whose names hold characters a URI gives meaning to.
func TestPath(t *testing.T) {
	for _, name := range []string{"a?b.db", "a#b.db", "a%20b.db", "a b.db"} {
		path := filepath.Join(t.TempDir(), name)
		s, err := Open(path)
		if err != nil {
			t.Errorf("Open(%q): %v", name, err)
			continue
		}
		s.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("Open(%q) did not create the file named: %v", name, err)
		}
	}
}

// TestFileMode checks that a new store file is readable by its owner only:
// it holds token hashes and case content.
func TestFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liaison.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s mode = %o, want 600", filepath.Base(p), m)
		}
	}
}
