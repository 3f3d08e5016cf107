package node_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// advance moves the clock on by d, as the days pass between two runs of
// the purge job.
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sharedMessage has in post a message in a new case with ca and carries
// both to ca.
func sharedMessage(t *testing.T, p *pair, h func(*liaison.Handling)) (*liaison.Case, *liaison.Message) {
	t.Helper()
	c := mustCase(t, p.in, "ca")
	in := node.MessageInput{Subject: "Precursor shipment", Body: "4-AP declared as dye intermediates, consignee Rao.", Handling: drugsHandling("in")}
	if h != nil {
		h(&in.Handling)
	}
	m, err := p.in.PostMessage(t.Context(), p.in.liaison, c.ID, in)
	if err != nil {
		t.Fatalf("PostMessage: %v", err)
	}
	carry(t, p.in, p.ca)
	readAs(t, p.ca, p.ca.liaison, m.ID)
	carry(t, p.ca, p.in) // the read receipt
	return c, m
}

func copies(t *testing.T, n *testNode, id string) []liaison.Copy {
	t.Helper()
	cs, err := n.Copies(t.Context(), n.liaison, id)
	if err != nil {
		t.Fatalf("%s.Copies(%s): %v", n.Party(), id, err)
	}
	for i := range cs {
		cs[i].At = nil
	}
	return cs
}

// wantPurged fails unless reading id on n answers not_found saying it was
// purged, with want in the reason.
func wantPurged(t *testing.T, n *testNode, id, want string) {
	t.Helper()
	_, err := n.Message(t.Context(), n.liaison, id)
	wantCode(t, n.Party()+".Message(purged)", err, liaison.ENOTFOUND)
	if msg := liaison.ErrorMessage(err); !strings.Contains(msg, "was purged on ") || !strings.Contains(msg, want) {
		t.Errorf("%s.Message(purged) = %q, want it to say when it was purged and %q", n.Party(), msg, want)
	}
}

func TestRecallPurges(t *testing.T) {
	p := newPair(t)
	_, m := sharedMessage(t, p, nil)
	inAudit, caAudit := auditSize(t, p.in), auditSize(t, p.ca)

	cs, err := p.in.Recall(t.Context(), p.in.liaison, m.ID, node.RecallInput{Reason: "sent to the wrong desk"})
	if err != nil {
		t.Fatalf("Recall: %v", err)
	}
	want := []liaison.Copy{{Party: "ca", State: liaison.CopyRecallPending, Reason: "sent to the wrong desk"}}
	for i := range cs {
		cs[i].At = nil
	}
	if d := cmp.Diff(want, cs); d != "" {
		t.Errorf("Recall copies (-want +got):\n%s", d)
	}
	if len(findAudit(t, p.in, inAudit, "message.recall")) != 1 {
		t.Error("in did not audit message.recall")
	}
	// The originator keeps its own record.
	readAs(t, p.in, p.in.liaison, m.ID)
	// Recalling again while the answer is pending is a conflict.
	_, err = p.in.Recall(t.Context(), p.in.liaison, m.ID, node.RecallInput{Reason: "again"})
	wantCode(t, "Recall(again)", err, liaison.ECONFLICT)

	outcomes := carry(t, p.in, p.ca)
	if len(outcomes) != 1 || outcomes[0].Status != liaison.InboundStored {
		t.Fatalf("recall outcome = %+v, want stored", outcomes)
	}
	wantPurged(t, p.ca, m.ID, "recalled by in: sent to the wrong desk")
	if e := findAudit(t, p.ca, caAudit, "message.purge"); len(e) != 1 || !strings.Contains(e[0].Reasons[0], "recalled by in") {
		t.Errorf("ca's message.purge audit = %+v", e)
	}
	for _, x := range allMessages(t, p.ca) {
		if x.ID == m.ID {
			t.Errorf("ca still lists purged message %s", m.ID)
		}
	}
	carry(t, p.ca, p.in) // the answer
	want = []liaison.Copy{{Party: "ca", State: liaison.CopyPurged, Reason: "recalled by in: sent to the wrong desk"}}
	if d := cmp.Diff(want, copies(t, p.in, m.ID)); d != "" {
		t.Errorf("copies after the answer (-want +got):\n%s", d)
	}
	if len(findAudit(t, p.in, inAudit, "message.recall-purged")) != 1 {
		t.Error("in did not audit the answer")
	}
}

func TestRecallKeptOnHold(t *testing.T) {
	p := newPair(t)
	_, m := sharedMessage(t, p, nil)

	// Only a supervisor holds; a refusal is audited.
	before := auditSize(t, p.ca)
	_, err := p.ca.Hold(t.Context(), p.ca.liaison, m.ID, node.HoldInput{Reason: "exhibit"})
	wantCode(t, "Hold(liaison officer)", err, liaison.EFORBIDDEN)
	if e := findAudit(t, p.ca, before, "message.hold"); len(e) != 1 || e[0].Decision != "deny" {
		t.Errorf("refused hold audit = %+v", e)
	}
	_, err = p.ca.Hold(t.Context(), p.ca.superv, m.ID, node.HoldInput{})
	wantCode(t, "Hold(no reason)", err, liaison.EINVALID)
	if _, err := p.ca.Hold(t.Context(), p.ca.superv, m.ID, node.HoldInput{Reason: "exhibit 7 in R v. Singh"}); err != nil {
		t.Fatalf("Hold: %v", err)
	}

	if _, err := p.in.Recall(t.Context(), p.in.superv, m.ID, node.RecallInput{Reason: "source at risk"}); err != nil {
		t.Fatalf("Recall by supervisor: %v", err)
	}
	carry(t, p.in, p.ca)
	readAs(t, p.ca, p.ca.liaison, m.ID) // kept
	if len(findAudit(t, p.ca, before, "message.keep")) != 1 {
		t.Error("ca did not audit keeping the message")
	}
	carry(t, p.ca, p.in)
	cs := copies(t, p.in, m.ID)
	if len(cs) != 1 || cs[0].State != liaison.CopyKept || !strings.Contains(cs[0].Reason, "legal hold as evidence") || !strings.Contains(cs[0].Reason, "exhibit 7") {
		t.Errorf("copies = %+v, want ca kept with the hold's reason", cs)
	}

	// A held message also outlives its retention.
	p.ca.clock.advance(10 * 365 * 24 * time.Hour)
	if _, err := p.ca.PurgeExpired(t.Context()); err != nil {
		t.Fatal(err)
	}
	readAs(t, p.ca, p.ca.liaison, m.ID)
}

func TestRecallRefused(t *testing.T) {
	p := newPair(t)
	colleague := mustOfficer(t, p.in, "ncb", "Colleague", liaison.RoleLiaison, liaison.AreaDrugs)
	_, m := sharedMessage(t, p, nil)
	before := auditSize(t, p.in)
	for _, o := range []*liaison.Officer{p.in.analyst, colleague} {
		_, err := p.in.Recall(t.Context(), o, m.ID, node.RecallInput{Reason: "mine"})
		wantCode(t, "Recall as "+o.Name, err, liaison.EFORBIDDEN)
	}
	if e := findAudit(t, p.in, before, "message.recall"); len(e) != 2 || e[0].Decision != "deny" {
		t.Errorf("refused recalls audited as %+v", e)
	}
	// The receiving side cannot recall what it received.
	_, err := p.ca.Recall(t.Context(), p.ca.superv, m.ID, node.RecallInput{Reason: "not ours"})
	wantCode(t, "ca.Recall", err, liaison.EFORBIDDEN)
	_, err = p.in.Recall(t.Context(), p.in.liaison, m.ID, node.RecallInput{Reason: strings.Repeat("x", 1001)})
	wantCode(t, "Recall(long reason)", err, liaison.EINVALID)
	if len(pending(t, p.in, "ca")) != 0 {
		t.Error("a refused recall queued something")
	}
}

func TestPurgeExpiredBothSides(t *testing.T) {
	p := newPair(t)
	c, m := sharedMessage(t, p, func(h *liaison.Handling) { h.RetainUntil = "2025-03-10" })
	_, keep := sharedMessage(t, p, nil) // the arrangement's five years
	// A message still queued when its retention passes is never sent.
	queued, err := p.in.PostMessage(t.Context(), p.in.liaison, c.ID, node.MessageInput{
		Subject: "Late", Body: "Consignee's phone +91 98123 45678.",
		Handling: func() liaison.Handling { h := drugsHandling("in"); h.RetainUntil = "2025-03-10"; return h }(),
	})
	if err != nil {
		t.Fatal(err)
	}
	inAudit, caAudit := auditSize(t, p.in), auditSize(t, p.ca)

	for _, n := range []*testNode{p.in, p.ca} {
		// On the last day of retention nothing goes.
		n.clock.advance(time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC).Sub(n.clock.Now()))
		if got, err := n.PurgeExpired(t.Context()); err != nil || got != 0 {
			t.Fatalf("%s.PurgeExpired on the last day = %d, %v; want 0", n.Party(), got, err)
		}
		n.clock.advance(24 * time.Hour)
	}
	if got, err := p.in.PurgeExpired(t.Context()); err != nil || got != 2 {
		t.Fatalf("in.PurgeExpired = %d, %v; want 2", got, err)
	}
	if got, err := p.ca.PurgeExpired(t.Context()); err != nil || got != 1 {
		t.Fatalf("ca.PurgeExpired = %d, %v; want 1", got, err)
	}
	for _, n := range []*testNode{p.in, p.ca} {
		wantPurged(t, n, m.ID, "retention passed: retain until 2025-03-10")
		readAs(t, n, n.liaison, keep.ID)
		for _, x := range allMessages(t, n) {
			if x.ID == m.ID || x.ID == queued.ID {
				t.Errorf("%s still lists purged message %s", n.Party(), x.ID)
			}
		}
	}
	if e := findAudit(t, p.in, inAudit, "message.purge"); len(e) != 2 {
		t.Errorf("in audited %d purges, want 2", len(e))
	}
	if e := findAudit(t, p.ca, caAudit, "message.purge"); len(e) != 1 {
		t.Errorf("ca audited %d purges, want 1", len(e))
	}

	// The queued item left carries the tombstone, not the content, and ca
	// refuses it, so the link's sequence has no gap.
	items := pending(t, p.in, "ca")
	if len(items) != 1 || items[0].Kind != liaison.KindPurged || strings.Contains(string(items[0].Payload), "Consignee") {
		t.Fatalf("pending after purge = %+v", items)
	}
	out := carry(t, p.in, p.ca)
	if out[0].Status != liaison.InboundRefused || !strings.Contains(out[0].Reason, "purged before delivery") {
		t.Errorf("purged item outcome = %+v, want refused: purged before delivery", out[0])
	}
	sharedMessageIn(t, p, c) // the link still carries messages

	// Five years on, the rest goes, then the emptied cases.
	for _, n := range []*testNode{p.in, p.ca} {
		n.clock.advance(5 * 366 * 24 * time.Hour)
		if _, err := n.PurgeExpired(t.Context()); err != nil {
			t.Fatal(err)
		}
		if ms, cs := allMessages(t, n), allCases(t, n); len(ms) != 0 || len(cs) != 0 {
			t.Errorf("%s holds %d messages and %d cases after five years, want none", n.Party(), len(ms), len(cs))
		}
		_, err := n.Case(t.Context(), n.liaison, c.ID)
		wantCode(t, "Case(purged)", err, liaison.ENOTFOUND)
		if !strings.Contains(liaison.ErrorMessage(err), "retention passed: 1825 days") {
			t.Errorf("Case(purged) = %v", err)
		}
	}
}

// sharedMessageIn posts a message from in in case c and carries it.
func sharedMessageIn(t *testing.T, p *pair, c *liaison.Case) {
	t.Helper()
	m := mustMessage(t, p.in, c, "Still flowing")
	out := carry(t, p.in, p.ca)
	if len(out) != 1 || out[0].Status != liaison.InboundStored {
		t.Fatalf("message %s after a purged item: %+v", m.ID, out)
	}
}

func TestHandlingChangePropagates(t *testing.T) {
	p := newPair(t)
	_, m := sharedMessage(t, p, nil)
	inAudit, caAudit := auditSize(t, p.in), auditSize(t, p.ca)

	down := drugsHandling("in")
	down.Classification, down.TLP, down.Codes = "UNCLASSIFIED", liaison.TLPGreen, nil
	down.RetainUntil = "2030-01-01"
	got, err := p.in.ChangeHandling(t.Context(), p.in.liaison, m.ID, node.HandlingInput{Handling: down})
	if err != nil {
		t.Fatalf("ChangeHandling: %v", err)
	}
	if d := cmp.Diff(down, got.Handling); d != "" {
		t.Errorf("returned handling (-want +got):\n%s", d)
	}
	out := carry(t, p.in, p.ca)
	if len(out) != 1 || out[0].Status != liaison.InboundStored {
		t.Fatalf("handling item outcome = %+v", out)
	}
	for _, n := range []*testNode{p.in, p.ca} {
		if d := cmp.Diff(down, readAs(t, n, n.liaison, m.ID).Handling); d != "" {
			t.Errorf("%s's handling (-want +got):\n%s", n.Party(), d)
		}
	}
	if len(findAudit(t, p.in, inAudit, "message.handling")) != 1 || len(findAudit(t, p.ca, caAudit, "message.handling")) != 1 {
		t.Error("want one message.handling audit entry on each side")
	}

	// Above the ceiling: refused with the guard's reasons, and audited.
	up := drugsHandling("in")
	up.Classification = "SECRET"
	_, err = p.in.ChangeHandling(t.Context(), p.in.liaison, m.ID, node.HandlingInput{Handling: up})
	wantCode(t, "ChangeHandling(SECRET)", err, liaison.EFORBIDDEN)
	if r := liaison.ErrorReasons(err); len(r) == 0 || !strings.Contains(r[0], "ceiling is CONFIDENTIAL") {
		t.Errorf("reasons = %q", r)
	}
	bad := drugsHandling("in")
	bad.TLP = "PURPLE"
	_, err = p.in.ChangeHandling(t.Context(), p.in.liaison, m.ID, node.HandlingInput{Handling: bad})
	wantCode(t, "ChangeHandling(PURPLE)", err, liaison.EINVALID)
	if f := liaison.ErrorFields(err); len(f) != 1 || f[0].Field != "handling.tlp" {
		t.Errorf("fields = %+v, want handling.tlp", f)
	}
	_, err = p.in.ChangeHandling(t.Context(), p.in.analyst, m.ID, node.HandlingInput{Handling: down})
	wantCode(t, "ChangeHandling(analyst)", err, liaison.EFORBIDDEN)
	if len(pending(t, p.in, "ca")) != 0 {
		t.Error("a refused change queued something")
	}
}

func TestRecallPurgeLocal(t *testing.T) {
	p := newPair(t)
	_, m := sharedMessage(t, p, nil)
	if _, err := p.in.Recall(context.Background(), p.in.liaison, m.ID, node.RecallInput{Reason: "withdrawn", PurgeLocal: true}); err != nil {
		t.Fatal(err)
	}
	wantPurged(t, p.in, m.ID, "recalled by in: withdrawn")
	carry(t, p.in, p.ca)
	carry(t, p.ca, p.in)
	cs := copies(t, p.in, m.ID)
	if len(cs) != 1 || cs[0].State != liaison.CopyPurged {
		t.Errorf("copies = %+v, want ca purged", cs)
	}
}
