package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/snapshot"
)

// TestDump reads a store out: every table of the snapshot, in order, even
// empty ones; values in their canonical types; a long table in chunks; no
// leases.
func TestDump(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "liaison.db"))
	const entries = 10003
	err := s.Update(t.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "in", SigningKey: []byte{}}, Added: now}); err != nil {
			return err
		}
		if err := tx.LinkAttempt("in", now, ""); err != nil {
			return err
		}
		for range entries {
			if err := tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Action: "test"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lease(t.Context(), "link/in", "serve/1", time.Minute); err != nil {
		t.Fatal(err)
	}

	var tables []string
	rows := map[string][][]any{}
	chunks := map[string]int{}
	for c, err := range s.Dump(t.Context()) {
		if err != nil {
			t.Fatalf("Dump: %v", err)
		}
		if len(tables) == 0 || tables[len(tables)-1] != c.Table {
			tables = append(tables, c.Table)
		}
		tab, _ := snapshot.Find(c.Table)
		if !slices.Equal(c.Columns, tab.ColumnNames()) {
			t.Errorf("table %s: columns %v, want %v", c.Table, c.Columns, tab.ColumnNames())
		}
		for _, r := range c.Rows {
			if err := tab.CheckRow(r); err != nil {
				t.Errorf("table %s: %v", c.Table, err)
			}
		}
		rows[c.Table] = append(rows[c.Table], c.Rows...)
		chunks[c.Table]++
	}
	var want []string
	for _, tab := range snapshot.Schema {
		want = append(want, tab.Name)
	}
	if !slices.Equal(tables, want) {
		t.Errorf("Dump tables %v, want %v", tables, want)
	}
	if n := len(rows["audit"]); n != entries || chunks["audit"] != 2 {
		t.Errorf("audit: %d rows in %d chunks, want %d in 2", n, chunks["audit"], entries)
	}
	if got := rows["audit"][entries-1][0]; got != int64(entries) {
		t.Errorf("last audit idx = %v, want %d", got, entries)
	}
	// peers: party, name, url, signing_key, hpke_key, cert_sha256, added.
	peer := rows["peers"][0]
	if b, ok := peer[3].([]byte); !ok || b == nil || peer[4] != nil || !peer[6].(time.Time).Equal(now) {
		t.Errorf("peer row = %#v, want an empty signing key, a NULL HPKE key and the time added", peer)
	}
	if link := rows["links"][0]; link[3] != true {
		t.Errorf("links.up = %#v, want true", link[3])
	}
}

// TestDumpHoldsWriter: no process writes to the file while a dump runs,
// and the store writes again once it ends, even when the reader stopped
// early.
func TestDumpHoldsWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liaison.db")
	s := mustOpen(t, path)
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	write := func() error {
		_, err := other.Exec(`INSERT INTO agencies (party, code, name) VALUES ('xx', ?, 'x')`, time.Now().String())
		return err
	}
	if err := write(); err != nil {
		t.Fatalf("write before the dump: %v", err)
	}
	for _, err := range s.Dump(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if err := write(); err == nil {
			t.Fatal("another connection wrote during the dump")
		}
		break
	}
	if err := write(); err != nil {
		t.Fatalf("write after the dump: %v", err)
	}
	if err := s.Update(t.Context(), func(tx liaison.Tx) error {
		return tx.PutAgency(liaison.Agency{Party: "in", Code: "ncb", Name: "NCB"})
	}); err != nil {
		t.Fatalf("Update after the dump: %v", err)
	}
}
