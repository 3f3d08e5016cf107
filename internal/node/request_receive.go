package node

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// checkRequest checks a request for information a peer asked of this
// node's party (see Node.check). The stored request records its delivery,
// a step of this node's, which travels back.
func (n *Node) checkRequest(tx liaison.Tx, queued map[string]bool, peer string, a *liaison.Arrangement, it Incoming, cases map[string]*liaison.Case) (func() error, error) {
	var r liaison.Request
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	switch {
	case r.ID != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "request id %q differs from item id %q", r.ID, it.ID)
	case r.From.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s claims party %s but came from %s", r.ID, r.From.Party, peer)
	case r.To != n.party:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s is for %s, not %s", r.ID, r.To, n.party)
	case !r.Priority.Valid():
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: unknown priority %q", r.ID, r.Priority)
	case strings.TrimSpace(r.Question) == "" || len(r.Question) > MaxQuestion:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: question empty or longer than 32 KiB", r.ID)
	case !r.Due.After(r.Created) || r.Due.Sub(r.Created) > MaxDue+24*time.Hour:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: due %s is not within a year after it was sent", r.ID, r.Due.Format(time.RFC3339))
	case !liaison.ValidAgencyCode(r.From.Agency) || len(r.From.Officer) > 200 || len(r.From.OfficerID) > 64:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: requester agency or officer invalid", r.ID)
	case len(r.History) != 1 || r.History[0].Action != liaison.ActSend || r.History[0].By.Party != peer ||
		!r.History[0].At.Equal(r.Created) || r.History[0].ID == "" || len(r.History[0].ID) > 64:
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: its history must be its sending alone", r.ID)
	case r.Assignee != nil || r.Acknowledged != nil || r.Closed != nil || r.AnswerMessage != "":
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: a new request carries no assignee, acknowledgement or answer", r.ID)
	}
	c, err := heldCase(tx, cases, r.CaseID)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", r.ID, err)
	}
	if c.ArrangementID != a.ID || !slices.Contains(c.Parties, peer) || !slices.Contains(c.Parties, n.party) {
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: case %s is not shared with %s under this arrangement", r.ID, c.ID, peer)
	}
	if r.Handling.CrimeArea != c.CrimeArea {
		return nil, liaison.Errorf(liaison.EINVALID, "request %s: crime area %s differs from its case's %s", r.ID, r.Handling.CrimeArea, c.CrimeArea)
	}
	if err := r.Handling.Validate(a, peer); err != nil {
		return nil, fmt.Errorf("request %s handling: %w", r.ID, err)
	}
	if d := guard.Receive(a, peer, n.party, r.Handling, n.rules()); !d.Allow {
		return nil, d.Err()
	}
	if _, err := tx.Request(r.ID); err == nil {
		return nil, liaison.Errorf(liaison.ECONFLICT, "request %s is already held", r.ID)
	} else if liaison.ErrorCode(err) != liaison.ENOTFOUND {
		return nil, err
	}
	return func() error {
		r.Created, r.Due = r.Created.UTC(), r.Due.UTC()
		r.Inbound, r.Reminders = true, 0
		step := liaison.RequestStep{ID: n.newID(), Action: liaison.ActDeliver, At: n.stepTime(&r), By: liaison.Sender{Party: n.party}}
		r.History = append(r.History, step)
		r.Replay()
		body, err := jsonStep(r.ID, step)
		if err != nil {
			return err
		}
		if _, err := n.enqueue(tx, queued, []string{peer}, liaison.KindRequestStep, r.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.CreateRequest(&r); err != nil {
			return err
		}
		return n.notify(tx, requestEvent(&r, "request.received", step.ID, step.At,
			fmt.Sprintf("New request %s (%s, %s) from %s/%s, due %s", r.ID, r.Priority, r.Handling.CrimeArea,
				r.From.Party, r.From.Agency, r.Due.Format(time.RFC3339))))
	}, nil
}

// heldCase returns the case with id, read once per envelope.
func heldCase(tx liaison.Tx, cases map[string]*liaison.Case, id string) (*liaison.Case, error) {
	if c, ok := cases[id]; ok {
		return c, nil
	}
	c, err := tx.Case(id)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "case %s is not held on this node", id)
	} else if err != nil {
		return nil, err
	}
	cases[id] = c
	return c, nil
}

// checkRequestStep checks one step of a request's history that the other
// side took (see Node.check). A step of the wrong side, or one its own
// side could not have taken after its earlier steps, is refused as the
// item's fault; a step that crossed one of this side's (both acted at
// once) is stored, and replaying the history decides which came first.
// A step held already changes nothing.
func (n *Node) checkRequestStep(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var b requestStep
	if err := decodeStrict(it.Body, &b); err != nil {
		return nil, err
	}
	s := b.Step
	if b.Request != it.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "request step for %q differs from item id %q", b.Request, it.ID)
	}
	r, err := tx.Request(b.Request)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "request step for request %s, which this node does not hold", b.Request)
	} else if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(r.History, func(h liaison.RequestStep) bool { return h.ID == s.ID }) {
		return func() error { return nil }, nil
	}
	if err := checkStep(r, peer, s); err != nil {
		return nil, fmt.Errorf("request %s: %w", r.ID, err)
	}
	if s.Message != "" {
		m, err := tx.Message(s.Message)
		if err != nil || !m.Inbound || m.From.Party != peer || m.CaseID != r.CaseID {
			return nil, liaison.Errorf(liaison.EINVALID, "request %s: answer message %s is not a message from %s in case %s held here", r.ID, s.Message, peer, r.CaseID)
		}
	}
	return func() error {
		s.At = s.At.UTC()
		r.History = append(r.History, s)
		r.Replay()
		if err := tx.SaveRequest(r); err != nil {
			return err
		}
		if ev, ok := stepEvent(r, s); ok {
			return n.notify(tx, ev)
		}
		return nil
	}, nil
}

// checkStep returns why step s that peer sent cannot be part of r's
// history, or nil.
func checkStep(r *liaison.Request, peer string, s liaison.RequestStep) error {
	side := r.SideOf(peer)
	field, max := noteField(s.Action)
	switch {
	case !s.Action.Valid() || s.Action == liaison.ActSend:
		return liaison.Errorf(liaison.EINVALID, "unknown or misplaced action %q", s.Action)
	case side == "" || s.Action.Side() != side:
		return liaison.Errorf(liaison.EINVALID, "%s may not %s it: that is the %s's step", peer, s.Action, s.Action.Side())
	case s.By.Party != peer:
		return liaison.Errorf(liaison.EINVALID, "step claims party %s but came from %s", s.By.Party, peer)
	case s.ID == "" || len(s.ID) > 64 || len(s.By.Officer) > 200 || len(s.By.OfficerID) > 64 || len(s.By.Agency) > 32:
		return liaison.Errorf(liaison.EINVALID, "step id, agency or officer invalid")
	case !s.At.After(r.Created):
		return liaison.Errorf(liaison.EINVALID, "step at %s is not after the request was sent", s.At.Format(time.RFC3339Nano))
	case field != "" && strings.TrimSpace(s.Note) == "":
		return liaison.Errorf(liaison.EINVALID, "%s without a %s", s.Action, field)
	case len(s.Note) > max:
		return liaison.Errorf(liaison.EINVALID, "%s: %s too long", s.Action, field)
	case (s.Action == liaison.ActAcknowledge) != (s.Assignee != nil):
		return liaison.Errorf(liaison.EINVALID, "%s: an assignee goes with an acknowledgement only", s.Action)
	case s.Assignee != nil && s.Assignee.Party != peer:
		return liaison.Errorf(liaison.EINVALID, "assignee of party %s, not %s", s.Assignee.Party, peer)
	case (s.Action == liaison.ActAnswer || s.Action == liaison.ActPartialAnswer) != (s.Message != ""):
		return liaison.Errorf(liaison.EINVALID, "%s: a message goes with an answer only", s.Action)
	}
	// The side's own steps, in order, must make sense by themselves:
	// its view of the request included at least those.
	own := liaison.RequestSent
	for _, h := range append(sideSteps(r, side), s) {
		if !h.At.After(r.Created) && h.Action != liaison.ActSend {
			return liaison.Errorf(liaison.EINVALID, "step before the request was sent")
		}
		switch side {
		case liaison.SideReceiver:
			next, ok := liaison.Transition(own, h.Action)
			if !ok {
				return liaison.Errorf(liaison.ECONFLICT, "%s after the receiving side's own steps left it %s", h.Action, own)
			}
			own = next
		case liaison.SideRequester:
			if own == liaison.RequestWithdrawn {
				return liaison.Errorf(liaison.ECONFLICT, "%s after the requester withdrew it", h.Action)
			}
			if h.Action == liaison.ActWithdraw {
				own = liaison.RequestWithdrawn
			}
		}
	}
	if last := sideLast(r, side); !s.At.After(last) {
		return liaison.Errorf(liaison.EINVALID, "step at %s is not after the side's previous step", s.At.Format(time.RFC3339Nano))
	}
	if s.Action == liaison.ActClarification && !slices.ContainsFunc(r.History, func(h liaison.RequestStep) bool { return h.Action == liaison.ActClarify }) {
		return liaison.Errorf(liaison.EINVALID, "clarification, but none was asked")
	}
	return nil
}

// sideSteps returns the steps of r taken by side, in history order,
// leaving out the requester's sending.
func sideSteps(r *liaison.Request, side liaison.RequestSide) []liaison.RequestStep {
	var out []liaison.RequestStep
	for _, h := range r.History {
		if h.Action != liaison.ActSend && h.Action.Side() == side {
			out = append(out, h)
		}
	}
	return out
}

func sideLast(r *liaison.Request, side liaison.RequestSide) time.Time {
	var t time.Time
	for _, h := range r.History {
		if h.Action.Side() == side && h.At.After(t) {
			t = h.At
		}
	}
	return t
}

// stepEvent is the event a step from the other side is for this node's
// officers, if any.
func stepEvent(r *liaison.Request, s liaison.RequestStep) (liaison.Event, bool) {
	who := s.By.Party
	if s.By.Agency != "" {
		who += "/" + s.By.Agency
	}
	var kind, text string
	switch s.Action {
	case liaison.ActAcknowledge:
		kind, text = "request.acknowledged", "Request %s was acknowledged by %s"
	case liaison.ActAnswer:
		kind, text = "request.answered", "Request %s was answered by %s"
	case liaison.ActPartialAnswer:
		kind, text = "request.answered", "Request %s was partly answered by %s"
	case liaison.ActDecline:
		kind, text = "request.declined", "Request %s was declined by %s"
	case liaison.ActClarify:
		kind, text = "request.clarify", "Request %s: %s asks for clarification"
	case liaison.ActClarification:
		kind, text = "request.clarification", "Request %s: %s answered the clarification request"
	case liaison.ActWithdraw:
		kind, text = "request.withdrawn", "Request %s was withdrawn by %s"
	default:
		return liaison.Event{}, false
	}
	return requestEvent(r, kind, s.ID, s.At, fmt.Sprintf(text, r.ID, who)), true
}

// requestEvent is an event about r for the officers of this node who
// answer for it: on the requesting node the requester; on the receiving
// node its assignee or, while unassigned, the liaison officers working in
// its crime area.
func requestEvent(r *liaison.Request, kind, id string, at time.Time, text string) liaison.Event {
	ev := liaison.Event{
		ID: kind + ":" + r.ID + ":" + id, Kind: kind, Object: r.ID, CaseID: r.CaseID,
		Area: r.Handling.CrimeArea, Priority: r.Priority, Text: text, Time: at,
	}
	switch {
	case !r.Inbound:
		ev.Officers = []string{r.From.OfficerID}
	case r.Assignee != nil:
		ev.Officers = []string{r.Assignee.OfficerID}
	default:
		ev.Roles = []liaison.Role{liaison.RoleLiaison}
	}
	return ev
}

// requestUndelivered closes a request whose request item the receiving
// node refused: no answer will come, and its clock must not run on. The
// step, the requesting node's own, stays on this node: the peer holds no
// copy to change.
func (n *Node) requestUndelivered(tx liaison.Tx, peer string, o liaison.InboundItem) error {
	r, err := tx.Request(o.ObjectID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if r.Inbound || !r.State.Open() {
		return nil
	}
	why := "the node of " + peer + " refused the request: " + o.Reason
	s := liaison.RequestStep{ID: n.newID(), Action: liaison.ActWithdraw, At: n.stepTime(r), By: liaison.Sender{Party: n.party}, Note: why}
	r.History = append(r.History, s)
	r.Replay()
	if err := tx.SaveRequest(r); err != nil {
		return err
	}
	if err := n.notify(tx, requestEvent(r, "request.refused", s.ID, s.At, "Request "+r.ID+" was refused by the node of "+peer)); err != nil {
		return err
	}
	return n.audit(tx, nil, "request.refused", r.ID, "deny", []string{why}, nil)
}
