package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func testRetention(t *testing.T, open Open) {
	t.Run("PurgeMessage", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m, other := newMessage(1, c.ID), newMessage(2, c.ID)
		queued, delivered := newItem("in", m.ID), newItem("us", m.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, it := range []*liaison.OutboxItem{queued, delivered} {
				if err := tx.Enqueue(it); err != nil {
					return err
				}
			}
			if err := tx.CreateMessage(m); err != nil {
				return err
			}
			if err := tx.CreateMessage(other); err != nil {
				return err
			}
			return tx.Settle("us", delivered.Seq, liaison.StateDelivered, "", "r1", at(1))
		})
		_, err := s.Tombstone(t.Context(), m.ID)
		wantCode(t, "Tombstone(not purged)", err, liaison.ENOTFOUND)

		ts := &liaison.Tombstone{ObjectID: m.ID, Kind: liaison.KindMessage, CaseID: c.ID, Created: m.Created,
			Purged: at(10), Reason: "retention passed: retain until 2026-11-21", By: liaison.PurgedByRetention}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PurgeMessage(ts); err != nil {
				return err
			}
			got, err := tx.Tombstone(m.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Tombstone", got, ts)
			return nil
		})
		got, err := s.Tombstone(t.Context(), m.ID)
		wantNoError(t, "Tombstone", err)
		diff(t, "Tombstone", got, ts)
		_, err = s.Message(t.Context(), m.ID)
		wantCode(t, "Message(purged)", err, liaison.ENOTFOUND)
		ms, _, err := s.Messages(t.Context(), liaison.MessageFilter{})
		wantNoError(t, "Messages", err)
		if len(ms) != 1 || ms[0].ID != other.ID {
			t.Errorf("Messages after purge = %v, want only %s", ms, other.ID)
		}
		// The queued item now carries the tombstone, as a purged item.
		items, err := s.Outbox(t.Context(), "in", 10)
		wantNoError(t, "Outbox", err)
		if len(items) != 1 || items[0].Kind != liaison.KindPurged || items[0].Seq != queued.Seq {
			t.Fatalf("Outbox after purge = %+v, want one purged item", items)
		}
		var carried liaison.Tombstone
		if err := json.Unmarshal(items[0].Payload, &carried); err != nil {
			t.Fatalf("purged item payload %q: %v", items[0].Payload, err)
		}
		diff(t, "purged item payload", &carried, ts)
		if strings.Contains(string(items[0].Payload), "Container") {
			t.Errorf("purged item payload %q keeps content", items[0].Payload)
		}

		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PurgeMessage(ts) })
		wantCode(t, "PurgeMessage(again)", err, liaison.ENOTFOUND)
	})
	t.Run("Hold", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m := inbound(newMessage(1, c.ID), 1)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateMessage(m) })
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Hold(m.ID)
			return err
		})
		wantCode(t, "Hold(none)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.PutHold(&liaison.Hold{MessageID: id(kindMessage, 99), Reason: "x", OfficerID: "o", At: now})
		})
		wantCode(t, "PutHold(missing message)", err, liaison.ENOTFOUND)
		h := &liaison.Hold{MessageID: m.ID, Reason: "exhibit 7", OfficerID: id(kindOfficer, 1), At: at(1)}
		h2 := &liaison.Hold{MessageID: m.ID, Reason: "exhibit 7 and 8", OfficerID: id(kindOfficer, 2), At: at(2)}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutHold(h); err != nil {
				return err
			}
			return tx.PutHold(h2) // replaces
		})
		mustUpdate(t, s, func(tx liaison.Tx) error {
			got, err := tx.Hold(m.ID)
			if err != nil {
				return err
			}
			diff(t, "Hold", got, h2)
			return nil
		})
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.PurgeMessage(&liaison.Tombstone{ObjectID: m.ID, Kind: liaison.KindMessage, CaseID: c.ID, Created: now, Purged: at(3), Reason: "r", By: "x"})
		})
		wantCode(t, "PurgeMessage(held)", err, liaison.ECONFLICT)
		_, err = s.Message(t.Context(), m.ID)
		wantNoError(t, "Message(held)", err)
	})
	t.Run("PurgeCase", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m := newMessage(1, c.ID)
		item := newItem("in", c.ID)
		item.Kind = liaison.KindCase
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.Enqueue(item); err != nil {
				return err
			}
			return tx.CreateMessage(m)
		})
		tc := &liaison.Tombstone{ObjectID: c.ID, Kind: liaison.KindCase, CaseID: c.ID, Created: c.Created, Purged: at(5), Reason: "retention passed", By: liaison.PurgedByRetention}
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PurgeCase(tc) })
		wantCode(t, "PurgeCase(with a message)", err, liaison.ECONFLICT)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PurgeMessage(&liaison.Tombstone{ObjectID: m.ID, Kind: liaison.KindMessage, CaseID: c.ID, Created: now, Purged: at(4), Reason: "r", By: "x"}); err != nil {
				return err
			}
			return tx.PurgeCase(tc)
		})
		_, err = s.Case(t.Context(), c.ID)
		wantCode(t, "Case(purged)", err, liaison.ENOTFOUND)
		got, err := s.Tombstone(t.Context(), c.ID)
		wantNoError(t, "Tombstone(case)", err)
		diff(t, "Tombstone(case)", got, tc)
		cs, _, err := s.Cases(t.Context(), liaison.CaseFilter{})
		wantNoError(t, "Cases", err)
		if len(cs) != 0 {
			t.Errorf("Cases after purge = %v", cs)
		}
		items, err := s.Outbox(t.Context(), "in", 10)
		wantNoError(t, "Outbox", err)
		if len(items) != 1 || items[0].Kind != liaison.KindPurged || strings.Contains(string(items[0].Payload), "Fentanyl") {
			t.Errorf("Outbox after case purge = %+v", items)
		}
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PurgeCase(tc) })
		wantCode(t, "PurgeCase(again)", err, liaison.ENOTFOUND)
	})
	t.Run("Expired", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		dated := func(n int, until string, created time.Time) *liaison.Message {
			m := newMessage(n, c.ID)
			m.Handling.RetainUntil, m.Created = until, created
			return m
		}
		old := now.AddDate(-6, 0, 0)
		ms := []*liaison.Message{
			dated(1, "2026-11-21", now),             // expired by date
			dated(2, "2026-11-22", now),             // today: kept
			dated(3, "", old),                       // expired by default
			dated(4, "", now),                       // kept by default
			dated(5, "2040-01-01", old),             // the date overrides the default
			inbound(dated(6, "2020-01-01", old), 1), // held below
		}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, m := range ms {
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
			}
			return tx.PutHold(&liaison.Hold{MessageID: ms[5].ID, Reason: "evidence", OfficerID: "o", At: now})
		})
		f := liaison.ExpiryFilter{Kind: liaison.KindMessage, Today: "2026-11-22",
			Cutoffs: map[string]time.Time{arrangementID: now.AddDate(-5, 0, 0)}, Limit: 10}
		got, err := s.Expired(t.Context(), f)
		wantNoError(t, "Expired", err)
		want := []liaison.Expired{
			{Kind: liaison.KindMessage, ID: ms[2].ID, CaseID: c.ID, Created: old, ArrangementID: arrangementID},
			{Kind: liaison.KindMessage, ID: ms[0].ID, CaseID: c.ID, Created: now, RetainUntil: "2026-11-21", ArrangementID: arrangementID},
		}
		diff(t, "Expired(messages)", got, want)
		f.Limit = 1
		got, err = s.Expired(t.Context(), f)
		wantNoError(t, "Expired(limit 1)", err)
		diff(t, "Expired(limit 1)", got, want[:1])
		// An arrangement without a cutoff has no default expiry.
		f.Limit, f.Cutoffs = 10, nil
		got, err = s.Expired(t.Context(), f)
		wantNoError(t, "Expired(no cutoffs)", err)
		diff(t, "Expired(no cutoffs)", got, want[1:])

		// A case expires once it holds no message.
		f.Kind, f.Today = liaison.KindCase, "2031-11-23" // after the case's retain_until
		got, err = s.Expired(t.Context(), f)
		wantNoError(t, "Expired(cases)", err)
		if len(got) != 0 {
			t.Errorf("Expired(cases with messages) = %v, want none", got)
		}
		empty := newCase(2)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateCase(empty) })
		got, err = s.Expired(t.Context(), f)
		wantNoError(t, "Expired(cases)", err)
		diff(t, "Expired(cases)", got, []liaison.Expired{{Kind: liaison.KindCase, ID: empty.ID, CaseID: empty.ID, Created: now, RetainUntil: "2031-11-22", ArrangementID: arrangementID}})

		f.Kind = "request"
		_, err = s.Expired(t.Context(), f)
		wantCode(t, "Expired(unknown kind)", err, liaison.EINVALID)
	})
	t.Run("SetMessageHandling", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m := newMessage(1, c.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateMessage(m) })
		h := m.Handling
		h.TLP, h.Codes, h.RetainUntil = liaison.TLPGreen, nil, "2027-01-01"
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.SetMessageHandling(m.ID, h) })
		got, err := s.Message(t.Context(), m.ID)
		wantNoError(t, "Message", err)
		diff(t, "handling", got.Handling, h)
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.SetMessageHandling(id(kindMessage, 9), h) })
		wantCode(t, "SetMessageHandling(missing)", err, liaison.ENOTFOUND)
	})
	t.Run("Recalls", func(t *testing.T) {
		s := open(t)
		mid := id(kindMessage, 1)
		rs, err := s.Recalls(t.Context(), mid)
		wantNoError(t, "Recalls(none)", err)
		if len(rs) != 0 {
			t.Errorf("Recalls(none) = %v", rs)
		}
		us := &liaison.Recall{MessageID: mid, Party: "us", State: liaison.CopyRecallPending, Reason: "wrong desk", OfficerID: "o1", Requested: at(1), At: at(1)}
		in := &liaison.Recall{MessageID: mid, Party: "in", State: liaison.CopyRecallPending, Reason: "wrong desk", OfficerID: "o1", Requested: at(1), At: at(1)}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutRecall(us); err != nil {
				return err
			}
			return tx.PutRecall(in)
		})
		answered := *in
		answered.State, answered.Reason, answered.At = liaison.CopyKept, "on legal hold", at(5)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutRecall(&answered); err != nil {
				return err
			}
			got, err := tx.Recalls(mid)
			if err != nil {
				return err
			}
			diff(t, "Tx.Recalls", got, []liaison.Recall{answered, *us})
			return nil
		})
		rs, err = s.Recalls(t.Context(), mid)
		wantNoError(t, "Recalls", err)
		diff(t, "Recalls", rs, []liaison.Recall{answered, *us})
		bad := *us
		bad.State = "lost"
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PutRecall(&bad) })
		wantCode(t, "PutRecall(bad state)", err, liaison.EINVALID)
	})
}
