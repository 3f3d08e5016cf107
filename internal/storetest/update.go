package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/liaison-project/liaison"
)

func testUpdate(t *testing.T, open Open) {
	t.Run("Atomic", func(t *testing.T) {
		// Everything an Update wrote goes when its function fails.
		s := open(t)
		seed(t, s)
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			c := newCase(2)
			if err := tx.CreateCase(c); err != nil {
				return err
			}
			if err := tx.CreateMessage(newMessage(1, c.ID)); err != nil {
				return err
			}
			if err := tx.Enqueue(newItem("in", id(kindMessage, 1))); err != nil {
				return err
			}
			if _, err := tx.Take(&liaison.InboundItem{Peer: "in", Seq: 1, EnvelopeID: "e", Kind: liaison.KindMessage, ObjectID: "x", Status: liaison.InboundStored, Received: now}); err != nil {
				return err
			}
			if err := tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t")); err != nil {
				return err
			}
			if err := tx.PutPeer(newPeer("fr")); err != nil {
				return err
			}
			if err := tx.PutArrangement(newArrangement(1, now)); err != nil {
				return err
			}
			if err := tx.LinkAttempt("in", now, ""); err != nil {
				return err
			}
			if err := tx.AppendAudit(newEntry(1)); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("Update = %v, want the function's error", err)
		}
		checkEmpty(t, s)
	})
	t.Run("ErrorAfterConflict", func(t *testing.T) {
		// A failed write inside a function that goes on and fails still
		// leaves nothing, and the function sees the conflict.
		s := open(t)
		c := seed(t, s)
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			if err := tx.CreateMessage(newMessage(1, c.ID)); err != nil {
				return err
			}
			return tx.CreateCase(newCase(1))
		})
		wantCode(t, "Update(create an existing case)", err, liaison.ECONFLICT)
		_, err = s.Message(t.Context(), id(kindMessage, 1))
		wantCode(t, "Message(written before the conflict)", err, liaison.ENOTFOUND)
	})
	t.Run("GoOnAfterError", func(t *testing.T) {
		// The suite's choice: a Tx call that fails with ECONFLICT or
		// ENOTFOUND changes nothing and leaves the transaction usable, so
		// that a function may go on, as the node does when a receipt it
		// stores is one it already holds. (On PostgreSQL, any failed
		// statement ends the transaction: a store must not let these fail
		// in the database.)
		s := open(t)
		c := seed(t, s)
		r := &liaison.Receipt{ID: "r1", Peer: "in", EnvelopeID: "e1", Body: []byte("{}"), Sig: []byte("sig"), Received: now}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t1")); err != nil {
				return err
			}
			if err := tx.CreateMessage(newMessage(1, c.ID)); err != nil {
				return err
			}
			return tx.PutReceipt(r)
		})
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, f := range []struct {
				what string
				want string
				call func() error
			}{
				{"CreateCase(same id)", liaison.ECONFLICT, func() error { return tx.CreateCase(newCase(1)) }},
				{"CreateMessage(same id)", liaison.ECONFLICT, func() error { return tx.CreateMessage(newMessage(1, c.ID)) }},
				{"CreateMessage(unknown case)", liaison.ENOTFOUND, func() error { return tx.CreateMessage(newMessage(2, id(kindCase, 99))) }},
				{"CreateOfficer(same id)", liaison.ECONFLICT, func() error { return tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t2")) }},
				{"CreateOfficer(same token)", liaison.ECONFLICT, func() error { return tx.CreateOfficer(newOfficer(2, "ca"), tokenHash("t1")) }},
				{"PutReceipt(same id)", liaison.ECONFLICT, func() error { return tx.PutReceipt(r) }},
				{"PutReceipt(unknown peer)", liaison.ENOTFOUND, func() error {
					return tx.PutReceipt(&liaison.Receipt{ID: "r2", Peer: "xx", Body: []byte("{}"), Sig: []byte("sig"), Received: now})
				}},
				{"Enqueue(unknown peer)", liaison.ENOTFOUND, func() error { return tx.Enqueue(newItem("xx", "x")) }},
				{"Settle(no such item)", liaison.ENOTFOUND, func() error { return tx.Settle("in", 9, liaison.StateDelivered, "", "", now) }},
				{"SetMessageState(missing)", liaison.ENOTFOUND, func() error { return tx.SetMessageState(id(kindMessage, 9), liaison.StateRead) }},
				{"Take(gap)", liaison.ECONFLICT, func() error {
					_, err := tx.Take(&liaison.InboundItem{Peer: "in", Seq: 5, EnvelopeID: "e", Kind: liaison.KindMessage, ObjectID: "x", Status: liaison.InboundStored, Received: now})
					return err
				}},
				{"LinkAttempt(unknown peer)", liaison.ENOTFOUND, func() error { return tx.LinkAttempt("xx", now, "") }},
			} {
				wantCode(t, f.what, f.call(), f.want)
			}
			return tx.CreateCase(newCase(2))
		})
		if _, err := s.Case(t.Context(), id(kindCase, 2)); err != nil {
			t.Errorf("Case written after the failed calls: %v", err)
		}
		got, err := s.Receipt(t.Context(), "r1")
		wantNoError(t, "Receipt", err)
		diff(t, "Receipt after PutReceipt(same id)", got, r)
		if _, err := s.Officer(t.Context(), id(kindOfficer, 2)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("officer with a taken token was stored (err %v)", err)
		}
	})
	t.Run("Panic", func(t *testing.T) {
		// A panicking function leaves nothing, and the store goes on.
		s := open(t)
		seed(t, s)
		func() {
			defer func() {
				if recover() == nil {
					t.Error("Update did not pass the panic on")
				}
			}()
			s.Update(t.Context(), func(tx liaison.Tx) error {
				if err := tx.CreateCase(newCase(2)); err != nil {
					return err
				}
				panic("storetest: boom")
			})
		}()
		_, err := s.Case(t.Context(), id(kindCase, 2))
		wantCode(t, "Case(written before the panic)", err, liaison.ENOTFOUND)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateCase(newCase(3)) })
	})
	t.Run("Canceled", func(t *testing.T) {
		s := open(t)
		cctx, cancel := context.WithCancel(t.Context())
		cancel()
		called := false
		err := s.Update(cctx, func(tx liaison.Tx) error {
			called = true
			return tx.CreateCase(newCase(1))
		})
		if err == nil {
			t.Errorf("Update(canceled context) = nil, want an error")
		}
		if _, err := s.Case(t.Context(), id(kindCase, 1)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("Update(canceled context) stored the case (called %v, err %v)", called, err)
		}
	})
	t.Run("TxAfterUpdate", func(t *testing.T) {
		// A Tx kept past its function fails instead of writing outside
		// any transaction.
		s := open(t)
		var kept liaison.Tx
		mustUpdate(t, s, func(tx liaison.Tx) error {
			kept = tx
			return nil
		})
		if err := kept.CreateCase(newCase(1)); err == nil {
			t.Error("CreateCase on a Tx after Update returned: nil error")
		}
		if _, err := s.Case(t.Context(), id(kindCase, 1)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("a Tx used after Update stored a case (err %v)", err)
		}
	})
}

// checkEmpty fails the test unless s holds nothing but what seed stored.
func checkEmpty(t *testing.T, s liaison.Store) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.Case(ctx, id(kindCase, 2)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("Case after rollback: err %v, want ENOTFOUND", err)
	}
	if _, err := s.Message(ctx, id(kindMessage, 1)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("Message after rollback: err %v, want ENOTFOUND", err)
	}
	if _, err := s.Officer(ctx, id(kindOfficer, 1)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("Officer after rollback: err %v, want ENOTFOUND", err)
	}
	if _, err := s.Peer(ctx, "fr"); liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("Peer after rollback: err %v, want ENOTFOUND", err)
	}
	if as, err := s.Arrangements(ctx); err != nil || len(as) != 0 {
		t.Errorf("Arrangements after rollback = %d, %v; want none", len(as), err)
	}
	if es, err := s.AuditEntries(ctx, 0, 10); err != nil || len(es) != 0 {
		t.Errorf("AuditEntries after rollback = %d, %v; want none", len(es), err)
	}
	if items, err := s.Outbox(ctx, "in", 10); err != nil || len(items) != 0 {
		t.Errorf("Outbox after rollback = %d, %v; want none", len(items), err)
	}
	links, err := s.Links(ctx)
	wantNoError(t, "Links", err)
	diff(t, "Links after rollback", links, []liaison.Link{{Party: "in", NextSeq: 1}, {Party: "us", NextSeq: 1}})
}
