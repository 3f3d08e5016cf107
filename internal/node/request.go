package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Requests for information: a request is asked in a case of one party of
// it and crosses to another as a "request" item; every later step of its
// history (delivery, acknowledgement, clarification, answer, decline,
// withdrawal) crosses as a "request-step" item. Each node stores the
// steps as the side that took them decided them (time and actor), and
// its state is what replaying them gives (see liaison.Request.Replay), so
// both nodes hold the same state and history.

// Limits on request text.
const (
	MaxQuestion = 32 << 10
	// MaxDue is how far ahead a requester may set a deadline.
	MaxDue = 366 * 24 * time.Hour
)

// RequestInput is what an officer gives to ask a request for information.
type RequestInput struct {
	CaseID   string           `json:"case_id"`
	Question string           `json:"question"`
	Priority liaison.Priority `json:"priority"`
	// Due is the deadline; nil takes the arrangement's for the priority,
	// counted in calendar time from when the request is sent.
	Due      *time.Time       `json:"due"`
	Handling liaison.Handling `json:"handling"`
	// To is the party asked; empty, the case's only other party.
	To string `json:"to"`
}

var priorities = []string{string(liaison.PriorityUrgent), string(liaison.PriorityHigh), string(liaison.PriorityRoutine)}

// AskRequest sends a request for information in a case: the guard decides
// as for a message (the officer, the arrangement's terms, the party's own
// rules), and the request is stored in state sent, audited and queued to
// the party asked, in one transaction. EINVALID names the field at fault.
func (n *Node) AskRequest(ctx context.Context, actor *liaison.Officer, in RequestInput) (*liaison.Request, error) {
	var f liaison.Fields
	if in.CaseID == "" {
		f.Add("case_id", "required")
		return nil, f.Err()
	}
	c, err := n.store.Case(ctx, in.CaseID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Invalid(liaison.FieldError{Field: "case_id", Problem: "no case " + strQuote(shortText(in.CaseID)) + " on this node"})
	} else if err != nil {
		return nil, err
	}
	if d := n.readCaseGuard(ctx, actor, c); !d.Allow {
		return nil, n.refuse(ctx, actor, "request.send", c.ID, d)
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(in.Question) == "":
		f.Add("question", "required")
	case len(in.Question) > MaxQuestion:
		f.Add("question", "longer than 32 KiB")
	}
	if !slices.Contains(priorities, string(in.Priority)) {
		f.Add("priority", "unknown priority "+strQuote(string(in.Priority)), priorities...)
	}
	now := n.clock()
	due := now.Add(a.Deadlines[in.Priority])
	if in.Due != nil {
		due = in.Due.UTC().Truncate(time.Microsecond)
		switch {
		case !due.After(now):
			f.Add("due", "not in the future (now is "+now.Format(time.RFC3339)+")")
		case due.Sub(now) > MaxDue:
			f.Add("due", "more than 366 days ahead")
		}
	} else if _, ok := a.Deadlines[in.Priority]; !ok && in.Priority.Valid() {
		f.Add("due", "required: the arrangement sets no deadline for priority "+string(in.Priority))
	}
	to := in.To
	other := others(c.Parties, n.party)
	switch {
	case to == "" && len(other) == 1:
		to = other[0]
	case to == "":
		f.Add("to", "required: the case has several other parties", other...)
	case to == n.party || !slices.Contains(other, to):
		f.Add("to", "not another party of the case", other...)
	}
	if in.Handling.CrimeArea == "" {
		in.Handling.CrimeArea = c.CrimeArea
	} else if in.Handling.CrimeArea != c.CrimeArea && in.Handling.CrimeArea.Valid() {
		f.Add("handling.crime_area", "differs from the case's crime area "+string(c.CrimeArea))
	}
	f.Prefix("handling", in.Handling.Validate(a, n.party))
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := &liaison.Request{
		ID: n.newID(), CaseID: c.ID, Question: in.Question, Priority: in.Priority, Due: due,
		Handling: in.Handling, From: sender(actor), To: to, Created: now,
	}
	r.History = []liaison.RequestStep{{ID: n.newID(), Action: liaison.ActSend, At: now, By: sender(actor)}}
	r.Replay()
	d := guard.Send(guard.Release{
		Officer: actor, Arrangement: a, From: n.party, To: []string{to}, Handling: r.Handling, Rules: n.rules(),
	})
	if !d.Allow {
		if d.Approval {
			d.Reasons = append(d.Reasons, "requests for information are not held for approval; ask a supervisor to send it")
		}
		return nil, n.refuse(ctx, actor, "request.send", r.ID, d)
	}
	withCaveats(&r.Handling, d.Caveats)
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		if _, err := n.enqueue(tx, queued, []string{to}, liaison.KindRequest, r.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.CreateRequest(r); err != nil {
			return err
		}
		return n.audit(tx, actor, "request.send", r.ID, "allow", []string{"to " + to, string(r.Priority), "due " + r.Due.Format(time.RFC3339)}, body)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Request returns a request for information the actor may read (the
// need-to-know read guard on its handling); the read is audited.
func (n *Node) Request(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Request, error) {
	r, err := n.store.Request(ctx, id)
	if err != nil {
		return nil, err
	}
	if d := n.readRequestGuard(actor, r); !d.Allow {
		return nil, n.refuse(ctx, actor, "request.read", id, d)
	}
	if err := n.auditShown(ctx, actor, "request.read", id, []string{id}); err != nil {
		return nil, err
	}
	return r, nil
}

// RequestList selects requests for an officer: by the view (open, overdue
// or answered; "" for all), the party on the other side and crime area.
type RequestList struct {
	View  string
	Party string
	Area  liaison.CrimeArea
	After string
	Limit int
}

// Request list views.
var requestViews = []string{"open", "overdue", "answered"}

// Requests returns a page of the requests the actor may read, in the
// order this node stored them, and the next cursor; the listing is
// audited with the ids shown. A page may come back shorter than asked
// when the read guard left requests out.
func (n *Node) Requests(ctx context.Context, actor *liaison.Officer, l RequestList) ([]liaison.Request, string, error) {
	f := liaison.RequestFilter{After: l.After, Limit: l.Limit}
	var fe liaison.Fields
	yes := true
	switch l.View {
	case "":
	case "open":
		f.Open = &yes
	case "overdue":
		now := n.clock()
		f.Open, f.DueBefore = &yes, &now
	case "answered":
		f.States = []liaison.RequestState{liaison.RequestAnswered}
	default:
		fe.Add("state", "unknown view "+strQuote(shortText(l.View)), requestViews...)
	}
	if l.Party != "" {
		if !liaison.ValidParty(l.Party) {
			fe.Add("party", "invalid party code "+strQuote(shortText(l.Party)))
		}
		f.Party = &l.Party
	}
	if l.Area != "" {
		if !l.Area.Valid() {
			fe.Add("area", "unknown crime area "+strQuote(shortText(string(l.Area))), areaNames()...)
		}
		f.Area = &l.Area
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	rs, next, err := n.store.Requests(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := rs[:0]
	for i := range rs {
		if n.readRequestGuard(actor, &rs[i]).Allow {
			out = append(out, rs[i])
		}
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	if err := n.auditShown(ctx, actor, "request.list", l.View, ids); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// readRequestGuard asks the guard whether actor may read request r. A
// received request is addressed to this party's liaison unit, as a case
// is.
func (n *Node) readRequestGuard(actor *liaison.Officer, r *liaison.Request) guard.Decision {
	return guard.Read(guard.Reader{Officer: actor, Party: n.party, Rules: n.rules()}, guard.Content{
		Handling: r.Handling, Inbound: r.Inbound, Origin: r.From.Party,
		Author: r.From.OfficerID, AuthorAgency: r.From.Agency,
	})
}

func shortText(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
