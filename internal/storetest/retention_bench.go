package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

// benchPurge is the purge job's work on a store: per op, find 500
// expired messages and, in one transaction, purge each (delete, tombstone,
// outbox payload rewritten) and audit it. The 500 messages are stored
// outside the timer.
func benchPurge(b *testing.B, s liaison.Store, caseID string) {
	const batch = 500
	f := liaison.ExpiryFilter{Kind: liaison.KindMessage, Today: "2026-11-23", Limit: batch}
	n := 0
	for b.Loop() {
		b.StopTimer()
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for range batch {
				m := benchMessage(caseID)
				m.Handling.RetainUntil = "2026-11-22"
				if err := benchSend(tx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		es, err := s.Expired(b.Context(), f)
		if err != nil {
			b.Fatal(err)
		}
		if len(es) != batch {
			b.Fatalf("Expired found %d, want %d", len(es), batch)
		}
		err = s.Update(b.Context(), func(tx liaison.Tx) error {
			for _, e := range es {
				t := &liaison.Tombstone{ObjectID: e.ID, Kind: e.Kind, CaseID: e.CaseID, Created: e.Created,
					Purged: benchNow, Reason: "retention passed: retain until 2026-11-22", By: liaison.PurgedByRetention}
				if err := tx.PurgeMessage(t); err != nil {
					return err
				}
			}
			for _, e := range es {
				if err := tx.AppendAudit(benchEntry("message.purge", e.ID)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		n += batch
	}
	rate(b, n, "msgs/s")
}
