package sqlite_test

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestAuditCatchUp opens logs whose last entries have no leaf hashes. A
// database written before migration 0003 (an empty tree) gets its leaves on
// Open; entries beyond a tree that has grown are left unhashed, so that no
// Open blesses rows added outside Liaison.
func TestAuditCatchUp(t *testing.T) {
	for _, tt := range []struct {
		name     string
		keep     int64 // leaves left in the tree before reopening
		wantSize int64
	}{
		// A database written before migration 0003: no leaves at all.
		{"BeforeTree", 0, 5},
		// Rows added beyond a grown tree were not appended by Liaison:
		// Open must not bless them; audit verify names them.
		{"RowsAddedOutside", 2, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "liaison.db")
			s, err := sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var want, kept liaison.AuditTree
			for n := range 5 {
				err := s.Update(t.Context(), func(tx liaison.Tx) error {
					e := &liaison.AuditEntry{Time: now.Add(time.Duration(n) * time.Second), Party: "ca", Action: "login"}
					if err := tx.AppendAudit(e); err != nil {
						return err
					}
					leaf, _ := liaison.AuditLeafHash(e, nil)
					want.Append(leaf)
					if int64(n) < tt.keep {
						kept.Append(leaf)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			db := rawDB(t, path)
			for _, q := range []string{
				`DROP TRIGGER audit_leaves_no_delete`,
				`DELETE FROM audit_leaves WHERE idx > ` + strconv.FormatInt(tt.keep, 10),
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if _, err := db.Exec(`UPDATE audit_tree SET size = ?, compact = ?`, tt.keep, kept.MarshalRange()); err != nil {
				t.Fatal(err)
			}
			db.Close()

			s = mustOpen(t, path)
			got, err := s.AuditTree(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			wantRoot := want.Root()
			if tt.wantSize != 5 {
				wantRoot = kept.Root()
			}
			if got.Size != tt.wantSize || got.Root() != wantRoot {
				t.Errorf("AuditTree after Open = size %d root %x, want %d %x", got.Size, got.Root(), tt.wantSize, wantRoot)
			}
		})
	}
}
