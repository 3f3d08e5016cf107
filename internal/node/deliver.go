package node

import (
	"context"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
)

// Pending returns up to limit queued items for peer, lowest sequence first.
// The federation link calls it; nothing is claimed, so a link that dies
// simply leaves the items for the next attempt.
func (n *Node) Pending(ctx context.Context, peer string, limit int) ([]liaison.OutboxItem, error) {
	return n.store.Outbox(ctx, peer, limit)
}

// LinkAttempt records the outcome of an attempt to reach peer; errText is
// empty on success.
func (n *Node) LinkAttempt(ctx context.Context, peer, errText string) error {
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		return tx.LinkAttempt(peer, n.clock(), errText)
	})
}

// Settle applies peer's verified receipt r: the receipt is kept as proof of
// delivery, each item it names is settled as delivered or refused, and the
// state of each message concerned follows. Settling again is harmless.
func (n *Node) Settle(ctx context.Context, peer string, r *liaison.Receipt, outcomes []liaison.InboundItem) error {
	r.Peer = peer
	r.Received = n.clock()
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		// The link first, the audit log last (see Transactions in the
		// package doc).
		if err := tx.LinkAttempt(peer, n.clock(), ""); err != nil {
			return err
		}
		if err := tx.PutReceipt(r); err != nil && liaison.ErrorCode(err) != liaison.ECONFLICT {
			return err
		}
		for _, o := range outcomes {
			state, reason := liaison.StateDelivered, ""
			if o.Status == liaison.InboundRefused {
				state, reason = liaison.StateRefused, o.Reason
				if err := tx.NoteRefusal(peer, n.clock(), peer+" refused "+refusalText(o)); err != nil {
					return err
				}
			}
			if err := tx.Settle(peer, o.Seq, state, reason, r.ID, n.clock()); err != nil {
				return err
			}
			if err := n.settleMessage(tx, peer, o, state); err != nil {
				return err
			}
			if o.Kind == liaison.KindRequest && state == liaison.StateRefused {
				if err := n.requestUndelivered(tx, peer, o); err != nil {
					return err
				}
			}
			if o.Kind == liaison.KindConsent && state == liaison.StateRefused {
				if err := n.consentUndelivered(tx, peer, o); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// settleMessage moves an outbound message to delivered once every party
// has stored it, or to refused once any party refused it.
func (n *Node) settleMessage(tx liaison.Tx, peer string, o liaison.InboundItem, state liaison.MessageState) error {
	m, err := tx.Message(o.ObjectID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND || (err == nil && m.Inbound) {
		return nil // a case, directory or read item, or not ours
	}
	if err != nil {
		return err
	}
	next := liaison.StateDelivered
	for _, d := range m.Deliveries {
		switch d.State {
		case liaison.StateRefused:
			next = liaison.StateRefused
		case liaison.StateQueued:
			if next != liaison.StateRefused {
				next = liaison.StateQueued
			}
		}
	}
	if m.State == liaison.StateRead && next == liaison.StateDelivered {
		return nil
	}
	if next == m.State {
		return nil
	}
	if err := tx.SetMessageState(m.ID, next); err != nil {
		return err
	}
	action := "message.delivered"
	var why []string
	if state == liaison.StateRefused {
		action, why = "message.refused", []string{peer + ": " + o.Reason}
	}
	return n.audit(tx, nil, action, m.ID, "", why, nil)
}

// refusalText names a refused item and why, for the link's last refusal:
// "seq 12 (message 0196...): reason".
func refusalText(o liaison.InboundItem) string {
	return "seq " + strconv.FormatInt(o.Seq, 10) + " (" + o.Kind + " " + o.ObjectID + "): " + o.Reason
}

// RefuseEnvelope records an envelope from peer that was refused before its
// items could be read (bad signature, garbage, wrong addressee): the link
// shows it and the audit log keeps it.
func (n *Node) RefuseEnvelope(ctx context.Context, peer, reason string) error {
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		if err := tx.NoteRefusal(peer, n.clock(), "refused envelope: "+reason); err != nil {
			return err
		}
		return n.audit(tx, nil, "envelope.refuse", peer, "deny", []string{reason}, nil)
	})
}

// Receipt returns a stored receipt: a peer's signed proof of delivery.
func (n *Node) Receipt(ctx context.Context, id string) (*liaison.Receipt, error) {
	return n.store.Receipt(ctx, id)
}

// Lease takes or renews a lease on a job for holder (see liaison.Store).
func (n *Node) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	return n.store.Lease(ctx, name, holder, ttl)
}

// Release gives up a lease.
func (n *Node) Release(ctx context.Context, name, holder string) error {
	return n.store.Release(ctx, name, holder)
}
