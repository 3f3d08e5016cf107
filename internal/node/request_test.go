package node_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// eventLog records the events a node notified.
type eventLog struct {
	mu  sync.Mutex
	evs []liaison.Event
}

func (l *eventLog) add(ev liaison.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evs = append(l.evs, ev)
}

// take returns the events recorded since the last take, and forgets them.
func (l *eventLog) take() []liaison.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	evs := l.evs
	l.evs = nil
	return evs
}

// kinds returns the kinds of evs, in order.
func kinds(evs []liaison.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// mustAsk has in ask ca a request in a new drugs case, carries the case
// and the request to ca and the delivery back, and returns the request.
func mustAsk(tb testing.TB, p *pair, prio liaison.Priority) *liaison.Request {
	tb.Helper()
	c := mustCase(tb, p.in, "ca")
	r, err := p.in.AskRequest(context.Background(), p.in.liaison, node.RequestInput{
		CaseID: c.ID, Question: "Who consigned container MSCU 123456 6?", Priority: prio,
		Handling: drugsHandling("in"),
	})
	if err != nil {
		tb.Fatalf("AskRequest: %v", err)
	}
	for _, o := range carry(tb, p.in, p.ca) {
		if o.Status != liaison.InboundStored {
			tb.Fatalf("carry to ca: %s %s (%s)", o.Kind, o.Status, o.Reason)
		}
	}
	exchange(tb, p)
	return r
}

// exchange carries what each node queued to the other until both
// outboxes are empty, failing on any refusal.
func exchange(tb testing.TB, p *pair) {
	tb.Helper()
	for range 4 {
		moved := 0
		for _, d := range [][2]*testNode{{p.in, p.ca}, {p.ca, p.in}} {
			for _, o := range carry(tb, d[0], d[1]) {
				moved++
				if o.Status != liaison.InboundStored {
					tb.Fatalf("carry to %s: %s %s (%s)", d[1].Party(), o.Kind, o.Status, o.Reason)
				}
			}
		}
		if moved == 0 {
			return
		}
	}
}

func storedRequest(tb testing.TB, n *testNode, id string) *liaison.Request {
	tb.Helper()
	r, err := n.store.Request(context.Background(), id)
	if err != nil {
		tb.Fatalf("%s: Request(%s): %v", n.Party(), id, err)
	}
	return r
}

// sameRequest fails unless both nodes hold request id in state want with
// the same history.
func sameRequest(tb testing.TB, p *pair, id string, want liaison.RequestState) *liaison.Request {
	tb.Helper()
	in, ca := storedRequest(tb, p.in, id), storedRequest(tb, p.ca, id)
	if in.State != want || ca.State != want {
		tb.Errorf("state in %s, ca %s; want %s on both", in.State, ca.State, want)
	}
	if diff := cmp.Diff(in.History, ca.History); diff != "" {
		tb.Errorf("history differs (-in +ca):\n%s", diff)
	}
	if diff := cmp.Diff(in.Assignee, ca.Assignee); diff != "" {
		tb.Errorf("assignee differs (-in +ca):\n%s", diff)
	}
	if !in.Due.Equal(ca.Due) || !in.Created.Equal(ca.Created) || in.Inbound || !ca.Inbound {
		tb.Errorf("in %v..%v inbound %v, ca %v..%v inbound %v", in.Created, in.Due, in.Inbound, ca.Created, ca.Due, ca.Inbound)
	}
	return ca
}

func actions(r *liaison.Request) []liaison.RequestAction {
	var out []liaison.RequestAction
	for _, s := range r.History {
		out = append(out, s.Action)
	}
	return out
}

func TestRequestLifecycle(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityHigh)
	if want := r.Created.Add(72 * time.Hour); !r.Due.Equal(want) {
		t.Errorf("due %v, want the arrangement's 72h after %v", r.Due, r.Created)
	}
	sameRequest(t, p, r.ID, liaison.RequestDelivered)
	if got := kinds(p.ca.events.take()); !slices.Equal(got, []string{"request.received"}) {
		t.Errorf("ca events on receipt %v", got)
	}

	// The liaison officer acknowledges and names the supervisor.
	if _, err := p.ca.AcknowledgeRequest(ctx, p.ca.liaison, r.ID, p.ca.superv.ID); err != nil {
		t.Fatalf("AcknowledgeRequest: %v", err)
	}
	exchange(t, p)
	got := sameRequest(t, p, r.ID, liaison.RequestAcknowledged)
	if got.Assignee == nil || got.Assignee.OfficerID != p.ca.superv.ID || got.Acknowledged == nil {
		t.Errorf("assignee %+v, acknowledged %v", got.Assignee, got.Acknowledged)
	}
	if evs := p.in.events.take(); len(evs) != 1 || evs[0].Kind != "request.acknowledged" || !slices.Equal(evs[0].Officers, []string{p.in.liaison.ID}) {
		t.Errorf("in events on ack %+v", evs)
	}

	if _, err := p.ca.ClarifyRequest(ctx, p.ca.superv, r.ID, "Which shipment date?"); err != nil {
		t.Fatalf("ClarifyRequest: %v", err)
	}
	exchange(t, p)
	if _, err := p.in.ClarificationRequest(ctx, p.in.liaison, r.ID, "The one of 12 February."); err != nil {
		t.Fatalf("ClarificationRequest: %v", err)
	}
	exchange(t, p)
	sameRequest(t, p, r.ID, liaison.RequestAcknowledged)

	if _, err := p.ca.AnswerRequest(ctx, p.ca.superv, r.ID, node.AnswerInput{Body: "Consigned by a trading company in Surrey.", Handling: drugsHandling("ca")}); err != nil {
		t.Fatalf("AnswerRequest: %v", err)
	}
	exchange(t, p)
	got = sameRequest(t, p, r.ID, liaison.RequestAnswered)
	want := []liaison.RequestAction{liaison.ActSend, liaison.ActDeliver, liaison.ActAcknowledge,
		liaison.ActClarify, liaison.ActClarification, liaison.ActAnswer}
	if !slices.Equal(actions(got), want) {
		t.Errorf("history %v, want %v", actions(got), want)
	}
	if got.AnswerMessage == "" || got.Closed == nil {
		t.Fatalf("answer message %q closed %v", got.AnswerMessage, got.Closed)
	}
	if m := readAs(t, p.in, p.in.liaison, got.AnswerMessage); m.Body != "Consigned by a trading company in Surrey." || m.CaseID != r.CaseID {
		t.Errorf("answer message %+v", m)
	}
	// Done is done.
	_, err := p.ca.DeclineRequest(ctx, p.ca.superv, r.ID, "changed our mind")
	wantCode(t, "DeclineRequest(answered)", err, liaison.ECONFLICT)
	_, err = p.in.WithdrawRequest(ctx, p.in.liaison, r.ID, "no longer needed")
	wantCode(t, "WithdrawRequest(answered)", err, liaison.ECONFLICT)
	// Both sides list it as answered.
	for _, n := range []*testNode{p.in, p.ca} {
		rs, _, err := n.Requests(ctx, n.liaison, node.RequestList{View: "answered"})
		if err != nil || len(rs) != 1 || rs[0].ID != r.ID {
			t.Errorf("%s: Requests(answered) = %d, %v", n.Party(), len(rs), err)
		}
		rs, _, err = n.Requests(ctx, n.liaison, node.RequestList{View: "open"})
		if err != nil || len(rs) != 0 {
			t.Errorf("%s: Requests(open) = %d, %v", n.Party(), len(rs), err)
		}
	}
}

func TestRequestDeclinedWithdrawn(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityRoutine)
	_, err := p.ca.DeclineRequest(ctx, p.ca.liaison, r.ID, " ")
	wantCode(t, "DeclineRequest(no reason)", err, liaison.EINVALID)
	if _, err := p.ca.DeclineRequest(ctx, p.ca.liaison, r.ID, "Outside our legal powers."); err != nil {
		t.Fatalf("DeclineRequest: %v", err)
	}
	exchange(t, p)
	got := sameRequest(t, p, r.ID, liaison.RequestDeclined)
	if n := got.History[len(got.History)-1]; n.Note != "Outside our legal powers." || n.By.OfficerID != p.ca.liaison.ID {
		t.Errorf("decline step %+v", n)
	}

	w := mustAsk(t, p, liaison.PriorityUrgent)
	_, err = p.ca.WithdrawRequest(ctx, p.ca.liaison, w.ID, "not ours")
	wantCode(t, "WithdrawRequest on the receiving side", err, liaison.EFORBIDDEN)
	_, err = p.in.AcknowledgeRequest(ctx, p.in.liaison, w.ID, "")
	wantCode(t, "AcknowledgeRequest on the requesting side", err, liaison.EFORBIDDEN)
	_, err = p.ca.AcknowledgeRequest(ctx, p.ca.analyst, w.ID, "")
	wantCode(t, "AcknowledgeRequest as an analyst", err, liaison.EFORBIDDEN)
	_, err = p.ca.AnswerRequest(ctx, p.ca.liaison, w.ID, node.AnswerInput{Body: "x", Handling: drugsHandling("ca")})
	wantCode(t, "AnswerRequest before acknowledging", err, liaison.ECONFLICT)
	if _, err := p.in.WithdrawRequest(ctx, p.in.liaison, w.ID, "Seized already."); err != nil {
		t.Fatalf("WithdrawRequest: %v", err)
	}
	exchange(t, p)
	sameRequest(t, p, w.ID, liaison.RequestWithdrawn)
}

// TestRequestCrossing has ca decline and in withdraw at once, before
// either step crossed: both nodes keep both steps and agree that the
// earlier one decided.
func TestRequestCrossing(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityHigh)
	if _, err := p.ca.DeclineRequest(ctx, p.ca.liaison, r.ID, "No powers."); err != nil {
		t.Fatal(err)
	}
	p.in.clock.advance(time.Minute) // in withdraws later, by the clocks
	if _, err := p.in.WithdrawRequest(ctx, p.in.liaison, r.ID, "Seized already."); err != nil {
		t.Fatal(err)
	}
	exchange(t, p)
	got := sameRequest(t, p, r.ID, liaison.RequestDeclined)
	last := got.History[len(got.History)-1]
	if last.Action != liaison.ActWithdraw || !last.Ignored {
		t.Errorf("last step %+v, want the withdrawal, ignored", last)
	}
}

// TestRequestStepRefused sends steps the receiver must refuse, each as
// that item's fault, and a good one behind them that still goes through.
func TestRequestStepRefused(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityHigh)
	at := storedRequest(t, p.in, r.ID).Last().Add(time.Hour)
	step := func(a liaison.RequestAction, by string, note string) []byte {
		b, _ := json.Marshal(map[string]any{"request": r.ID, "step": liaison.RequestStep{
			ID: "step-" + string(a) + by, Action: a, At: at, By: liaison.Sender{Party: by, Agency: "ncb"}, Note: note}})
		return b
	}
	items := []node.Incoming{
		{Seq: 0, Kind: liaison.KindRequestStep, ID: r.ID, Body: step(liaison.ActAnswer, "in", "")},                                      // the requester answering
		{Seq: 0, Kind: liaison.KindRequestStep, ID: r.ID, Body: step(liaison.ActDecline, "in", "no")},                                   // nor declining
		{Seq: 0, Kind: liaison.KindRequestStep, ID: r.ID, Body: step(liaison.ActWithdraw, "in", "")},                                    // withdrawing without a reason
		{Seq: 0, Kind: liaison.KindRequestStep, ID: r.ID, Body: step(liaison.ActClarification, "in", "answer")},                         // nothing was asked
		{Seq: 0, Kind: liaison.KindRequestStep, ID: "0195ffff-0000-7000-8000-000000000001", Body: step(liaison.ActWithdraw, "in", "x")}, // wrong id
		{Seq: 0, Kind: liaison.KindRequestStep, ID: r.ID, Body: step(liaison.ActWithdraw, "in", "Seized already.")},
	}
	seq := link(t, p.ca, "in").LastInSeq
	for i := range items {
		seq++
		items[i].Seq = seq
	}
	outcomes, err := p.ca.Receive(ctx, "in", "env-bad", p.arr.ID, items)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range outcomes {
		want := liaison.InboundRefused
		if i == len(outcomes)-1 {
			want = liaison.InboundStored
		}
		if o.Status != want {
			t.Errorf("item %d: %s (%s), want %s", i, o.Status, o.Reason, want)
		}
	}
	if got := storedRequest(t, p.ca, r.ID); got.State != liaison.RequestWithdrawn {
		t.Errorf("ca state %s, want withdrawn", got.State)
	}
}

// TestRequestClock moves the clocks across 50 %, 90 % and the deadline
// of an urgent request (8 hours) and checks each reminder is sent once,
// to whom it should be.
func TestRequestClock(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityUrgent)
	p.ca.events.take()
	remind := func(n *testNode) []liaison.Event {
		t.Helper()
		if _, err := n.RemindRequests(ctx); err != nil {
			t.Fatalf("%s: RemindRequests: %v", n.Party(), err)
		}
		return n.events.take()
	}
	if evs := remind(p.ca); len(evs) != 0 {
		t.Errorf("events before 50 %%: %v", kinds(evs))
	}
	p.ca.clock.advance(4*time.Hour + time.Minute)
	evs := remind(p.ca)
	if len(evs) != 1 || evs[0].Kind != "request.reminder" || !slices.Equal(evs[0].Roles, []liaison.Role{liaison.RoleLiaison}) || evs[0].Object != r.ID {
		t.Fatalf("events at 50 %% = %+v, want one reminder to the liaison officers", evs)
	}
	if evs := remind(p.ca); len(evs) != 0 {
		t.Errorf("50 %% reminded again: %v", kinds(evs))
	}
	if _, err := p.ca.AcknowledgeRequest(ctx, p.ca.liaison, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	exchange(t, p)
	p.ca.events.take()
	p.in.events.take()
	p.ca.clock.advance(3*time.Hour + 15*time.Minute) // 90 % is at 7h12m
	evs = remind(p.ca)
	if len(evs) != 1 || evs[0].Kind != "request.reminder" || !slices.Equal(evs[0].Officers, []string{p.ca.liaison.ID}) {
		t.Fatalf("events at 90 %% = %+v, want one reminder to the assignee", evs)
	}
	if evs := remind(p.in); len(evs) != 0 {
		t.Errorf("in reminded before the deadline: %v", kinds(evs))
	}
	p.ca.clock.advance(time.Hour)
	p.in.clock.advance(8*time.Hour + time.Minute)
	evs = remind(p.ca)
	if len(evs) != 1 || evs[0].Kind != "request.overdue" || !slices.Contains(evs[0].Roles, liaison.RoleSupervisor) || !slices.Equal(evs[0].Officers, []string{p.ca.liaison.ID}) {
		t.Fatalf("events at the deadline on ca = %+v, want an escalation to the supervisors and the assignee", evs)
	}
	evs = remind(p.in)
	if len(evs) != 1 || evs[0].Kind != "request.overdue" || !slices.Equal(evs[0].Officers, []string{p.in.liaison.ID}) {
		t.Fatalf("events at the deadline on in = %+v, want a notice to the requester", evs)
	}
	for _, n := range []*testNode{p.in, p.ca} {
		n.clock.advance(24 * time.Hour)
		if evs := remind(n); len(evs) != 0 {
			t.Errorf("%s reminded again after the deadline: %v", n.Party(), kinds(evs))
		}
		rs, _, err := n.Requests(ctx, n.liaison, node.RequestList{View: "overdue"})
		if err != nil || len(rs) != 1 {
			t.Errorf("%s: Requests(overdue) = %d, %v", n.Party(), len(rs), err)
		}
	}
}

// TestRequestRestart closes ca's node and store before the 50 % reminder
// and opens them again after it: the reminder is sent once, by the new
// node, and not again.
func TestRequestRestart(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityUrgent)
	if _, err := p.ca.RemindRequests(ctx); err != nil {
		t.Fatal(err)
	}
	p.ca.events.take()
	if err := p.ca.store.Close(); err != nil {
		t.Fatal(err)
	}
	p.ca.clock.advance(5 * time.Hour)
	again := reopen(t, p.ca)
	for range 2 {
		if _, err := again.RemindRequests(ctx); err != nil {
			t.Fatal(err)
		}
	}
	evs := again.events.take()
	if len(evs) != 1 || evs[0].ID != "request.reminder:"+r.ID+":50" {
		t.Fatalf("events after the restart = %+v, want the 50 %% reminder once", evs)
	}
	again.clock.advance(3 * time.Hour)
	if _, err := again.RemindRequests(ctx); err != nil {
		t.Fatal(err)
	}
	if evs := again.events.take(); len(evs) != 1 || evs[0].Kind != "request.overdue" {
		t.Errorf("events past the deadline = %v, want the escalation alone (90 %% passed while it slept)", kinds(evs))
	}
}

// reopen opens n's store file again and starts a new node on it with n's
// clock, ids and officers.
func reopen(tb testing.TB, n *testNode) *testNode {
	tb.Helper()
	st, err := sqlite.Open(n.path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	events := &eventLog{}
	nn, err := node.New(node.Config{Party: n.Party(), Name: n.Name(), Store: st, Now: n.clock.Now, NewID: n.ids, Observe: events.add})
	if err != nil {
		tb.Fatal(err)
	}
	return &testNode{Node: nn, store: st, wrapped: st, path: n.path, ids: n.ids, clock: n.clock,
		liaison: n.liaison, cyber: n.cyber, analyst: n.analyst, auditor: n.auditor, superv: n.superv, events: events}
}

func TestRequestMetrics(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	r := mustAsk(t, p, liaison.PriorityHigh)
	mustAsk(t, p, liaison.PriorityRoutine)
	p.ca.clock.advance(time.Hour)
	if _, err := p.ca.AcknowledgeRequest(ctx, p.ca.liaison, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	p.ca.clock.advance(time.Hour)
	if _, err := p.ca.AnswerRequest(ctx, p.ca.liaison, r.ID, node.AnswerInput{Body: "Answer.", Handling: drugsHandling("ca")}); err != nil {
		t.Fatal(err)
	}
	exchange(t, p)
	for _, n := range []*testNode{p.in, p.ca} {
		m, err := n.RequestMetrics(ctx, n.superv, "2025-03-01", "2025-03-31")
		if err != nil {
			t.Fatalf("%s: RequestMetrics: %v", n.Party(), err)
		}
		tot := m.Total
		if tot.Count != 2 || tot.Acknowledged != 1 || tot.Answered != 1 || tot.OnTime != 1 || *tot.OnTimeShare != 0.5 {
			t.Errorf("%s: total %+v", n.Party(), tot)
		}
		if tot.AckMedian == nil || *tot.AckMedian < 3600 || tot.AnswerP90 == nil || *tot.AnswerP90 < 7200 {
			t.Errorf("%s: ack median %v answer p90 %v, want at least 1 h and 2 h", n.Party(), tot.AckMedian, tot.AnswerP90)
		}
		if len(m.ByPriority) != 2 || m.ByPriority[0].Key != "high" || m.ByPriority[0].Answered != 1 {
			t.Errorf("%s: by priority %+v", n.Party(), m.ByPriority)
		}
		if len(m.ByAgency) != 2 || m.ByAgency[0].Key != "ca/(unassigned)" || m.ByAgency[1].Key != "ca/rcmp" {
			t.Errorf("%s: by agency %+v", n.Party(), m.ByAgency)
		}
		rep, err := n.OversightReport(ctx, n.superv, node.ReportInput{From: "2025-03-01", To: "2025-03-31"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Requests.Requests != 2 || rep.Requests.Answered != 1 || rep.Requests.OnTime != 1 {
			t.Errorf("%s: report timeliness %+v", n.Party(), rep.Requests)
		}
	}
	_, err := p.in.RequestMetrics(ctx, p.in.analyst, "2025-03-01", "2025-03-31")
	wantCode(t, "RequestMetrics(analyst)", err, liaison.EFORBIDDEN)
	_, err = p.in.RequestMetrics(ctx, p.in.superv, "2025-03-01", "March")
	wantCode(t, "RequestMetrics(bad to)", err, liaison.EINVALID)
}

// TestRequestRefusedByPeer: when the receiving node refuses the request
// (here, it no longer holds the case), the requester's request closes as
// withdrawn with the peer's reason, and its clock stops.
func TestRequestRefusedByPeer(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	carry(t, p.in, p.ca)
	err := p.ca.store.Update(ctx, func(tx liaison.Tx) error {
		return tx.PurgeCase(&liaison.Tombstone{ObjectID: c.ID, Kind: liaison.KindCase, CaseID: c.ID, Created: c.Created,
			Purged: c.Created, Reason: "test", By: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.in.AskRequest(ctx, p.in.liaison, node.RequestInput{CaseID: c.ID, Question: "Who?", Priority: liaison.PriorityUrgent, Handling: drugsHandling("in")})
	if err != nil {
		t.Fatal(err)
	}
	if o := carry(t, p.in, p.ca); len(o) != 1 || o[0].Status != liaison.InboundRefused {
		t.Fatalf("carry = %+v, want the request refused", o)
	}
	got := storedRequest(t, p.in, r.ID)
	if got.State != liaison.RequestWithdrawn || got.NextRemind() != nil {
		t.Errorf("state %s, next reminder %v; want withdrawn, none", got.State, got.NextRemind())
	}
	if evs := p.in.events.take(); len(evs) != 1 || evs[0].Kind != "request.refused" {
		t.Errorf("events %v, want request.refused", kinds(evs))
	}
}
