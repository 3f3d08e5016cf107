package storetest

import (
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

func newEntry(n int) *liaison.AuditEntry {
	return &liaison.AuditEntry{
		Time:        at(n),
		Party:       "ca",
		Agency:      "rcmp",
		Officer:     id(kindOfficer, 1),
		Action:      "message.send",
		Object:      id(kindMessage, n),
		Decision:    "allow",
		Reasons:     []string{"crime area drugs is in the arrangement's scope", fmt.Sprintf("reason %d", n)},
		ContentHash: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

func testAudit(t *testing.T, open Open) {
	s := open(t)
	var want []liaison.AuditEntry
	for n := 1; n <= 3; n++ {
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for range 2 {
				e := newEntry(len(want) + 1)
				if n == 3 {
					e.Reasons, e.Agency, e.Decision = nil, "", "" // optional fields
				}
				if err := tx.AppendAudit(e); err != nil {
					return err
				}
				if e.Index != int64(len(want)+1) {
					t.Errorf("AppendAudit: index %d, want %d", e.Index, len(want)+1)
				}
				want = append(want, *e)
			}
			return nil
		})
	}
	got, err := s.AuditEntries(t.Context(), 0, 100)
	wantNoError(t, "AuditEntries", err)
	diff(t, "AuditEntries(0, 100)", got, want)
	got, err = s.AuditEntries(t.Context(), 2, 3)
	wantNoError(t, "AuditEntries", err)
	diff(t, "AuditEntries(2, 3)", got, want[2:5])
	got, err = s.AuditEntries(t.Context(), 6, 10)
	wantNoError(t, "AuditEntries", err)
	if len(got) != 0 {
		t.Errorf("AuditEntries(6, 10) = %v, want none", got)
	}

	// A failed Update takes no index: the log has no gaps.
	err = s.Update(t.Context(), func(tx liaison.Tx) error {
		if err := tx.AppendAudit(newEntry(99)); err != nil {
			return err
		}
		return errRollback
	})
	if err == nil {
		t.Fatal("Update: nil error, want the function's")
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		e := newEntry(7)
		if err := tx.AppendAudit(e); err != nil {
			return err
		}
		if e.Index != 7 {
			t.Errorf("AppendAudit after a rolled back entry: index %d, want 7", e.Index)
		}
		return nil
	})
}
