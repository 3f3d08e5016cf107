package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

// testAuditTree checks that the store keeps each entry's leaf hash and the
// tree in step with the entries, through rolled-back appends too.
func testAuditTree(t *testing.T, open Open) {
	s := open(t)
	tree, err := s.AuditTree(t.Context())
	wantNoError(t, "AuditTree", err)
	if tree.Size != 0 || tree.Root() != (liaison.AuditTree{}).Root() {
		t.Errorf("AuditTree of an empty log = size %d root %x, want the empty tree", tree.Size, tree.Root())
	}

	var want liaison.AuditTree
	var leaves []liaison.AuditHash
	for n := 1; n <= 13; n++ {
		mustUpdate(t, s, func(tx liaison.Tx) error {
			e := newEntry(n)
			if err := tx.AppendAudit(e); err != nil {
				return err
			}
			leaf, _ := liaison.AuditLeafHash(e, nil)
			leaves = append(leaves, leaf)
			want.Append(leaf)
			return nil
		})
		if n == 7 {
			// A rolled-back append leaves the tree as it was.
			err := s.Update(t.Context(), func(tx liaison.Tx) error {
				if err := tx.AppendAudit(newEntry(99)); err != nil {
					return err
				}
				return errRollback
			})
			if err == nil {
				t.Fatal("Update: nil error, want the function's")
			}
		}
		got, err := s.AuditTree(t.Context())
		wantNoError(t, "AuditTree", err)
		if got.Size != want.Size || got.Root() != want.Root() {
			t.Fatalf("after %d appends: AuditTree = size %d root %x, want size %d root %x", n, got.Size, got.Root(), want.Size, want.Root())
		}
	}

	// The leaf hashes are those of the entries as read back.
	es, err := s.AuditEntries(t.Context(), 0, 100)
	wantNoError(t, "AuditEntries", err)
	got, err := s.AuditLeaves(t.Context(), 0, 13)
	wantNoError(t, "AuditLeaves", err)
	diff(t, "AuditLeaves(0, 13)", got, leaves)
	for i := range es {
		if h, _ := liaison.AuditLeafHash(&es[i], nil); h != leaves[i] {
			t.Errorf("entry %d read back hashes to %x, want the stored leaf %x", es[i].Index, h, leaves[i])
		}
	}
	got, err = s.AuditLeaves(t.Context(), 4, 9)
	wantNoError(t, "AuditLeaves", err)
	diff(t, "AuditLeaves(4, 9)", got, leaves[4:9])
	got, err = s.AuditLeaves(t.Context(), 13, 13)
	wantNoError(t, "AuditLeaves", err)
	if len(got) != 0 {
		t.Errorf("AuditLeaves(13, 13) = %d hashes, want none", len(got))
	}
	_, err = s.AuditLeaves(t.Context(), 10, 14)
	wantCode(t, "AuditLeaves past the log", err, liaison.EINVALID)
	_, err = s.AuditLeaves(t.Context(), 5, 4)
	wantCode(t, "AuditLeaves out of order", err, liaison.EINVALID)
}

func testCheckpoints(t *testing.T, open Open) {
	s := open(t)
	cp := func(party string, size int64, root byte, n int) *liaison.AuditCheckpoint {
		return &liaison.AuditCheckpoint{Party: party, Size: size, Root: liaison.AuditHash{root},
			Note: []byte("note " + party), Received: at(n)}
	}
	got, err := s.Checkpoints(t.Context(), "ca", 10)
	wantNoError(t, "Checkpoints", err)
	if len(got) != 0 {
		t.Errorf("Checkpoints of an empty store = %v, want none", got)
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for _, c := range []*liaison.AuditCheckpoint{cp("ca", 3, 1, 1), cp("ca", 10, 2, 2), cp("ca", 7, 3, 3), cp("in", 5, 4, 4)} {
			if err := tx.PutCheckpoint(c); err != nil {
				return err
			}
		}
		// The same again changes nothing, not even the note.
		c := cp("ca", 3, 1, 9)
		c.Note = []byte("another note")
		return tx.PutCheckpoint(c)
	})
	got, err = s.Checkpoints(t.Context(), "ca", 10)
	wantNoError(t, "Checkpoints", err)
	diff(t, "Checkpoints(ca)", got, []liaison.AuditCheckpoint{*cp("ca", 10, 2, 2), *cp("ca", 7, 3, 3), *cp("ca", 3, 1, 1)})
	got, err = s.Checkpoints(t.Context(), "ca", 1)
	wantNoError(t, "Checkpoints", err)
	diff(t, "Checkpoints(ca, 1)", got, []liaison.AuditCheckpoint{*cp("ca", 10, 2, 2)})

	// Another root for a size held is a fork.
	err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PutCheckpoint(cp("ca", 7, 9, 5)) })
	wantCode(t, "PutCheckpoint of a fork", err, liaison.ECONFLICT)
}

func testAuditAlarm(t *testing.T, open Open) {
	s := open(t)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.PutPeer(newPeer("in")); err != nil {
			return err
		}
		if err := tx.PutCheckpoint(&liaison.AuditCheckpoint{Party: "in", Size: 42, Note: []byte("n"), Received: at(1)}); err != nil {
			return err
		}
		return tx.SetAuditAlarm("in", at(2), "fork at size 42")
	})
	links, err := s.Links(t.Context())
	wantNoError(t, "Links", err)
	if len(links) != 1 || links[0].AuditAlarm != "fork at size 42" || links[0].AuditAlarmAt == nil ||
		!links[0].AuditAlarmAt.Equal(at(2)) || links[0].AuditSize != 42 {
		t.Fatalf("Links = %+v, want the alarm at %v and audit size 42", links, at(2))
	}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.SetAuditAlarm("in", at(3), "") })
	links, err = s.Links(t.Context())
	wantNoError(t, "Links", err)
	if links[0].AuditAlarm != "" || links[0].AuditAlarmAt != nil {
		t.Errorf("Links after clearing = alarm %q at %v, want none", links[0].AuditAlarm, links[0].AuditAlarmAt)
	}
	err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.SetAuditAlarm("zz", at(3), "x") })
	wantCode(t, "SetAuditAlarm of an unknown peer", err, liaison.ENOTFOUND)
}
