package node_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/workplans"
	"github.com/liaison-project/liaison/internal/arrangement"
	"github.com/liaison-project/liaison/internal/node"
)

// canonicalPlan is the whole plan n holds as JSON: objectives and actions
// by id, notes by (time, id), every field replicated. Two nodes that hold
// the same plan encode it to the same bytes.
func canonicalPlan(tb testing.TB, n *testNode) string {
	tb.Helper()
	os, next, err := n.store.Workplan(context.Background(), liaison.WorkplanFilter{Limit: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	if next != "" {
		tb.Fatal("more than 1000 objectives")
	}
	b, err := json.MarshalIndent(os, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// planFixture is an objective with one action owned by each party, on
// both nodes.
type planFixture struct {
	obj          *liaison.Objective
	inAct, caAct *liaison.Action
}

func mustPlan(tb testing.TB, p *pair) planFixture {
	tb.Helper()
	ctx := context.Background()
	o, err := p.in.CreateObjective(ctx, p.in.liaison, node.ObjectiveInput{Title: "Drug and fentanyl-precursor information sharing"})
	if err != nil {
		tb.Fatalf("CreateObjective: %v", err)
	}
	carry(tb, p.in, p.ca)
	inAct, err := p.in.AddAction(ctx, p.in.liaison, o.ID, node.ActionInput{
		Title: "Share NCB precursor seizure data monthly", Due: "2025-04-30",
		Counterpart: liaison.Side{Party: "ca", Agency: "rcmp"},
	})
	if err != nil {
		tb.Fatalf("AddAction(in): %v", err)
	}
	caAct, err := p.ca.AddAction(ctx, p.ca.liaison, o.ID, node.ActionInput{
		Title: "Name a CBSA precursor contact", Due: "2025-03-31", Agency: "cbsa",
		Counterpart: liaison.Side{Party: "in", Agency: "ncb", Officer: "Liaison in"},
	})
	if err != nil {
		tb.Fatalf("AddAction(ca): %v", err)
	}
	carry(tb, p.in, p.ca)
	carry(tb, p.ca, p.in)
	return planFixture{o, inAct, caAct}
}

func ptr[T any](v T) *T { return &v }

// TestWorkplanConverges edits the plan on both sides while the link is
// down, then delivers the queues in both orders: both nodes end with the
// same plan, every note on it, and each action as its owner last set it.
func TestWorkplanConverges(t *testing.T) {
	for _, order := range []string{"in-first", "ca-first"} {
		t.Run(order, func(t *testing.T) {
			ctx := context.Background()
			p := newPair(t)
			f := mustPlan(t, p)
			if a, b := canonicalPlan(t, p.in), canonicalPlan(t, p.ca); a != b {
				t.Fatalf("plans differ before the outage:\nin: %s\nca: %s", a, b)
			}
			// The outage: nothing is carried while both sides work.
			mustUpdateAction(t, p.in, p.in.liaison, f.inAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionInProgress)})
			mustUpdateAction(t, p.ca, p.ca.liaison, f.caAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionBlocked), Due: ptr("2025-04-15")})
			mustUpdateAction(t, p.in, p.in.superv, f.inAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionDone), Links: &[]string{"0195abcd-0000-7000-8000-000000000001"}})
			mustUpdateAction(t, p.ca, p.ca.liaison, f.caAct.ID, node.ActionUpdate{Title: ptr("Name CBSA and RCMP precursor contacts")})
			var notes int
			for _, n := range []*testNode{p.in, p.ca} {
				for _, act := range []string{f.inAct.ID, f.caAct.ID} {
					for i := range 3 {
						if _, err := n.AddNote(ctx, n.liaison, act, node.NoteInput{Text: "Note " + string(rune('a'+i)) + " from " + n.Party()}); err != nil {
							t.Fatalf("%s.AddNote: %v", n.Party(), err)
						}
						notes++
					}
				}
			}
			// The non-owner's change is refused where it is made.
			_, err := p.ca.UpdateAction(ctx, p.ca.liaison, f.inAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionDropped)})
			wantCode(t, "ca.UpdateAction(in's action)", err, liaison.EFORBIDDEN)

			first, second := p.in, p.ca
			if order == "ca-first" {
				first, second = p.ca, p.in
			}
			for _, o := range append(carry(t, first, second), carry(t, second, first)...) {
				if o.Status != liaison.InboundStored {
					t.Errorf("item %d (%s) %s: %s", o.Seq, o.ObjectID, o.Status, o.Reason)
				}
			}
			a, b := canonicalPlan(t, p.in), canonicalPlan(t, p.ca)
			if a != b {
				t.Fatalf("plans differ after the link healed:\nin: %s\nca: %s", a, b)
			}
			var got liaison.Objective
			os, _, _ := p.in.store.Workplan(ctx, liaison.WorkplanFilter{})
			got = os[0]
			n := 0
			for _, act := range got.Actions {
				n += len(act.Notes)
				switch act.ID {
				case f.inAct.ID:
					if act.Status != liaison.ActionDone || act.Version != 3 || len(act.Links) != 1 {
						t.Errorf("in's action = %s v%d links %v, want done v3 with one link", act.Status, act.Version, act.Links)
					}
				case f.caAct.ID:
					if act.Status != liaison.ActionBlocked || act.Due != "2025-04-15" || act.Title != "Name CBSA and RCMP precursor contacts" || act.Version != 3 {
						t.Errorf("ca's action = %q %s due %s v%d, want the title, blocked, 2025-04-15, v3", act.Title, act.Status, act.Due, act.Version)
					}
				}
			}
			if n != notes {
				t.Errorf("the plan holds %d notes, want %d: a note was lost", n, notes)
			}
		})
	}
}

func mustUpdateAction(tb testing.TB, n *testNode, actor *liaison.Officer, id string, u node.ActionUpdate) *liaison.Action {
	tb.Helper()
	a, err := n.UpdateAction(context.Background(), actor, id, u)
	if err != nil {
		tb.Fatalf("%s.UpdateAction(%s): %v", n.Party(), id, err)
	}
	return a
}

// TestWorkplanRefusesNonOwner sends, as ca, a change to an action in owns,
// and a stale version of ca's own action: in refuses each as that item's
// fault and keeps its plan, and the items behind them still flow.
func TestWorkplanRefusesNonOwner(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := mustPlan(t, p)
	before := canonicalPlan(t, p.in)

	forged := *f.inAct
	forged.Status, forged.Version = liaison.ActionDropped, 9
	forged.UpdatedBy = liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Liaison ca"}
	stale := *f.caAct
	stale.Title = "Stale title"
	// A good note after them must still be stored.
	mustUpdateAction(t, p.ca, p.ca.liaison, f.caAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionInProgress)})
	if _, err := p.ca.AddNote(ctx, p.ca.liaison, f.inAct.ID, node.NoteInput{Text: "Seizure data received."}); err != nil {
		t.Fatal(err)
	}
	good := pending(t, p.ca, "in")
	next := good[0].Seq
	body := func(a *liaison.Action) []byte {
		b, err := json.Marshal(map[string]any{"action": a})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	items := []node.Incoming{
		{Seq: next, Kind: liaison.KindWorkplan, ID: forged.ID, Body: body(&forged)},
		{Seq: next + 1, Kind: liaison.KindWorkplan, ID: stale.ID, Body: body(&stale)},
	}
	for i, it := range incoming(good) {
		it.Seq = next + 2 + int64(i)
		items = append(items, it)
	}
	out, err := p.in.Receive(ctx, "ca", "env-forged", p.arr.ID, items)
	if err != nil {
		t.Fatal(err)
	}
	wants := []string{"owned by in; ca may not change it", "version 1 is stale"}
	for i, w := range wants {
		if out[i].Status != liaison.InboundRefused || !strings.Contains(out[i].Reason, w) {
			t.Errorf("item %d = %s %q, want refused with %q", i, out[i].Status, out[i].Reason, w)
		}
	}
	for _, o := range out[2:] {
		if o.Status != liaison.InboundStored {
			t.Errorf("good item %d = %s %q, want stored", o.Seq, o.Status, o.Reason)
		}
	}
	after := canonicalPlan(t, p.in)
	if after == before || strings.Contains(after, "Stale title") || strings.Contains(after, `"dropped"`) {
		t.Errorf("in's plan after the forged items:\n%s", after)
	}
}

// TestWorkplanSeed seeds the shipped India–Canada plan on both nodes
// before either hears of the other's: each creates every objective and its
// own party's actions; after delivery both hold the whole plan, the same,
// and seeding again, on either side, changes and queues nothing.
func TestWorkplanSeed(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	seed, err := arrangement.ParseWorkplan(workplans.InCA)
	if err != nil {
		t.Fatal(err)
	}
	var objectives, actions int
	for _, o := range seed.Objectives {
		objectives++
		actions += len(o.Actions)
	}
	got := map[string]node.SeedResult{}
	for _, n := range []*testNode{p.in, p.ca} {
		r, err := n.SeedWorkplan(ctx, seed, "", "")
		if err != nil {
			t.Fatalf("%s.SeedWorkplan: %v", n.Party(), err)
		}
		got[n.Party()] = r
	}
	if r := got["in"]; r.Objectives != objectives || r.Actions+r.Others != actions || r.Held != 0 {
		t.Errorf("in.SeedWorkplan = %+v, want %d objectives and %d actions in all", r, objectives, actions)
	}
	for _, o := range append(carry(t, p.in, p.ca), carry(t, p.ca, p.in)...) {
		if o.Status != liaison.InboundStored {
			t.Errorf("item %d (%s) %s: %s", o.Seq, o.ObjectID, o.Status, o.Reason)
		}
	}
	a, b := canonicalPlan(t, p.in), canonicalPlan(t, p.ca)
	if a != b {
		t.Fatalf("seeded plans differ:\nin: %s\nca: %s", a, b)
	}
	var plan []liaison.Objective
	if err := json.Unmarshal([]byte(a), &plan); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range plan {
		n += len(o.Actions)
	}
	if len(plan) != objectives || n != actions {
		t.Errorf("the plan holds %d objectives and %d actions, want %d and %d", len(plan), n, objectives, actions)
	}
	for _, nd := range []*testNode{p.in, p.ca} {
		r, err := nd.SeedWorkplan(ctx, seed, "", "")
		if err != nil {
			t.Fatalf("%s.SeedWorkplan again: %v", nd.Party(), err)
		}
		if r.Objectives != 0 || r.Actions != 0 {
			t.Errorf("%s.SeedWorkplan again = %+v, want nothing created", nd.Party(), r)
		}
		if q := pending(t, nd, "in"); nd == p.ca && len(q) != 0 {
			t.Errorf("ca queued %d items seeding again", len(q))
		}
		if q := pending(t, nd, "ca"); nd == p.in && len(q) != 0 {
			t.Errorf("in queued %d items seeding again", len(q))
		}
	}
	if c := canonicalPlan(t, p.in); c != a {
		t.Errorf("seeding again changed in's plan")
	}
}

// TestWorkplanOverdue lists a plan whose actions are past their due day:
// each overdue action this party owns or is the counterpart of is told
// once per due day, however often the plan is listed, and again when its
// owner moves the due day and it passes too.
func TestWorkplanOverdue(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := mustPlan(t, p) // in's action due 2025-04-30, ca's 2025-03-31; the clock is in March 2025
	start := auditSize(t, p.in)
	list := func() {
		t.Helper()
		if _, _, err := p.in.Workplan(ctx, p.in.liaison, liaison.WorkplanFilter{}); err != nil {
			t.Fatal(err)
		}
	}
	list()
	if got := findAudit(t, p.in, start, "workplan.overdue"); len(got) != 0 {
		t.Fatalf("%d overdue notices before any action is due", len(got))
	}
	p.in.clock.t = p.in.clock.t.AddDate(0, 2, 0) // May 2025: both are overdue
	list()
	list()
	got := findAudit(t, p.in, start, "workplan.overdue")
	if len(got) != 2 {
		t.Fatalf("%d overdue notices after listing twice, want 2 (one per action)", len(got))
	}
	mustUpdateAction(t, p.in, p.in.liaison, f.inAct.ID, node.ActionUpdate{Due: ptr("2025-05-15")})
	list()
	if got := findAudit(t, p.in, start, "workplan.overdue"); len(got) != 2 {
		t.Fatalf("%d overdue notices after moving the due day ahead, want still 2", len(got))
	}
	p.in.clock.t = p.in.clock.t.AddDate(0, 1, 0)
	list()
	if got := findAudit(t, p.in, start, "workplan.overdue"); len(got) != 3 {
		t.Fatalf("%d overdue notices once the new due day passed, want 3", len(got))
	}
	// Done actions are not overdue.
	mustUpdateAction(t, p.in, p.in.liaison, f.inAct.ID, node.ActionUpdate{Status: ptr(liaison.ActionDone), Due: ptr("2025-06-01")})
	list()
	if got := findAudit(t, p.in, start, "workplan.overdue"); len(got) != 3 {
		t.Fatalf("%d overdue notices after the action was done, want 3", len(got))
	}
}

// TestWorkplanRoles holds the node to the guard: an auditor neither lists
// nor reports the plan, an analyst reads but adds nothing, and each
// refusal is audited.
func TestWorkplanRoles(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := mustPlan(t, p)
	start := auditSize(t, p.in)
	_, _, err := p.in.Workplan(ctx, p.in.auditor, liaison.WorkplanFilter{})
	wantCode(t, "Workplan(auditor)", err, liaison.EFORBIDDEN)
	_, err = p.in.WorkplanReport(ctx, p.in.auditor, "")
	wantCode(t, "WorkplanReport(auditor)", err, liaison.EFORBIDDEN)
	if os, _, err := p.in.Workplan(ctx, p.in.analyst, liaison.WorkplanFilter{}); err != nil || len(os) != 1 {
		t.Errorf("Workplan(analyst) = %d objectives, %v; want 1", len(os), err)
	}
	_, err = p.in.AddNote(ctx, p.in.analyst, f.inAct.ID, node.NoteInput{Text: "x"})
	wantCode(t, "AddNote(analyst)", err, liaison.EFORBIDDEN)
	_, err = p.in.CreateObjective(ctx, p.in.analyst, node.ObjectiveInput{Title: "x"})
	wantCode(t, "CreateObjective(analyst)", err, liaison.EFORBIDDEN)
	denied := 0
	for _, e := range auditAfter(t, p.in, start) {
		if e.Decision == "deny" {
			denied++
		}
	}
	if denied != 4 {
		t.Errorf("%d refusals audited, want 4", denied)
	}
}
