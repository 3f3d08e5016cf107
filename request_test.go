package liaison_test

import (
	"slices"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func TestTransition(t *testing.T) {
	const (
		none    = liaison.RequestState("")
		sent    = liaison.RequestSent
		deliv   = liaison.RequestDelivered
		acked   = liaison.RequestAcknowledged
		partial = liaison.RequestPartial
		answ    = liaison.RequestAnswered
		decl    = liaison.RequestDeclined
		withd   = liaison.RequestWithdrawn
	)
	for _, c := range []struct {
		from liaison.RequestState
		act  liaison.RequestAction
		to   liaison.RequestState
		ok   bool
	}{
		{none, liaison.ActSend, sent, true},
		{sent, liaison.ActSend, sent, false},
		{sent, liaison.ActDeliver, deliv, true},
		{withd, liaison.ActDeliver, withd, false}, // a delivery after a withdrawal changes nothing
		{sent, liaison.ActAcknowledge, sent, false},
		{deliv, liaison.ActAcknowledge, acked, true},
		{acked, liaison.ActAcknowledge, acked, false},
		{deliv, liaison.ActAnswer, deliv, false}, // acknowledge first
		{acked, liaison.ActAnswer, answ, true},
		{acked, liaison.ActPartialAnswer, partial, true},
		{partial, liaison.ActPartialAnswer, partial, true},
		{partial, liaison.ActAnswer, answ, true},
		{answ, liaison.ActPartialAnswer, answ, false}, // never backwards
		{sent, liaison.ActDecline, sent, false},
		{deliv, liaison.ActDecline, decl, true},
		{partial, liaison.ActDecline, decl, true},
		{answ, liaison.ActDecline, answ, false},
		{sent, liaison.ActWithdraw, withd, true},
		{acked, liaison.ActWithdraw, withd, true},
		{decl, liaison.ActWithdraw, decl, false},
		{withd, liaison.ActWithdraw, withd, false},
		{sent, liaison.ActClarify, sent, false},
		{acked, liaison.ActClarify, acked, true}, // the clock runs on
		{deliv, liaison.ActClarification, deliv, true},
		{answ, liaison.ActClarify, answ, false},
		{none, liaison.ActDeliver, none, false},
	} {
		to, ok := liaison.Transition(c.from, c.act)
		if to != c.to || ok != c.ok {
			t.Errorf("Transition(%q, %s) = %q, %v; want %q, %v", c.from, c.act, to, ok, c.to, c.ok)
		}
	}
}

func TestTransitionSides(t *testing.T) {
	for _, a := range []liaison.RequestAction{liaison.ActSend, liaison.ActWithdraw, liaison.ActClarification} {
		if a.Side() != liaison.SideRequester {
			t.Errorf("%s.Side() = %s, want requester", a, a.Side())
		}
	}
	for _, a := range []liaison.RequestAction{liaison.ActDeliver, liaison.ActAcknowledge, liaison.ActAnswer,
		liaison.ActPartialAnswer, liaison.ActDecline, liaison.ActClarify} {
		if a.Side() != liaison.SideReceiver {
			t.Errorf("%s.Side() = %s, want receiver", a, a.Side())
		}
	}
}

// TestReplayOrder gives two nodes the same steps in different orders:
// both replay to the same state and history.
func TestReplayOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	step := func(id string, a liaison.RequestAction, party string, min int) liaison.RequestStep {
		return liaison.RequestStep{ID: id, Action: a, At: t0.Add(time.Duration(min) * time.Minute), By: liaison.Sender{Party: party}}
	}
	steps := []liaison.RequestStep{
		step("1", liaison.ActSend, "in", 0),
		step("2", liaison.ActDeliver, "ca", 1),
		step("3", liaison.ActAcknowledge, "ca", 2),
		step("4", liaison.ActAnswer, "ca", 5),
		step("5", liaison.ActWithdraw, "in", 5), // same instant: party order decides (ca first)
	}
	a := liaison.Request{History: slices.Clone(steps)}
	b := liaison.Request{History: []liaison.RequestStep{steps[0], steps[4], steps[1], steps[3], steps[2]}}
	a.Replay()
	b.Replay()
	if a.State != liaison.RequestAnswered || b.State != a.State {
		t.Fatalf("states %s and %s, want answered on both", a.State, b.State)
	}
	if !slices.EqualFunc(a.History, b.History, func(x, y liaison.RequestStep) bool {
		return x.ID == y.ID && x.Ignored == y.Ignored && x.State == y.State
	}) {
		t.Errorf("histories differ:\n%+v\n%+v", a.History, b.History)
	}
	if last := a.History[4]; last.ID != "5" || !last.Ignored {
		t.Errorf("last step %+v, want the withdrawal, ignored", last)
	}
	if a.Closed == nil || !a.Closed.Equal(t0.Add(5*time.Minute)) || a.Acknowledged == nil {
		t.Errorf("closed %v acknowledged %v", a.Closed, a.Acknowledged)
	}
}

func TestDueReminder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	in := func() *liaison.Request {
		return &liaison.Request{Created: t0, Due: t0.Add(10 * time.Hour), State: liaison.RequestDelivered, Inbound: true}
	}
	for _, c := range []struct {
		name          string
		r             *liaison.Request
		at            time.Duration
		latest, after liaison.Reminders
		ok            bool
	}{
		{"Before", in(), 4 * time.Hour, 0, 0, false},
		{"Half", in(), 5 * time.Hour, liaison.RemindHalf, liaison.RemindHalf, true},
		{"NinetySkipsHalf", in(), 9 * time.Hour, liaison.RemindNinety, liaison.RemindHalf | liaison.RemindNinety, true},
		{"Breach", in(), 11 * time.Hour, liaison.RemindBreach, liaison.RemindHalf | liaison.RemindNinety | liaison.RemindBreach, true},
		{"RequesterOnlyBreach", &liaison.Request{Created: t0, Due: t0.Add(10 * time.Hour), State: liaison.RequestSent}, 9 * time.Hour, 0, 0, false},
		{"Closed", &liaison.Request{Created: t0, Due: t0.Add(time.Hour), State: liaison.RequestAnswered, Inbound: true}, 9 * time.Hour, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			latest, _, ok := c.r.DueReminder(t0.Add(c.at))
			if latest != c.latest || ok != c.ok || c.r.Reminders != c.after {
				t.Errorf("DueReminder = %v, %v (sent %b); want %v, %v (sent %b)", latest, ok, c.r.Reminders, c.latest, c.ok, c.after)
			}
			if _, _, again := c.r.DueReminder(t0.Add(c.at)); again {
				t.Errorf("DueReminder again at the same time = true")
			}
		})
	}
}
