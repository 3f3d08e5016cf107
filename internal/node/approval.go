package node

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// MaxReason is the longest reason, in bytes, an officer may give for a
// rejection, a recall or a hold.
const MaxReason = 1000

// hold stores message m for a supervisor's approval, as the party's rules
// asked in decision d.
func (n *Node) hold(ctx context.Context, actor *liaison.Officer, m *liaison.Message, d guard.Decision) (*liaison.Approval, error) {
	return n.keep(ctx, actor, m, d, liaison.ApprovalPending, "message.hold", "allow")
}

// escalate records a release the party's rules refused and asked
// supervisors to be told of, and returns the refusal.
func (n *Node) escalate(ctx context.Context, actor *liaison.Officer, m *liaison.Message, d guard.Decision) error {
	if _, err := n.keep(ctx, actor, m, d, liaison.ApprovalEscalated, "message.escalate", "deny"); err != nil {
		return err
	}
	d.Reasons = append(d.Reasons, "the refusal was escalated to this node's supervisors")
	return d.Err()
}

func (n *Node) keep(ctx context.Context, actor *liaison.Officer, m *liaison.Message, d guard.Decision, st liaison.ApprovalState, action, decision string) (*liaison.Approval, error) {
	held := *m
	held.State = liaison.StatePendingApproval
	ap := &liaison.Approval{
		ID: m.ID, CaseID: m.CaseID, Message: held, State: st,
		Reasons: append(d.Reasons, d.Policies...), Requested: n.clock(),
	}
	body, err := json.Marshal(wireMessage(m))
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		if err := tx.CreateApproval(ap); err != nil {
			return err
		}
		if err := n.notify(tx, heldEvent(m, st)); err != nil {
			return err
		}
		return n.audit(tx, actor, action, m.ID, decision, ap.Reasons, body)
	})
	if err != nil {
		return nil, err
	}
	return ap, nil
}

// heldMessage answers a read of a message id that is no stored message:
// a message held for approval, shown to its author and the supervisors
// while it waits. Anything else is the original not-found error.
func (n *Node) heldMessage(ctx context.Context, actor *liaison.Officer, id string, notFound error) (*liaison.Message, error) {
	ap, err := n.store.Approval(ctx, id)
	if err != nil || ap.State != liaison.ApprovalPending {
		return nil, notFound
	}
	if d := guard.ReadApproval(actor, n.party, &ap.Message); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.read", id, d)
	}
	if err := n.auditShown(ctx, actor, "approval.read", id, []string{id}); err != nil {
		return nil, err
	}
	return &ap.Message, nil
}

// Approval returns a message held for approval, to its author or a
// supervisor who may decide on it; the read is audited.
func (n *Node) Approval(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Approval, error) {
	ap, err := n.store.Approval(ctx, id)
	if err != nil {
		return nil, err
	}
	if d := guard.ReadApproval(actor, n.party, &ap.Message); !d.Allow {
		return nil, n.refuse(ctx, actor, "approval.read", id, d)
	}
	if err := n.auditShown(ctx, actor, "approval.read", id, []string{id}); err != nil {
		return nil, err
	}
	return ap, nil
}

// Approvals returns a page of the approvals actor may see, in the order
// requested; the listing is audited.
func (n *Node) Approvals(ctx context.Context, actor *liaison.Officer, f liaison.ApprovalFilter) ([]liaison.Approval, string, error) {
	aps, next, err := n.store.Approvals(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := aps[:0]
	for i := range aps {
		if guard.ReadApproval(actor, n.party, &aps[i].Message).Allow {
			out = append(out, aps[i])
		}
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	if err := n.auditShown(ctx, actor, "approval.list", "", ids); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// Approve releases a held message: actor, a supervisor other than its
// author, approves, the guard decides again with the approval recorded
// (the author's rights and the arrangement as they are now), and the
// message is stored and queued in the transaction that records the
// approval. ECONFLICT when it is no longer pending.
func (n *Node) Approve(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Message, error) {
	ap, err := n.store.Approval(ctx, id)
	if err != nil {
		return nil, err
	}
	m := ap.Message
	if d := guard.Approve(actor, n.party, &m); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.approve", id, d)
	}
	if ap.State != liaison.ApprovalPending {
		return nil, liaison.Errorf(liaison.ECONFLICT, "message %s is %s, not pending approval", id, ap.State)
	}
	c, err := n.store.Case(ctx, ap.CaseID)
	if err != nil {
		return nil, err
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if err != nil {
		return nil, err
	}
	author, err := n.store.Officer(ctx, m.From.OfficerID)
	if err != nil {
		return nil, err
	}
	d := guard.Send(n.release(author, c, a, &m, true))
	if !d.Allow {
		return nil, n.refuse(ctx, actor, "message.approve", id, d)
	}
	withCaveats(&m.Handling, d.Caveats)
	m.State = liaison.StateQueued
	err = n.send(ctx, author, c, a, &m, func(tx liaison.Tx) error {
		if err := tx.DecideApproval(id, liaison.ApprovalApproved, actor.ID, n.clock(), ""); err != nil {
			return err
		}
		if err := n.notify(tx, decidedEvent(&m, liaison.ApprovalApproved)); err != nil {
			return err
		}
		return n.audit(tx, actor, "message.approve", id, "allow", nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// Reject refuses the release of a held message, with a reason its author
// reads. ECONFLICT when it is no longer pending.
func (n *Node) Reject(ctx context.Context, actor *liaison.Officer, id, reason string) (*liaison.Approval, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, liaison.Invalid(liaison.FieldError{Field: "reason", Problem: "required: the author reads why"})
	case len(reason) > MaxReason:
		return nil, liaison.Invalid(liaison.FieldError{Field: "reason", Problem: "longer than 1000 bytes"})
	}
	ap, err := n.store.Approval(ctx, id)
	if err != nil {
		return nil, err
	}
	if d := guard.Approve(actor, n.party, &ap.Message); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.reject", id, d)
	}
	now := n.clock()
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		if err := tx.DecideApproval(id, liaison.ApprovalRejected, actor.ID, now, reason); err != nil {
			return err
		}
		if err := n.notify(tx, decidedEvent(&ap.Message, liaison.ApprovalRejected)); err != nil {
			return err
		}
		return n.audit(tx, actor, "message.reject", id, "allow", []string{reason}, nil)
	})
	if err != nil {
		return nil, err
	}
	ap.State, ap.DecidedBy, ap.Decided, ap.Reason = liaison.ApprovalRejected, actor.ID, &now, reason
	return ap, nil
}

// heldEvent tells the supervisors who may decide on a held message that
// it waits for them (or, escalated, that a release was refused).
func heldEvent(m *liaison.Message, st liaison.ApprovalState) liaison.Event {
	kind, text := "approval.pending", "Message "+m.ID+" in case "+m.CaseID+" ("+string(m.Handling.CrimeArea)+") awaits a supervisor's approval"
	if st == liaison.ApprovalEscalated {
		kind, text = "approval.escalated", "A release of message "+m.ID+" in case "+m.CaseID+" ("+string(m.Handling.CrimeArea)+") was refused and escalated"
	}
	return liaison.Event{
		ID: kind + ":" + m.ID, Kind: kind, Object: m.ID, CaseID: m.CaseID, Area: m.Handling.CrimeArea,
		Roles: []liaison.Role{liaison.RoleSupervisor}, Text: text,
	}
}

// decidedEvent tells the author of a held message that a supervisor
// released or rejected it.
func decidedEvent(m *liaison.Message, st liaison.ApprovalState) liaison.Event {
	return liaison.Event{
		ID: "approval." + string(st) + ":" + m.ID, Kind: "approval." + string(st), Object: m.ID, CaseID: m.CaseID,
		Area: m.Handling.CrimeArea, Officers: []string{m.From.OfficerID},
		Text: "Your message " + m.ID + " in case " + m.CaseID + " was " + string(st) + " by a supervisor",
	}
}
