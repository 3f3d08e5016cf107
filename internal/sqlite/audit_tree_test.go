package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestAuditCatchUp opens a log whose entries have no leaf hashes, as a
// database written before migration 0003 has: Open gives them their
// leaves and the tree.
func TestAuditCatchUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liaison.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var want liaison.AuditTree
	for n := range 5 {
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			e := &liaison.AuditEntry{Time: now.Add(time.Duration(n) * time.Second), Party: "ca", Action: "login"}
			if err := tx.AppendAudit(e); err != nil {
				return err
			}
			leaf, _ := liaison.AuditLeafHash(e, nil)
			want.Append(leaf)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Take the tree back to two entries, as if the last three had been
	// appended by a binary without the tree.
	db := rawDB(t, path)
	var l1, l2 []byte
	db.QueryRow(`SELECT hash FROM audit_leaves WHERE idx = 1`).Scan(&l1)
	db.QueryRow(`SELECT hash FROM audit_leaves WHERE idx = 2`).Scan(&l2)
	var two liaison.AuditTree
	two.Append(liaison.AuditHash(l1))
	two.Append(liaison.AuditHash(l2))
	for _, q := range []string{
		`DROP TRIGGER audit_leaves_no_delete`,
		`DELETE FROM audit_leaves WHERE idx > 2`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Exec(`UPDATE audit_tree SET size = 2, compact = ?`, two.MarshalRange()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s = mustOpen(t, path)
	got, err := s.AuditTree(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.Size != 5 || got.Root() != want.Root() {
		t.Errorf("AuditTree after Open = size %d root %x, want 5 %x", got.Size, got.Root(), want.Root())
	}
}
