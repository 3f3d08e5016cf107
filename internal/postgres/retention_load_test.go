package postgres_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestLoadRetention moves tombstones, holds and recalls from SQLite to
// PostgreSQL: a purged message stays purged, a held one held, and the
// originator still follows its recalls.
func TestLoadRetention(t *testing.T) {
	src, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	h := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs}
	c := &liaison.Case{ID: "c-1", Title: "Case", CrimeArea: liaison.AreaDrugs, Parties: []string{"in", "ca"},
		Origin: "in", ArrangementID: "arr", Handling: h, Created: loadAt(1)}
	msg := func(id string, inbound bool) *liaison.Message {
		m := &liaison.Message{ID: id, CaseID: c.ID, Subject: "s", Body: "b", Handling: h, Entities: []liaison.Entity{},
			From: liaison.Sender{Party: "in"}, Created: loadAt(2), State: liaison.StateQueued}
		if inbound {
			m.Inbound, m.State, m.From.Party, m.Received = true, liaison.StateDelivered, "ca", ptr(loadAt(3))
		}
		return m
	}
	held, gone := msg("m-held", true), msg("m-gone", false)
	tomb := &liaison.Tombstone{ObjectID: gone.ID, Kind: liaison.KindMessage, CaseID: c.ID, Created: gone.Created,
		Purged: loadAt(5), Reason: "recalled by in: wrong desk", By: "o-in-0"}
	hold := &liaison.Hold{MessageID: held.ID, Reason: "exhibit 7", OfficerID: "o-in-1", At: loadAt(4)}
	rec := &liaison.Recall{MessageID: gone.ID, Party: "ca", State: liaison.CopyKept, Reason: "on legal hold",
		OfficerID: "o-in-0", Requested: loadAt(5), At: loadAt(6)}
	mustUpdate(t, src, func(tx liaison.Tx) error {
		for _, step := range []func() error{
			func() error { return tx.CreateCase(c) },
			func() error { return tx.CreateMessage(held) },
			func() error { return tx.CreateMessage(gone) },
			func() error { return tx.PutHold(hold) },
			func() error { return tx.PurgeMessage(tomb) },
			func() error { return tx.PutRecall(rec) },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	dst := mustOpen(t, pgtest.NewDatabase(t))
	counts, err := dst.Load(t.Context(), src.Dump(t.Context()))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if counts["tombstones"] != 1 || counts["holds"] != 1 || counts["recalls"] != 1 {
		t.Errorf("Load counts = %v, want one tombstone, hold and recall", counts)
	}
	got, err := dst.Tombstone(t.Context(), gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tomb, got); d != "" {
		t.Errorf("tombstone (-want +got):\n%s", d)
	}
	rs, err := dst.Recalls(t.Context(), gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]liaison.Recall{*rec}, rs); d != "" {
		t.Errorf("recalls (-want +got):\n%s", d)
	}
	mustUpdate(t, dst, func(tx liaison.Tx) error {
		gh, err := tx.Hold(held.ID)
		if err != nil {
			return err
		}
		if d := cmp.Diff(hold, gh); d != "" {
			t.Errorf("hold (-want +got):\n%s", d)
		}
		return nil
	})
}
