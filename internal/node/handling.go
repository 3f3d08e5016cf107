package node

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Handling changes: the originating side of a message may change its
// handling after it was sent (a downgrade once a case is public, a new
// retention date). The change is checked as a new release, stored,
// audited and carried to every party that received the message, whose
// node checks it again as it checks a message and then updates its copy.

// HandlingInput is what an officer gives to change a message's handling.
type HandlingInput struct {
	Handling liaison.Handling `json:"handling"`
}

// handlingChange is the body of a handling item.
type handlingChange struct {
	Message  string           `json:"message"`
	Handling liaison.Handling `json:"handling"`
	Time     time.Time        `json:"time"`
}

// ChangeHandling replaces the handling of a message this node sent and
// queues the change to every party that received it. EINVALID (naming
// the fields) when the handling does not fit the arrangement; EFORBIDDEN
// (audited) unless the actor is the author or a supervisor of this node,
// or when the new handling could not be released (above the ceiling).
func (n *Node) ChangeHandling(ctx context.Context, actor *liaison.Officer, id string, in HandlingInput) (*liaison.Message, error) {
	m, err := n.store.Message(ctx, id)
	if err != nil {
		return nil, n.gone(ctx, id, err)
	}
	c, err := n.store.Case(ctx, m.CaseID)
	if err != nil {
		return nil, err
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if err != nil {
		return nil, err
	}
	h := in.Handling
	if h.CrimeArea == "" {
		h.CrimeArea = c.CrimeArea
	}
	var f liaison.Fields
	f.Prefix("handling", h.Validate(a, n.party))
	if err := f.Err(); err != nil {
		return nil, err
	}
	d := guard.ChangeHandling(actor, n.party, m, h)
	if d.Allow {
		changed := *m
		changed.Handling = h
		d = guard.Send(n.release(actor, c, a, &changed, false))
	}
	if !d.Allow {
		return nil, n.refuse(ctx, actor, "message.handling", id, d)
	}
	rs, err := n.store.Recalls(ctx, id)
	if err != nil {
		return nil, err
	}
	var to []string
	for _, dl := range m.Deliveries {
		purged := slices.ContainsFunc(rs, func(r liaison.Recall) bool { return r.Party == dl.Party && r.State == liaison.CopyPurged })
		if dl.State != liaison.StateRefused && !purged {
			to = append(to, dl.Party) // a party that holds a copy
		}
	}
	body, err := json.Marshal(handlingChange{Message: id, Handling: h, Time: n.clock()})
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		if _, err := n.enqueue(tx, queued, to, liaison.KindHandling, id, a.ID, body); err != nil {
			return err
		}
		if err := tx.SetMessageHandling(id, h); err != nil {
			return err
		}
		why := []string{"handling changed" + describeTo(to)}
		return n.audit(tx, actor, "message.handling", id, "allow", why, body)
	})
	if err != nil {
		return nil, err
	}
	m.Handling = h
	return m, nil
}

func describeTo(to []string) string {
	if len(to) == 0 {
		return ""
	}
	return "; sent to " + strings.Join(to, ", ")
}

// checkHandling checks a handling change from peer for a message it sent
// here, as a message is checked, and returns the write that applies it.
func (n *Node) checkHandling(tx liaison.Tx, peer string, a *liaison.Arrangement, it Incoming, cases map[string]*liaison.Case) (func() error, error) {
	var hc handlingChange
	if err := decodeStrict(it.Body, &hc); err != nil {
		return nil, err
	}
	if hc.Message != it.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "handling change of message %q differs from item id %q", hc.Message, it.ID)
	}
	m, err := tx.Message(hc.Message)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "handling change of message %s, which this node does not hold", hc.Message)
	} else if err != nil {
		return nil, err
	}
	if d := guard.FromOriginator(peer, m, "change the handling of"); !d.Allow {
		return nil, d.Err()
	}
	c, ok := cases[m.CaseID]
	if !ok {
		if c, err = tx.Case(m.CaseID); err != nil {
			return nil, err
		}
		cases[m.CaseID] = c
	}
	switch {
	case c.ArrangementID != a.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "handling change of message %s: its case is under another arrangement", m.ID)
	case hc.Handling.CrimeArea != c.CrimeArea:
		return nil, liaison.Errorf(liaison.EINVALID, "handling change of message %s: crime area %s differs from its case's crime area %s", m.ID, hc.Handling.CrimeArea, c.CrimeArea)
	}
	if err := hc.Handling.Validate(a, peer); err != nil {
		return nil, fmt.Errorf("message %s handling: %w", m.ID, err)
	}
	if d := guard.Receive(a, peer, n.party, hc.Handling, n.rules()); !d.Allow {
		return nil, d.Err()
	}
	return func() error {
		if err := tx.SetMessageHandling(m.ID, hc.Handling); err != nil {
			return err
		}
		return n.audit(tx, nil, "message.handling", m.ID, "allow", []string{"handling changed by " + peer}, it.Body)
	}, nil
}
