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

// MaxClarification is the longest clarification request or answer.
const MaxClarification = 8000

// requestStep is the body of a request-step item: one step of the
// history of request Request, as the side that took it decided it.
type requestStep struct {
	Request string              `json:"request"`
	Step    liaison.RequestStep `json:"step"`
}

// AnswerInput is an answer to a request for information: it travels as a
// message in the request's case, and the request moves to answered (or
// partially_answered).
type AnswerInput struct {
	Body     string           `json:"body"`
	Handling liaison.Handling `json:"handling"`
	Partial  bool             `json:"partial"`
}

// AcknowledgeRequest acknowledges a received request as actor, a named
// officer of the receiving side, who becomes its assignee unless
// assigneeID names another officer of this node. EFORBIDDEN (audited)
// when the guard refuses; ECONFLICT when the request is not delivered.
func (n *Node) AcknowledgeRequest(ctx context.Context, actor *liaison.Officer, id, assigneeID string) (*liaison.Request, error) {
	var assignee *liaison.Officer
	if assigneeID != "" && assigneeID != actor.ID {
		o, err := n.store.Officer(ctx, assigneeID)
		if liaison.ErrorCode(err) == liaison.ENOTFOUND || (err == nil && o.Party != n.party) {
			return nil, liaison.Invalid(liaison.FieldError{Field: "assignee", Problem: "no officer " + strQuote(shortText(assigneeID)) + " on this node"})
		} else if err != nil {
			return nil, err
		}
		assignee = o
	}
	return n.act(ctx, actor, id, liaison.ActAcknowledge, "", assignee, nil)
}

// AnswerRequest answers a received, acknowledged request: the answer is
// posted as a message in the request's case to the requesting party (the
// guard decides as for any message), and the request moves to answered,
// or partially_answered when in.Partial, in the same transaction.
func (n *Node) AnswerRequest(ctx context.Context, actor *liaison.Officer, id string, in AnswerInput) (*liaison.Request, error) {
	return n.act(ctx, actor, id, answerAction(in.Partial), "", nil, &in)
}

func answerAction(partial bool) liaison.RequestAction {
	if partial {
		return liaison.ActPartialAnswer
	}
	return liaison.ActAnswer
}

// DeclineRequest declines a received request, with the reason the
// requesting officer is told.
func (n *Node) DeclineRequest(ctx context.Context, actor *liaison.Officer, id, reason string) (*liaison.Request, error) {
	return n.act(ctx, actor, id, liaison.ActDecline, reason, nil, nil)
}

// WithdrawRequest withdraws a request this node sent, with a reason.
func (n *Node) WithdrawRequest(ctx context.Context, actor *liaison.Officer, id, reason string) (*liaison.Request, error) {
	return n.act(ctx, actor, id, liaison.ActWithdraw, reason, nil, nil)
}

// ClarifyRequest asks the requester, from the receiving side, what the
// question means. The state does not change and the clock runs on.
func (n *Node) ClarifyRequest(ctx context.Context, actor *liaison.Officer, id, question string) (*liaison.Request, error) {
	return n.act(ctx, actor, id, liaison.ActClarify, question, nil, nil)
}

// ClarificationRequest answers, on the requesting side, the receiving
// side's request for clarification.
func (n *Node) ClarificationRequest(ctx context.Context, actor *liaison.Officer, id, answer string) (*liaison.Request, error) {
	return n.act(ctx, actor, id, liaison.ActClarification, answer, nil, nil)
}

// noteField names the input field that carries an action's note.
func noteField(a liaison.RequestAction) (field string, max int) {
	switch a {
	case liaison.ActDecline, liaison.ActWithdraw:
		return "reason", MaxReason
	case liaison.ActClarify:
		return "question", MaxClarification
	case liaison.ActClarification:
		return "answer", MaxClarification
	}
	return "", 0
}

// act takes one step of a request's history on this node as actor: the
// read guard and the request guard decide, the step is stored and
// replayed, queued to the other side and audited in one transaction.
func (n *Node) act(ctx context.Context, actor *liaison.Officer, id string, action liaison.RequestAction, note string, assignee *liaison.Officer, answer *AnswerInput) (*liaison.Request, error) {
	audit := "request." + string(action)
	r, err := n.store.Request(ctx, id)
	if err != nil {
		return nil, err
	}
	if d := n.readRequestGuard(actor, r); !d.Allow {
		return nil, n.refuse(ctx, actor, audit, id, d)
	}
	if d := guard.ActOnRequest(guard.RequestAct{Officer: actor, Party: n.party, Request: r, Action: action, Assignee: assignee}); !d.Allow {
		return nil, n.refuse(ctx, actor, audit, id, d)
	}
	note = strings.TrimSpace(note)
	if field, max := noteField(action); field != "" {
		switch {
		case note == "":
			return nil, liaison.Invalid(liaison.FieldError{Field: field, Problem: "required"})
		case len(note) > max:
			return nil, liaison.Invalid(liaison.FieldError{Field: field, Problem: "too long"})
		case !printable(strings.ReplaceAll(strings.ReplaceAll(note, "\n", " "), "\t", " ")):
			return nil, liaison.Invalid(liaison.FieldError{Field: field, Problem: "holds control characters"})
		}
	}
	if err := actionAllowed(r, action); err != nil {
		return nil, err
	}
	c, err := n.store.Case(ctx, r.CaseID)
	if err != nil {
		return nil, n.gone(ctx, r.CaseID, err)
	}
	step := liaison.RequestStep{ID: n.newID(), Action: action, At: n.stepTime(r), By: sender(actor), Note: note}
	if action == liaison.ActAcknowledge {
		as := actor
		if assignee != nil {
			as = assignee
		}
		s := sender(as)
		step.Assignee = &s
	}
	var (
		m  *liaison.Message
		cc liaison.Case
		a  *liaison.Arrangement
	)
	if answer != nil {
		subject := "Answer to request " + r.ID
		if answer.Partial {
			subject = "Partial answer to request " + r.ID
		}
		var kase *liaison.Case
		m, kase, a, err = n.draft(ctx, actor, r.CaseID, MessageInput{Subject: subject, Body: answer.Body, Handling: answer.Handling})
		if err != nil {
			return nil, err
		}
		// The answer goes to the requesting party alone.
		cc = *kase
		cc.Parties = []string{n.party, r.From.Party}
		d := guard.Send(n.release(actor, &cc, a, m, false))
		if !d.Allow {
			if d.Approval {
				d.Reasons = append(d.Reasons, "answers are not held for approval; ask a supervisor to answer")
			}
			return nil, n.refuse(ctx, actor, audit, id, d)
		}
		withCaveats(&m.Handling, d.Caveats)
		step.Message = m.ID
	}
	body, err := json.Marshal(requestStep{Request: r.ID, Step: step})
	if err != nil {
		return nil, err
	}
	var out *liaison.Request
	apply := func(tx liaison.Tx, queued map[string]bool) error {
		if _, err := n.enqueue(tx, queued, []string{r.Counterpart()}, liaison.KindRequestStep, r.ID, c.ArrangementID, body); err != nil {
			return err
		}
		fresh, err := tx.Request(r.ID)
		if err != nil {
			return err
		}
		// Another step may have come in since r was read.
		if !fresh.Last().Before(step.At) {
			return liaison.Errorf(liaison.ECONFLICT, "request %s changed meanwhile; try again", r.ID)
		}
		if err := actionAllowed(fresh, action); err != nil {
			return err
		}
		fresh.History = append(fresh.History, step)
		fresh.Replay()
		if err := tx.SaveRequest(fresh); err != nil {
			return err
		}
		out = fresh
		if assignee != nil && assignee.ID != actor.ID {
			ev := requestEvent(fresh, "request.assigned", step.ID, step.At,
				fmt.Sprintf("Request %s (%s, %s) was assigned to you by %s", fresh.ID, fresh.Priority, fresh.Handling.CrimeArea, actor.Name))
			if err := n.notify(tx, ev); err != nil {
				return err
			}
		}
		return nil
	}
	if answer != nil {
		// The message first, then the step on the same link: the requester
		// holds the answer's message before the step that names it.
		err = n.send(ctx, actor, &cc, a, m, func(tx liaison.Tx) error {
			// n.send wakes the requester's link: the message went there too.
			if err := apply(tx, map[string]bool{}); err != nil {
				return err
			}
			return n.audit(tx, actor, audit, r.ID, "allow", []string{"message " + m.ID}, body)
		})
	} else {
		err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
			if err := apply(tx, queued); err != nil {
				return err
			}
			return n.audit(tx, actor, audit, r.ID, "allow", nil, body)
		})
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// actionAllowed returns ECONFLICT when action cannot be taken on r as it
// stands.
func actionAllowed(r *liaison.Request, action liaison.RequestAction) error {
	if _, ok := liaison.Transition(r.State, action); !ok {
		return liaison.Errorf(liaison.ECONFLICT, "request %s is %s: it cannot take %s", r.ID, r.State, action)
	}
	if action == liaison.ActClarification && !slices.ContainsFunc(r.History, func(s liaison.RequestStep) bool { return s.Action == liaison.ActClarify }) {
		return liaison.Errorf(liaison.ECONFLICT, "request %s: no clarification was asked", r.ID)
	}
	return nil
}

// stepTime is the time of a new step of r: now, or just after r's latest
// step when this node's clock is behind the other's, so that a side's
// steps always follow those it has seen.
func (n *Node) stepTime(r *liaison.Request) time.Time {
	now := n.clock()
	if last := r.Last(); !now.After(last) {
		return last.Add(time.Microsecond)
	}
	return now
}

func jsonStep(id string, s liaison.RequestStep) ([]byte, error) {
	return json.Marshal(requestStep{Request: id, Step: s})
}
