package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func testPeer(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		in, us := newPeer("in"), newPeer("us")
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutPeer(us); err != nil {
				return err
			}
			if err := tx.PutPeer(in); err != nil {
				return err
			}
			got, err := tx.Peer("in")
			if err != nil {
				return err
			}
			diff(t, "Tx.Peer", got, in)
			all, err := tx.Peers()
			if err != nil {
				return err
			}
			diff(t, "Tx.Peers", all, []liaison.Peer{*in, *us})
			return nil
		})
		got, err := s.Peer(t.Context(), "in")
		wantNoError(t, "Peer", err)
		diff(t, "Peer", got, in)
		peers, err := s.Peers(t.Context())
		wantNoError(t, "Peers", err)
		diff(t, "Peers", peers, []liaison.Peer{*in, *us})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Peer(t.Context(), "in")
		wantCode(t, "Peer(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Peer("in")
			return err
		})
		wantCode(t, "Tx.Peer(missing)", err, liaison.ENOTFOUND)
		peers, err := s.Peers(t.Context())
		wantNoError(t, "Peers", err)
		if len(peers) != 0 {
			t.Errorf("Peers of an empty store = %v, want none", peers)
		}
	})
	t.Run("Replace", func(t *testing.T) {
		// Replacing a peer (a new card: rotated keys, new URL) keeps its
		// link: the sequences go on where they were.
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutPeer(newPeer("in")); err != nil {
				return err
			}
			if _, err := tx.Take(&liaison.InboundItem{Peer: "in", Seq: 1, EnvelopeID: "e1", Kind: liaison.KindMessage, ObjectID: "x", Status: liaison.InboundStored, Received: now}); err != nil {
				return err
			}
			return tx.Enqueue(newItem("in", "m1"))
		})
		rotated := newPeer("in")
		rotated.FederationURL = "https://liaison2.in.example:8443"
		rotated.SigningKey = []byte("a new signing key")
		rotated.Added = at(60)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutPeer(rotated) })

		got, err := s.Peer(t.Context(), "in")
		wantNoError(t, "Peer", err)
		diff(t, "Peer after replace", got, rotated)
		links, err := s.Links(t.Context())
		wantNoError(t, "Links", err)
		diff(t, "Links after replace", links, []liaison.Link{{Party: "in", Queued: 1, NextSeq: 2, LastInSeq: 1}})
		item := newItem("in", "m2")
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.Enqueue(item) })
		if item.Seq != 2 {
			t.Errorf("Enqueue after replace: seq %d, want 2", item.Seq)
		}
	})
}

func testLink(t *testing.T, open Open) {
	t.Run("New", func(t *testing.T) {
		s := open(t)
		links, err := s.Links(t.Context())
		wantNoError(t, "Links(empty store)", err)
		if len(links) != 0 {
			t.Errorf("Links of an empty store = %v, want none", links)
		}
		seed(t, s)
		links, err = s.Links(t.Context())
		wantNoError(t, "Links", err)
		diff(t, "Links of new peers", links, []liaison.Link{{Party: "in", NextSeq: 1}, {Party: "us", NextSeq: 1}})
	})
	t.Run("Attempts", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for range 3 {
				if err := tx.Enqueue(newItem("in", "m")); err != nil {
					return err
				}
			}
			return tx.LinkAttempt("in", at(1), "dial tcp: connection refused")
		})
		links, err := s.Links(t.Context())
		wantNoError(t, "Links", err)
		diff(t, "Links after a failed attempt", links, []liaison.Link{
			{Party: "in", Up: false, Queued: 3, NextSeq: 4, LastAttempt: ptr(at(1)), LastError: "dial tcp: connection refused", LastErrorAt: ptr(at(1))},
			{Party: "us", NextSeq: 1},
		})

		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.Settle("in", 1, liaison.StateDelivered, "", "", at(2)); err != nil {
				return err
			}
			if err := tx.LinkAttempt("in", at(2), ""); err != nil {
				return err
			}
			return tx.NoteRefusal("in", at(3), "item 2: arrangement not applied")
		})
		links, err = s.Links(t.Context())
		wantNoError(t, "Links", err)
		// The suite's choice: the last error stays on show after the link
		// recovers; Up tells whether the last attempt succeeded.
		diff(t, "Links after a successful attempt", links, []liaison.Link{
			{
				Party: "in", Up: true, Queued: 2, NextSeq: 4,
				LastDelivery: ptr(at(2)), LastAttempt: ptr(at(2)),
				LastError: "dial tcp: connection refused", LastErrorAt: ptr(at(1)),
				LastRefusal: "item 2: arrangement not applied", LastRefusalAt: ptr(at(3)),
			},
			{Party: "us", NextSeq: 1},
		})

		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.LinkAttempt("in", at(4), "tls: bad certificate") })
		links, err = s.Links(t.Context())
		wantNoError(t, "Links", err)
		if l := links[0]; l.Up || l.LastError != "tls: bad certificate" || !l.LastErrorAt.Equal(at(4)) || !l.LastDelivery.Equal(at(2)) {
			t.Errorf("Links after another failure = %+v, want down since %v, last delivery %v", l, at(4), at(2))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.LinkAttempt("xx", now, "") })
		wantCode(t, "LinkAttempt(unknown peer)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.NoteRefusal("xx", now, "no") })
		wantCode(t, "NoteRefusal(unknown peer)", err, liaison.ENOTFOUND)
	})
}
