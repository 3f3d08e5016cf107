package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Recall: the originating side of a message asks every party it sent the
// message to to purge it. Each receiver decides under its own law: it
// purges the message, or keeps it (on legal hold as evidence) and says
// why. The answer travels back, and the originator sees per party who
// still holds a copy.

// RecallInput is what an officer gives to recall a message.
type RecallInput struct {
	Reason string `json:"reason"`
	// PurgeLocal also purges this node's own copy; by default the
	// originator keeps its record.
	PurgeLocal bool `json:"purge_local,omitempty"`
}

// HoldInput is what a supervisor gives to put a message on legal hold.
type HoldInput struct {
	Reason string `json:"reason"`
}

// recallNotice is the body of a recall item.
type recallNotice struct {
	Message string    `json:"message"`
	Reason  string    `json:"reason"`
	Time    time.Time `json:"time"`
}

// recallAnswer is the body of a recall-answer item.
type recallAnswer struct {
	Message string    `json:"message"`
	State   string    `json:"state"` // liaison.CopyPurged or liaison.CopyKept
	Reason  string    `json:"reason"`
	Time    time.Time `json:"time"`
}

// checkReason validates a free-text reason.
func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var f liaison.Fields
	switch {
	case reason == "":
		f.Add("reason", "required")
	case len(reason) > MaxReason:
		f.Add("reason", "longer than 1000 bytes")
	case !utf8.ValidString(reason):
		f.Add("reason", "not valid UTF-8")
	}
	return reason, f.Err()
}

// Recall recalls a message this node sent from every party that holds a
// copy and was not asked already, in one transaction with the audit
// entry, and returns where each copy stands. EFORBIDDEN (audited) unless
// the actor is the author or a supervisor of this node; ECONFLICT when
// every copy is recalled already.
func (n *Node) Recall(ctx context.Context, actor *liaison.Officer, id string, in RecallInput) ([]liaison.Copy, error) {
	reason, err := checkReason(in.Reason)
	if err != nil {
		return nil, err
	}
	m, err := n.store.Message(ctx, id)
	if err != nil {
		return nil, n.gone(ctx, id, err)
	}
	if d := guard.Recall(actor, n.party, m); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.recall", id, d)
	}
	c, err := n.store.Case(ctx, m.CaseID)
	if err != nil {
		return nil, err
	}
	rs, err := n.store.Recalls(ctx, id)
	if err != nil {
		return nil, err
	}
	var to []string
	for _, d := range m.Deliveries {
		i := slices.IndexFunc(rs, func(r liaison.Recall) bool { return r.Party == d.Party })
		if d.State == liaison.StateRefused || (i >= 0 && rs[i].State != liaison.CopyKept) {
			continue // never held, or recalled already
		}
		to = append(to, d.Party)
	}
	if len(to) == 0 {
		return nil, liaison.Errorf(liaison.ECONFLICT, "message %s is recalled already from every party that received it", id)
	}
	now := n.clock()
	body, err := json.Marshal(recallNotice{Message: id, Reason: reason, Time: now})
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		if _, err := n.enqueue(tx, queued, to, liaison.KindRecall, id, c.ArrangementID, body); err != nil {
			return err
		}
		for _, p := range to {
			r := &liaison.Recall{MessageID: id, Party: p, State: liaison.CopyRecallPending, Reason: reason, OfficerID: actor.ID, Requested: now, At: now}
			if err := tx.PutRecall(r); err != nil {
				return err
			}
		}
		why := []string{"recalled from " + strings.Join(to, ", ") + ": " + reason}
		if in.PurgeLocal {
			t := &liaison.Tombstone{ObjectID: id, Kind: liaison.KindMessage, CaseID: m.CaseID, Created: m.Created,
				Purged: now, Reason: "recalled by " + n.party + ": " + reason, By: actor.ID}
			if err := tx.PurgeMessage(t); err != nil {
				return err
			}
			if err := n.audit(tx, actor, "message.purge", id, "allow", []string{t.Reason}, nil); err != nil {
				return err
			}
		}
		return n.audit(tx, actor, "message.recall", id, "allow", why, body)
	})
	if err != nil {
		return nil, err
	}
	return n.copies(ctx, id, m)
}

// Copies returns, for a message this node sent, where the copy of each
// party that received it stands: held, recall_pending, purged or kept.
// The read is audited. It answers for a message purged here too, once
// recalled.
func (n *Node) Copies(ctx context.Context, actor *liaison.Officer, id string) ([]liaison.Copy, error) {
	m, err := n.store.Message(ctx, id)
	switch {
	case liaison.ErrorCode(err) == liaison.ENOTFOUND:
		m = nil
	case err != nil:
		return nil, err
	case m.Inbound:
		return nil, liaison.Errorf(liaison.EINVALID, "message %s was sent by %s, which alone knows who holds copies", id, m.From.Party)
	default:
		if d := n.readMessageGuard(ctx, actor, m); !d.Allow {
			return nil, n.refuse(ctx, actor, "message.copies", id, d)
		}
	}
	if m == nil && !actor.CanSend() {
		// Purged here: no handling left to decide on; the recall's
		// followers are those who may recall.
		return nil, n.refuse(ctx, actor, "message.copies", id, guard.Decision{Reasons: []string{"role " + string(actor.Role) + " does not follow recalls; liaison officers and supervisors do"}})
	}
	cs, err := n.copies(ctx, id, m)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 && m == nil {
		return nil, n.gone(ctx, id, liaison.Errorf(liaison.ENOTFOUND, "message %s not found", id))
	}
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "message.copies", id, "allow", nil, nil)
	}); err != nil {
		return nil, err
	}
	return cs, nil
}

// copies builds the state of each copy of message id from its deliveries
// (m, nil when purged here) and recalls.
func (n *Node) copies(ctx context.Context, id string, m *liaison.Message) ([]liaison.Copy, error) {
	rs, err := n.store.Recalls(ctx, id)
	if err != nil {
		return nil, err
	}
	cs := []liaison.Copy{}
	if m == nil {
		// Purged here: only the recalls remain.
		for _, r := range rs {
			cs = append(cs, liaison.Copy{Party: r.Party, State: r.State, Reason: r.Reason, At: &r.At})
		}
		return cs, nil
	}
	for _, d := range m.Deliveries {
		if d.State == liaison.StateRefused {
			continue // the party never held it
		}
		c := liaison.Copy{Party: d.Party, State: liaison.CopyHeld, At: d.At}
		if i := slices.IndexFunc(rs, func(r liaison.Recall) bool { return r.Party == d.Party }); i >= 0 {
			r := rs[i]
			c.State, c.Reason, c.At = r.State, r.Reason, &r.At
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// Hold puts a received message on legal hold: the purge job skips it and a
// recall is answered "kept" with the reason. EFORBIDDEN (audited) unless
// the actor is a supervisor of this node working in its crime area.
func (n *Node) Hold(ctx context.Context, actor *liaison.Officer, id string, in HoldInput) (*liaison.Hold, error) {
	reason, err := checkReason(in.Reason)
	if err != nil {
		return nil, err
	}
	m, err := n.store.Message(ctx, id)
	if err != nil {
		return nil, n.gone(ctx, id, err)
	}
	if d := guard.Hold(actor, n.party, m); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.hold", id, d)
	}
	h := &liaison.Hold{MessageID: id, Reason: reason, OfficerID: actor.ID, At: n.clock()}
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		if err := tx.PutHold(h); err != nil {
			return err
		}
		return n.audit(tx, actor, "message.hold", id, "allow", []string{reason}, nil)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// checkRecall checks a recall from peer. The message is purged unless it
// is on legal hold; either way the answer is queued back to peer in the
// same transaction. A recall from a party other than the message's
// originator is refused.
func (n *Node) checkRecall(tx liaison.Tx, queued map[string]bool, peer string, a *liaison.Arrangement, it Incoming) (func() error, error) {
	var r recallNotice
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	if r.Message != it.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "recall of message %q differs from item id %q", r.Message, it.ID)
	}
	if r.Reason == "" || len(r.Reason) > 2*MaxReason {
		return nil, liaison.Errorf(liaison.EINVALID, "recall of message %s: reason empty or too long", r.Message)
	}
	answer := recallAnswer{Message: r.Message, State: liaison.CopyPurged, Time: n.clock()}
	m, err := tx.Message(r.Message)
	switch {
	case liaison.ErrorCode(err) == liaison.ENOTFOUND:
		// Purged already (by retention, or the item never arrived whole):
		// nothing is held, which is what the originator asks.
		if t, err := tx.Tombstone(r.Message); err == nil {
			answer.Reason = "purged already on " + t.Purged.Format(time.DateOnly) + ": " + t.Reason
		} else {
			answer.Reason = "not held by " + n.party
		}
		return n.answerRecall(tx, queued, peer, a, answer, nil), nil
	case err != nil:
		return nil, err
	}
	if d := guard.FromOriginator(peer, m, "recall"); !d.Allow {
		return nil, d.Err() // not peer's to recall: refused, not answered
	}
	hold, err := tx.Hold(m.ID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		hold = nil
	} else if err != nil {
		return nil, err
	}
	if d := guard.PurgeOnRecall(peer, m, hold, n.party, n.rules()); !d.Allow {
		answer.State, answer.Reason = liaison.CopyKept, strings.Join(d.Reasons, "; ")
		return n.answerRecall(tx, queued, peer, a, answer, nil), nil
	}
	t := &liaison.Tombstone{ObjectID: m.ID, Kind: liaison.KindMessage, CaseID: m.CaseID, Created: m.Created,
		Purged: answer.Time, Reason: "recalled by " + peer + ": " + r.Reason, By: liaison.PurgedByPeer + peer}
	answer.Reason = t.Reason
	return n.answerRecall(tx, queued, peer, a, answer, t), nil
}

// answerRecall returns the writes that answer a recall from peer: the
// answer queued first, then the purge (t nil keeps the message), then the
// audit entry.
func (n *Node) answerRecall(tx liaison.Tx, queued map[string]bool, peer string, a *liaison.Arrangement, answer recallAnswer, t *liaison.Tombstone) func() error {
	return func() error {
		body, err := json.Marshal(answer)
		if err != nil {
			return err
		}
		if _, err := n.enqueue(tx, queued, []string{peer}, liaison.KindRecallAnswer, answer.Message, a.ID, body); err != nil {
			return err
		}
		if t == nil {
			if answer.State == liaison.CopyKept {
				return n.audit(tx, nil, "message.keep", answer.Message, "deny", []string{"recall by " + peer + " refused: " + answer.Reason}, nil)
			}
			return nil
		}
		if err := tx.PurgeMessage(t); err != nil {
			return err
		}
		return n.audit(tx, nil, "message.purge", t.ObjectID, "allow", []string{t.Reason}, nil)
	}
}

// checkRecallAnswer checks peer's answer to a recall this node sent.
func (n *Node) checkRecallAnswer(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var r recallAnswer
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	switch {
	case r.Message != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "recall answer for message %q differs from item id %q", r.Message, it.ID)
	case r.State != liaison.CopyPurged && r.State != liaison.CopyKept:
		return nil, liaison.Errorf(liaison.EINVALID, "recall answer for message %s: state %q, want purged or kept", r.Message, r.State)
	case len(r.Reason) > 4*MaxReason:
		return nil, liaison.Errorf(liaison.EINVALID, "recall answer for message %s: reason too long", r.Message)
	}
	rs, err := tx.Recalls(r.Message)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(rs, func(x liaison.Recall) bool { return x.Party == peer })
	if i < 0 {
		return nil, liaison.Errorf(liaison.EINVALID, "recall answer for message %s, which this node did not recall from %s", r.Message, peer)
	}
	rec := rs[i]
	return func() error {
		rec.State, rec.Reason, rec.At = r.State, r.Reason, n.clock()
		if err := tx.PutRecall(&rec); err != nil {
			return err
		}
		return n.audit(tx, nil, "message.recall-"+r.State, r.Message, "", []string{peer + ": " + r.Reason}, nil)
	}, nil
}

// checkPurged refuses an item whose content its sender purged before it
// was delivered: it only takes its sequence number.
func (n *Node) checkPurged(it Incoming) (func() error, error) {
	var t liaison.Tombstone
	reason := "purged before delivery"
	if err := json.Unmarshal(it.Body, &t); err == nil && t.Reason != "" && len(t.Reason) <= 2*MaxReason {
		reason += ": " + t.Reason
	}
	return nil, liaison.Errorf(liaison.ECONFLICT, "%s", reason)
}
