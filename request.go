package liaison

import (
	"cmp"
	"slices"
	"time"
)

// RequestState is where a request for information stands. Both nodes that
// hold a request hold the same state: the one that replaying its history
// gives (see [Request.Replay]).
type RequestState string

// Request states, as the API shows them.
const (
	RequestSent          RequestState = "sent"      // stored and queued on the requesting node
	RequestDelivered     RequestState = "delivered" // the receiving node stored it
	RequestAcknowledged  RequestState = "acknowledged"
	RequestAnswered      RequestState = "answered"
	RequestPartial       RequestState = "partially_answered" // part answered; the clock runs on
	RequestDeclined      RequestState = "declined"
	RequestWithdrawn     RequestState = "withdrawn"
	requestStateNotBegun RequestState = ""
)

// RequestStates lists every state in lifecycle order, for error messages.
var RequestStates = []RequestState{RequestSent, RequestDelivered, RequestAcknowledged,
	RequestPartial, RequestAnswered, RequestDeclined, RequestWithdrawn}

// Open reports whether a request in state s still waits for an answer:
// neither answered, declined nor withdrawn. A partial answer leaves it open.
func (s RequestState) Open() bool {
	return s != RequestAnswered && s != RequestDeclined && s != RequestWithdrawn
}

// RequestAction is what one step of a request's history does.
type RequestAction string

// Request actions. The requester sends, withdraws and answers
// clarification requests; the receiving side delivers (its node, on
// storing the request), acknowledges, answers, declines and asks for
// clarification.
const (
	ActSend          RequestAction = "send"
	ActDeliver       RequestAction = "deliver"
	ActAcknowledge   RequestAction = "acknowledge"
	ActAnswer        RequestAction = "answer"
	ActPartialAnswer RequestAction = "partial_answer"
	ActDecline       RequestAction = "decline"
	ActWithdraw      RequestAction = "withdraw"
	ActClarify       RequestAction = "clarify"       // the receiving side asks what the question means
	ActClarification RequestAction = "clarification" // the requester answers that
)

// RequestSide names the two sides of a request.
type RequestSide string

// The sides of a request.
const (
	SideRequester RequestSide = "requester"
	SideReceiver  RequestSide = "receiver"
)

// Side returns the side that may take action a.
func (a RequestAction) Side() RequestSide {
	switch a {
	case ActSend, ActWithdraw, ActClarification:
		return SideRequester
	}
	return SideReceiver
}

// Valid reports whether a is a known action.
func (a RequestAction) Valid() bool {
	switch a {
	case ActSend, ActDeliver, ActAcknowledge, ActAnswer, ActPartialAnswer, ActDecline,
		ActWithdraw, ActClarify, ActClarification:
		return true
	}
	return false
}

// Transition returns the state a request in state from moves to when
// action a is taken, and whether a may be taken in from at all. States
// only move forward. Clarification steps leave the state as it is (the
// clock runs on, as EU Directive 2023/977 has it); a delivery that comes
// after the requester already withdrew is recorded and changes nothing.
func Transition(from RequestState, a RequestAction) (RequestState, bool) {
	switch a {
	case ActSend:
		return RequestSent, from == requestStateNotBegun
	case ActDeliver:
		if from == RequestSent {
			return RequestDelivered, true
		}
	case ActAcknowledge:
		if from == RequestDelivered {
			return RequestAcknowledged, true
		}
	case ActAnswer:
		if from == RequestAcknowledged || from == RequestPartial {
			return RequestAnswered, true
		}
	case ActPartialAnswer:
		if from == RequestAcknowledged || from == RequestPartial {
			return RequestPartial, true
		}
	case ActDecline:
		if from == RequestDelivered || from == RequestAcknowledged || from == RequestPartial {
			return RequestDeclined, true
		}
	case ActWithdraw:
		if from != requestStateNotBegun && from.Open() {
			return RequestWithdrawn, true
		}
	case ActClarify, ActClarification:
		if from != requestStateNotBegun && from != RequestSent && from.Open() {
			return from, true
		}
	}
	return from, false
}

// RequestStep is one step of a request's history. Its time and actor are
// those the side that took it decided; the other side stores them as they
// came, so both hold the same history.
type RequestStep struct {
	// ID identifies the step, so a step applied twice is applied once.
	ID     string        `json:"id"`
	Action RequestAction `json:"action"`
	// State is the request's state after the step, as replayed.
	State RequestState `json:"state"`
	At    time.Time    `json:"at"`
	// By is the party, agency and officer who took the step (for a
	// delivery, the receiving node: its party alone).
	By Sender `json:"by"`
	// Note is the reason of a decline or withdrawal, or the text of a
	// clarification request or answer.
	Note string `json:"note,omitempty"`
	// Assignee is, for an acknowledgement, the officer of the receiving
	// side who answers for the request.
	Assignee *Sender `json:"assignee,omitempty"`
	// Message is, for an answer, the id of the message in the case that
	// carries it.
	Message string `json:"message,omitempty"`
	// Ignored is true for a step that came too late to change anything:
	// the other side had closed the request first (by the steps' times).
	Ignored bool `json:"ignored,omitempty"`
}

// Reminders are the bits of the reminders a node sent about a request,
// each once.
type Reminders int

// Reminder bits.
const (
	RemindHalf   Reminders = 1 << iota // 50 % of the time gone
	RemindNinety                       // 90 % of the time gone
	RemindBreach                       // the deadline passed
)

// Request is a request for information: a question in a case that
// expects an answer by a deadline. Its ID (a UUIDv7) is assigned by the
// requesting node and is the same on both nodes.
type Request struct {
	ID       string    `json:"id"`
	CaseID   string    `json:"case_id"`
	Question string    `json:"question"`
	Priority Priority  `json:"priority"`
	Due      time.Time `json:"due"`
	Handling Handling  `json:"handling"`
	From     Sender    `json:"from"`
	// To is the party asked.
	To    string       `json:"to"`
	State RequestState `json:"state"`
	// Assignee is the officer of the receiving side who acknowledged it,
	// or whom they named.
	Assignee *Sender   `json:"assignee,omitempty"`
	Created  time.Time `json:"created"`
	// Acknowledged and Closed (answered, declined or withdrawn) are the
	// times of those steps, as replayed; nil until then.
	Acknowledged *time.Time `json:"acknowledged,omitempty"`
	Closed       *time.Time `json:"closed,omitempty"`
	// AnswerMessage is the id of the message that carried the last answer.
	AnswerMessage string        `json:"answer_message,omitempty"`
	History       []RequestStep `json:"history"`
	// Inbound is true on the receiving side.
	Inbound bool `json:"inbound"`
	// Reminders are those this node sent; local, never sent across.
	Reminders Reminders `json:"-"`
}

// Counterpart returns the party on the other side from this node's.
func (r *Request) Counterpart() string {
	if r.Inbound {
		return r.From.Party
	}
	return r.To
}

// SideOf returns the side party is on, or "" when it is neither.
func (r *Request) SideOf(party string) RequestSide {
	switch party {
	case r.From.Party:
		return SideRequester
	case r.To:
		return SideReceiver
	}
	return ""
}

// Replay orders the history by time (then party, then step id), applies
// each step in turn and sets State, Assignee, Acknowledged, Closed and
// AnswerMessage from it. Two nodes holding the same steps thus hold the
// same state, whatever order the steps reached them in: when both sides
// act at once (an answer crossing a withdrawal), the earlier step wins
// and the later one is recorded as Ignored.
func (r *Request) Replay() {
	slices.SortStableFunc(r.History, func(x, y RequestStep) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.By.Party, y.By.Party), cmp.Compare(x.ID, y.ID))
	})
	st := requestStateNotBegun
	r.Assignee, r.Acknowledged, r.Closed, r.AnswerMessage = nil, nil, nil, ""
	for i := range r.History {
		s := &r.History[i]
		next, ok := Transition(st, s.Action)
		s.Ignored = !ok
		if ok {
			st = next
			at := s.At
			switch s.Action {
			case ActAcknowledge:
				r.Acknowledged, r.Assignee = &at, s.Assignee
			case ActAnswer, ActPartialAnswer:
				r.AnswerMessage = s.Message
			}
			if !st.Open() {
				r.Closed = &at
			}
		}
		s.State = st
	}
	r.State = st
}

// Last returns the time of the latest step; a new step is taken after it,
// so that each side's steps follow those it has seen whatever the clocks.
func (r *Request) Last() time.Time {
	var t time.Time
	for _, s := range r.History {
		if s.At.After(t) {
			t = s.At
		}
	}
	return t
}

// Fraction returns the point f (0 to 1) of the time from Created to Due.
func (r *Request) Fraction(f float64) time.Time {
	return r.Created.Add(time.Duration(float64(r.Due.Sub(r.Created)) * f))
}

// NextReminder returns the next reminder this node owes for the request
// and when it falls due, or false when it owes none: the receiving node
// reminds at 50 % and 90 % of the time and escalates at the deadline; the
// requesting node tells its officer of the breach. A closed request owes
// nothing.
func (r *Request) NextReminder() (Reminders, time.Time, bool) {
	if !r.State.Open() {
		return 0, time.Time{}, false
	}
	if r.Inbound {
		if r.Reminders&(RemindHalf|RemindNinety|RemindBreach) == 0 {
			return RemindHalf, r.Fraction(0.5), true
		}
		if r.Reminders&(RemindNinety|RemindBreach) == 0 {
			return RemindNinety, r.Fraction(0.9), true
		}
	}
	if r.Reminders&RemindBreach == 0 {
		return RemindBreach, r.Due, true
	}
	return 0, time.Time{}, false
}

// DueReminder returns the latest reminder that has fallen due at now and
// not been sent, and the bits to record: it and every earlier one, so
// that a node that was down across two thresholds tells its officers once,
// of the later one. ok is false when none is due.
func (r *Request) DueReminder(now time.Time) (latest, record Reminders, ok bool) {
	for {
		k, at, more := r.NextReminder()
		if !more || at.After(now) {
			return latest, record, latest != 0
		}
		latest = k
		record |= k
		r.Reminders |= k
	}
}

// NextRemind returns when the next reminder falls due, nil for none: the
// value the store indexes for the reminder scan.
func (r *Request) NextRemind() *time.Time {
	if _, at, ok := r.NextReminder(); ok {
		return &at
	}
	return nil
}

// RequestFilter selects requests. Pointer fields mean "unset".
type RequestFilter struct {
	// Open selects open (true) or closed (false) requests.
	Open *bool
	// States selects requests in one of the states.
	States []RequestState
	// DueBefore selects requests due before the time (with Open: overdue).
	// The page is then in deadline order, the longest overdue first (and
	// in the order stored among equal deadlines), and so are its cursors:
	// the overdue are few among many open requests, and this order finds
	// them without walking the others.
	DueBefore *time.Time
	// Party is the party on the other side.
	Party *string
	Area  *CrimeArea
	// CreatedFrom and CreatedTo bound when the request was sent, To
	// excluded.
	CreatedFrom, CreatedTo *time.Time
	After                  string // cursor from a previous page
	Limit                  int
}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	return p == PriorityUrgent || p == PriorityHigh || p == PriorityRoutine
}
