package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/selector"
)

// Limits on message content. The API limits whole bodies; these name the
// field that is too long.
const (
	MaxSubject = 300
	MaxBody    = 256 << 10
)

// MessageInput is what an officer writes in a case.
type MessageInput struct {
	Subject  string           `json:"subject"`
	Body     string           `json:"body"`
	Handling liaison.Handling `json:"handling"`
	Entities []liaison.Entity `json:"entities"`
}

// PostMessage stores a message in a case and queues it to every other
// party of the case.
func (n *Node) PostMessage(ctx context.Context, actor *liaison.Officer, caseID string, in MessageInput) (*liaison.Message, error) {
	c, err := n.store.Case(ctx, caseID)
	if err != nil {
		return nil, err
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if err != nil {
		return nil, err
	}
	var f liaison.Fields
	in.Subject = strings.TrimSpace(in.Subject)
	switch {
	case in.Subject == "":
		f.Add("subject", "required")
	case len(in.Subject) > MaxSubject:
		f.Add("subject", "longer than 300 bytes")
	}
	switch {
	case strings.TrimSpace(in.Body) == "":
		f.Add("body", "required")
	case len(in.Body) > MaxBody:
		f.Add("body", "longer than 256 KiB")
	}
	if in.Handling.CrimeArea == "" {
		in.Handling.CrimeArea = c.CrimeArea
	} else if in.Handling.CrimeArea != c.CrimeArea && in.Handling.CrimeArea.Valid() {
		// A case is in one crime area: the read guard decides on the
		// message's, and a message of another would be hidden from the
		// case's officers and shown in the inbox to others.
		f.Add("handling.crime_area", "differs from the case's crime area "+string(c.CrimeArea))
	}
	f.Prefix("handling", in.Handling.Validate(a, n.party))
	ents, err := selector.NormalizeAll(in.Entities, n.region)
	if err != nil {
		f = append(f, liaison.ErrorFields(err)...)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if ents == nil {
		ents = []liaison.Entity{}
	}
	m := &liaison.Message{
		ID: n.newID(), CaseID: c.ID, Subject: in.Subject, Body: in.Body,
		Handling: in.Handling, Entities: ents, From: sender(actor),
		Created: n.clock(), State: liaison.StateQueued,
	}
	to := others(c.Parties, n.party)
	if d := guard.Send(guard.Release{Officer: actor, Arrangement: a, From: n.party, To: to, Handling: in.Handling}); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.send", m.ID, d)
	}
	body, err := json.Marshal(wireMessage(m))
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		ds, err := n.enqueue(tx, queued, c.Parties, liaison.KindMessage, m.ID, a.ID, body)
		if err != nil {
			return err
		}
		m.Deliveries = ds
		if err := tx.CreateMessage(m); err != nil {
			return err
		}
		return n.audit(tx, actor, "message.send", m.ID, "allow", nil, body)
	})
	if err != nil {
		return nil, err
	}
	// m is what the transaction stored; reading it back would cost a query
	// per message for nothing new.
	slices.SortFunc(m.Deliveries, func(x, y liaison.Delivery) int { return strings.Compare(x.Party, y.Party) })
	return m, nil
}

// Message returns a message the actor may read. The first read of a
// received message by an officer marks it read and, where the arrangement
// asks for it, queues a read receipt to the originating party. Every read
// is audited.
func (n *Node) Message(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Message, error) {
	m, err := n.store.Message(ctx, id)
	if err != nil {
		return nil, n.gone(ctx, id, err)
	}
	if d := guard.Read(actor, m.Handling); !d.Allow {
		return nil, n.refuse(ctx, actor, "message.read", id, d)
	}
	first := m.Inbound && m.State == liaison.StateDelivered
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if first {
			if err := n.markRead(tx, queued, actor, m); err != nil {
				return err
			}
		}
		return n.audit(tx, actor, "message.read", id, "allow", nil, nil)
	})
	if err != nil {
		return nil, err
	}
	if first {
		m.State = liaison.StateRead
	}
	return m, nil
}

// markRead marks received message m read and, where the arrangement asks
// for it, queues a read notice to its originating party, the notice first
// (see Transactions in the package doc).
func (n *Node) markRead(tx liaison.Tx, queued map[string]bool, actor *liaison.Officer, m *liaison.Message) error {
	c, err := tx.Case(m.CaseID)
	if err != nil {
		return err
	}
	a, err := tx.Arrangement(c.ArrangementID)
	if err != nil {
		return err
	}
	if a.ReadReceipts {
		body, err := json.Marshal(readNotice{Message: m.ID, Agency: actor.Agency, Time: n.clock()})
		if err != nil {
			return err
		}
		if _, err := n.enqueue(tx, queued, []string{m.From.Party}, liaison.KindRead, m.ID, a.ID, body); err != nil {
			return err
		}
	}
	return tx.SetMessageState(m.ID, liaison.StateRead)
}

// readNotice is the body of a read item: which message, read by which
// agency, when. It names no officer of the reading side.
type readNotice struct {
	Message string    `json:"message"`
	Agency  string    `json:"agency"`
	Time    time.Time `json:"time"`
}

// Inbox returns a page of received messages the actor may read, oldest
// first; the listing is audited with the ids shown.
func (n *Node) Inbox(ctx context.Context, actor *liaison.Officer, after string, limit int) ([]liaison.Message, string, error) {
	in := true
	ms, next, err := n.store.Messages(ctx, liaison.MessageFilter{Inbound: &in, After: after, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	ms = readable(actor, ms)
	if err := n.auditShown(ctx, actor, "inbox.list", "", messageIDs(ms)); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// CaseMessages returns a page of a case's messages, in the order stored;
// the listing is audited with the ids shown.
func (n *Node) CaseMessages(ctx context.Context, actor *liaison.Officer, caseID, after string, limit int) ([]liaison.Message, string, error) {
	if _, err := n.readCase(ctx, actor, caseID); err != nil {
		return nil, "", err
	}
	ms, next, err := n.store.Messages(ctx, liaison.MessageFilter{CaseID: &caseID, After: after, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	ms = readable(actor, ms)
	if err := n.auditShown(ctx, actor, "case.messages", caseID, messageIDs(ms)); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// readable keeps the messages of a page that actor may read. A page may
// come back shorter than asked; its cursor still moves past what was
// filtered out.
func readable(actor *liaison.Officer, ms []liaison.Message) []liaison.Message {
	out := ms[:0]
	for _, m := range ms {
		if guard.Read(actor, m.Handling).Allow {
			out = append(out, m)
		}
	}
	return out
}

// wireMessage is the copy of m that travels: no local state.
func wireMessage(m *liaison.Message) *liaison.Message {
	w := *m
	w.State = ""
	w.Inbound = false
	w.Received = nil
	w.Deliveries = nil
	return &w
}

func others(parties []string, self string) []string {
	var out []string
	for _, p := range parties {
		if p != self {
			out = append(out, p)
		}
	}
	return out
}
