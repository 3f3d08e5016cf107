package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func testDeliveries(t *testing.T, open Open) {
	s := open(t)
	c := seed(t, s)
	m := newMessage(1, c.ID)
	other := newMessage(2, c.ID)
	in := inbound(newMessage(3, c.ID), 1)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for _, m := range []*liaison.Message{m, other, in} {
			if err := tx.CreateMessage(m); err != nil {
				return err
			}
		}
		// Items of other kinds for the same object are not deliveries.
		caseItem := newItem("us", m.ID)
		caseItem.Kind = liaison.KindCase
		for _, it := range []*liaison.OutboxItem{caseItem, newItem("us", m.ID), newItem("in", m.ID), newItem("in", other.ID)} {
			if err := tx.Enqueue(it); err != nil {
				return err
			}
		}
		return nil
	})
	want := *m
	want.Deliveries = []liaison.Delivery{
		{Party: "in", Seq: 1, State: liaison.StateQueued},
		{Party: "us", Seq: 2, State: liaison.StateQueued},
	}
	got, err := s.Message(t.Context(), m.ID)
	wantNoError(t, "Message", err)
	diff(t, "Message after Enqueue", got, &want)

	mustUpdate(t, s, func(tx liaison.Tx) error {
		for _, r := range []*liaison.Receipt{
			{ID: "r1", Peer: "in", EnvelopeID: "e1", Body: []byte("{}"), Sig: []byte("sig"), Received: at(5)},
			{ID: "r2", Peer: "us", EnvelopeID: "e2", Body: []byte("{}"), Sig: []byte("sig"), Received: at(6)},
		} {
			if err := tx.PutReceipt(r); err != nil {
				return err
			}
		}
		if err := tx.Settle("in", 1, liaison.StateDelivered, "", "r1", at(5)); err != nil {
			return err
		}
		return tx.Settle("us", 2, liaison.StateRefused, "classification above the link's ceiling", "r2", at(6))
	})
	want.Deliveries = []liaison.Delivery{
		{Party: "in", Seq: 1, State: liaison.StateDelivered, At: ptr(at(5)), Receipt: "r1"},
		{Party: "us", Seq: 2, State: liaison.StateRefused, Reason: "classification above the link's ceiling", At: ptr(at(6)), Receipt: "r2"},
	}
	got, err = s.Message(t.Context(), m.ID)
	wantNoError(t, "Message", err)
	diff(t, "Message after Settle", got, &want)

	// Settling again changes nothing, whatever the new outcome.
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.Settle("in", 1, liaison.StateRefused, "late refusal", "r2", at(9)); err != nil {
			return err
		}
		return tx.Settle("in", 1, liaison.StateDelivered, "", "r1", at(9))
	})
	got, err = s.Message(t.Context(), m.ID)
	wantNoError(t, "Message", err)
	diff(t, "Message after a second Settle", got, &want)

	// Messages carries the deliveries of every message on the page.
	wantOther := *other
	wantOther.Deliveries = []liaison.Delivery{{Party: "in", Seq: 2, State: liaison.StateQueued}}
	ms, _, err := s.Messages(t.Context(), liaison.MessageFilter{})
	wantNoError(t, "Messages", err)
	diff(t, "Messages", ms, []liaison.Message{want, wantOther, *in})
}

func testOutbox(t *testing.T, open Open) {
	t.Run("Sequence", func(t *testing.T) {
		// Each peer's link numbers its own items: 1, 2, 3, ...
		s := open(t)
		seed(t, s)
		var gotIn, gotUS []int64
		for range 3 {
			mustUpdate(t, s, func(tx liaison.Tx) error {
				a, b := newItem("in", "x"), newItem("us", "x")
				if err := tx.Enqueue(a); err != nil {
					return err
				}
				gotIn = append(gotIn, a.Seq)
				if a.State != liaison.StateQueued {
					t.Errorf("Enqueue: item state %q, want queued", a.State)
				}
				if err := tx.Enqueue(b); err != nil {
					return err
				}
				gotUS = append(gotUS, b.Seq)
				return nil
			})
		}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			a := newItem("in", "x")
			if err := tx.Enqueue(a); err != nil {
				return err
			}
			gotIn = append(gotIn, a.Seq)
			return nil
		})
		diff(t, "sequences to in", gotIn, []int64{1, 2, 3, 4})
		diff(t, "sequences to us", gotUS, []int64{1, 2, 3})
	})
	t.Run("List", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		var items []liaison.OutboxItem
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for n := range 5 {
				it := newItem("in", id(kindMessage, n))
				it.Created = at(n)
				if n == 2 {
					it.Kind = liaison.KindDirectory
					it.ArrangementID = ""
				}
				if err := tx.Enqueue(it); err != nil {
					return err
				}
				items = append(items, *it)
			}
			return tx.Enqueue(newItem("us", "y"))
		})
		got, err := s.Outbox(t.Context(), "in", 10)
		wantNoError(t, "Outbox", err)
		diff(t, "Outbox", got, items)
		got, err = s.Outbox(t.Context(), "in", 2)
		wantNoError(t, "Outbox(limit 2)", err)
		diff(t, "Outbox(limit 2)", got, items[:2])

		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.Settle("in", 1, liaison.StateDelivered, "", "", at(10)); err != nil {
				return err
			}
			return tx.Settle("in", 3, liaison.StateRefused, "no", "", at(10))
		})
		got, err = s.Outbox(t.Context(), "in", 10)
		wantNoError(t, "Outbox", err)
		diff(t, "Outbox after Settle", got, []liaison.OutboxItem{items[1], items[3], items[4]})

		got, err = s.Outbox(t.Context(), "xx", 10)
		wantNoError(t, "Outbox(unknown peer)", err)
		if len(got) != 0 {
			t.Errorf("Outbox(unknown peer) = %v, want none", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.Enqueue(newItem("xx", "x")) })
		wantCode(t, "Enqueue(unknown peer)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.Settle("in", 1, liaison.StateDelivered, "", "", now)
		})
		wantCode(t, "Settle(no such item)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		// An item settles as delivered or refused, nothing else.
		s := open(t)
		seed(t, s)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.Enqueue(newItem("in", "x")) })
		for _, st := range []liaison.MessageState{liaison.StateQueued, liaison.StateRead, "lost"} {
			err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.Settle("in", 1, st, "", "", now) })
			wantCode(t, "Settle(state "+string(st)+")", err, liaison.EINVALID)
		}
	})
}

func testReceipt(t *testing.T, open Open) {
	s := open(t)
	seed(t, s)
	r := &liaison.Receipt{ID: "r1", Peer: "in", EnvelopeID: "e1", Body: []byte(`{"stored":[1,2],"refused":[]}`), Sig: []byte{0, 1, 2, 255}, Received: now}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutReceipt(r) })
	got, err := s.Receipt(t.Context(), "r1")
	wantNoError(t, "Receipt", err)
	diff(t, "Receipt", got, r)

	_, err = s.Receipt(t.Context(), "r2")
	wantCode(t, "Receipt(missing)", err, liaison.ENOTFOUND)
	err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PutReceipt(r) })
	wantCode(t, "PutReceipt(same id)", err, liaison.ECONFLICT)
}

func testTake(t *testing.T, open Open) {
	s := open(t)
	seed(t, s)
	item := func(seq int64) *liaison.InboundItem {
		return &liaison.InboundItem{Peer: "in", Seq: seq, EnvelopeID: "e1", Kind: liaison.KindMessage, ObjectID: id(kindMessage, int(seq)), Status: liaison.InboundStored, Received: now}
	}
	take := func(it *liaison.InboundItem) (dup bool, err error) {
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			dup, err = tx.Take(it)
			return err
		})
		return dup, err
	}
	lastIn := func() int64 {
		links, err := s.Links(t.Context())
		wantNoError(t, "Links", err)
		return links[0].LastInSeq
	}

	if dup, err := take(item(1)); err != nil || dup {
		t.Fatalf("Take(1) = %v, %v; want false, nil", dup, err)
	}
	if got := lastIn(); got != 1 {
		t.Errorf("LastInSeq after Take(1) = %d, want 1", got)
	}
	if dup, err := take(item(1)); err != nil || !dup {
		t.Errorf("Take(1) again = %v, %v; want true, nil", dup, err)
	}
	refused := item(2)
	refused.Status, refused.Reason = liaison.InboundRefused, "arrangement not applied"
	if dup, err := take(refused); err != nil || dup {
		t.Errorf("Take(2, refused) = %v, %v; want false, nil", dup, err)
	}
	_, err := take(item(4))
	wantCode(t, "Take(4) after 2", err, liaison.ECONFLICT)
	if got := lastIn(); got != 2 {
		t.Errorf("LastInSeq after a gap = %d, want 2", got)
	}
	if dup, err := take(item(1)); err != nil || !dup {
		t.Errorf("Take(1) after 2 = %v, %v; want true, nil", dup, err)
	}
	if dup, err := take(item(3)); err != nil || dup {
		t.Errorf("Take(3) = %v, %v; want false, nil", dup, err)
	}

	// Links of other peers are independent.
	other := item(1)
	other.Peer = "us"
	if dup, err := take(other); err != nil || dup {
		t.Errorf("Take(us 1) = %v, %v; want false, nil", dup, err)
	}
	other.Peer = "xx"
	_, err = take(other)
	wantCode(t, "Take(unknown peer)", err, liaison.ENOTFOUND)
}
