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
	// To addresses the message within the receiving parties; empty, it
	// goes to their liaison officers.
	To liaison.Recipients `json:"to"`
	// Assessment is the author's mistreatment-risk assessment, where the
	// party's rules ask for one before a disclosure about a person.
	Assessment *liaison.Assessment `json:"assessment"`
}

// PostMessage stores a message in a case and queues it to every other
// party of the case. Where the party's rules hold it for a supervisor's
// approval, the message comes back in state pending_approval and is sent
// when approved (see Approve).
func (n *Node) PostMessage(ctx context.Context, actor *liaison.Officer, caseID string, in MessageInput) (*liaison.Message, error) {
	m, _, err := n.Compose(ctx, actor, caseID, in)
	return m, err
}

// Compose is PostMessage that also returns the approval a held message
// waits for (nil when it was sent).
func (n *Node) Compose(ctx context.Context, actor *liaison.Officer, caseID string, in MessageInput) (*liaison.Message, *liaison.Approval, error) {
	m, c, a, err := n.draft(ctx, actor, caseID, in)
	if err != nil {
		return nil, nil, err
	}
	d := guard.Send(n.release(actor, c, a, m, false))
	switch {
	case d.Allow:
		withCaveats(&m.Handling, d.Caveats)
		if err := n.send(ctx, actor, c, a, m, nil); err != nil {
			return nil, nil, err
		}
		return m, nil, nil
	case d.Approval:
		ap, err := n.hold(ctx, actor, m, d)
		if err != nil {
			return nil, nil, err
		}
		m.State = liaison.StatePendingApproval
		return m, ap, nil
	case d.Escalate:
		return nil, nil, n.escalate(ctx, actor, m, d)
	}
	return nil, nil, n.refuse(ctx, actor, "message.send", m.ID, d)
}

// release is the guard's question for sending m in case c.
func (n *Node) release(author *liaison.Officer, c *liaison.Case, a *liaison.Arrangement, m *liaison.Message, approved bool) guard.Release {
	r := guard.Release{
		Officer: author, Arrangement: a, From: n.party, To: others(c.Parties, n.party),
		Handling: m.Handling, Recipients: m.To, Approved: approved, Rules: n.rules(),
	}
	if m.Assessment != nil {
		r.Risk = m.Assessment.Risk
	}
	return r
}

// withCaveats adds the caveats the party's rules attach to a release as
// "other:" handling codes, so that they travel with the content.
func withCaveats(h *liaison.Handling, caveats []string) {
	for _, c := range caveats {
		if r := []rune(c); len(r) > 200 {
			c = string(r[:200])
		}
		code := liaison.CodeOtherPrefix + c
		if !slices.Contains(h.Codes, code) && len(h.Codes) < 16 {
			h.Codes = append(h.Codes, code)
		}
	}
}

// draft validates what actor wrote in a case and returns the message it
// would send, with the case and its arrangement.
func (n *Node) draft(ctx context.Context, actor *liaison.Officer, caseID string, in MessageInput) (*liaison.Message, *liaison.Case, *liaison.Arrangement, error) {
	c, err := n.store.Case(ctx, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if err != nil {
		return nil, nil, nil, err
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
	if in.Assessment != nil {
		switch {
		case !slices.Contains(liaison.Risks, in.Assessment.Risk):
			f.Add("assessment.risk", "unknown risk "+strQuote(in.Assessment.Risk), liaison.Risks...)
		case len(in.Assessment.Note) > 4000:
			f.Add("assessment.note", "longer than 4000 bytes")
		}
	}
	if len(in.To.Agencies) > 0 || len(in.To.Officers) > 0 {
		agencies, officers, err := n.store.Directory(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		f = append(f, checkTo(in.To, c.Parties, n.party, agencies, officers)...)
	}
	if err := f.Err(); err != nil {
		return nil, nil, nil, err
	}
	if ents == nil {
		ents = []liaison.Entity{}
	}
	m := &liaison.Message{
		ID: n.newID(), CaseID: c.ID, Subject: in.Subject, Body: in.Body,
		Handling: in.Handling, Entities: ents, From: sender(actor),
		Created: n.clock(), State: liaison.StateQueued, To: in.To, Assessment: in.Assessment,
	}
	return m, c, a, nil
}

// send stores message m in case c and queues it to the case's other
// parties in one transaction; also, when not nil, runs in it before the
// audit entry (an object write, see Transactions in the package doc).
func (n *Node) send(ctx context.Context, actor *liaison.Officer, c *liaison.Case, a *liaison.Arrangement, m *liaison.Message, also func(liaison.Tx) error) error {
	body, err := json.Marshal(wireMessage(m))
	if err != nil {
		return err
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
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return n.audit(tx, actor, "message.send", m.ID, "allow", nil, body)
	})
	if err != nil {
		return err
	}
	// m is what the transaction stored; reading it back would cost a query
	// per message for nothing new.
	slices.SortFunc(m.Deliveries, func(x, y liaison.Delivery) int { return strings.Compare(x.Party, y.Party) })
	return nil
}

// Message returns a message the actor may read. The first read of a
// received message by an officer marks it read and, where the arrangement
// asks for it, queues a read receipt to the originating party. Every read
// is audited.
func (n *Node) Message(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Message, error) {
	m, err := n.store.Message(ctx, id)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return n.heldMessage(ctx, actor, id, n.gone(ctx, id, err))
	} else if err != nil {
		return nil, err
	}
	if d := n.readMessageGuard(ctx, actor, m); !d.Allow {
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
	if !m.Inbound {
		if m.Reads, err = n.store.ReadReceipts(ctx, m.ID); err != nil {
			return nil, err
		}
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
	return n.InboxPage(ctx, actor, liaison.MessageFilter{After: after, Limit: limit})
}

// InboxPage returns a page of received messages the actor may read, as
// f selects them (its Inbound is ignored: the inbox holds received
// messages only; State picks unread or read ones, Newest the order); the
// listing is audited with the ids shown. A page may hold fewer messages
// than f.Limit when the guard hides some; the cursor still says whether
// more follow.
func (n *Node) InboxPage(ctx context.Context, actor *liaison.Officer, f liaison.MessageFilter) ([]liaison.Message, string, error) {
	in := true
	f.Inbound, f.CaseID = &in, nil
	ms, next, err := n.store.Messages(ctx, f)
	if err != nil {
		return nil, "", err
	}
	ms = n.readable(ctx, actor, ms)
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
	ms = n.readable(ctx, actor, ms)
	if err := n.auditShown(ctx, actor, "case.messages", caseID, messageIDs(ms)); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

// readable keeps the messages of a page that actor may read. A page may
// come back shorter than asked; its cursor still moves past what was
// filtered out.
func (n *Node) readable(ctx context.Context, actor *liaison.Officer, ms []liaison.Message) []liaison.Message {
	out := ms[:0]
	for i := range ms {
		if n.readMessageGuard(ctx, actor, &ms[i]).Allow {
			out = append(out, ms[i])
		}
	}
	return out
}

// readMessageGuard asks the guard whether actor may read message m.
func (n *Node) readMessageGuard(ctx context.Context, actor *liaison.Officer, m *liaison.Message) guard.Decision {
	return guard.Read(guard.Reader{Officer: actor, Party: n.party, Rules: n.rules()}, guard.Content{
		Handling: m.Handling, Inbound: m.Inbound, Origin: m.From.Party,
		Author: m.From.OfficerID, AuthorAgency: m.From.Agency, To: m.To,
		Disseminated: n.disseminatedTo(ctx, m),
	})
}

// disseminatedTo lists the agencies of this party a received message was
// passed on to with the originator's leave.
func (n *Node) disseminatedTo(ctx context.Context, m *liaison.Message) []string {
	// RED and AMBER+STRICT content is never read by those it was passed
	// on to: spare the query.
	if !m.Inbound || m.Handling.TLP == liaison.TLPRed || m.Handling.TLP == liaison.TLPAmberStrict {
		return nil
	}
	to, err := n.DisseminatedTo(ctx, m.ID)
	if err != nil {
		// Failing closed: without the list, only the addressing counts.
		n.log.Warn("node: read disseminations", "message", m.ID, "err", err)
		return nil
	}
	return to
}

// wireMessage is the copy of m that travels: no local state.
func wireMessage(m *liaison.Message) *liaison.Message {
	w := *m
	w.State = ""
	w.Inbound = false
	w.Received = nil
	w.Deliveries = nil
	w.Assessment = nil
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
