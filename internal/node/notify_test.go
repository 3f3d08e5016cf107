package node_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

func noticesOf(tb testing.TB, n *testNode, o *liaison.Officer) []liaison.Notice {
	tb.Helper()
	ns, _, err := n.Notices(context.Background(), o, liaison.NoticeFilter{Limit: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	return ns
}

func noticeKinds(ns []liaison.Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Kind
	}
	return out
}

func TestNotifyOncePerEvent(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	ev := liaison.Event{ID: "ev-1", Kind: "request.reminder", Object: "r-1", Area: liaison.AreaDrugs,
		Priority: liaison.PriorityUrgent, Officers: []string{p.in.liaison.ID}, Text: "Request r-1 (urgent, drugs) is due in 4 hours"}
	for range 3 {
		if err := p.in.Notify(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	ns := noticesOf(t, p.in, p.in.liaison)
	if len(ns) != 1 {
		t.Fatalf("notices after telling one event three times = %d, want 1", len(ns))
	}
	if ns[0].Text != ev.Text || ns[0].Object != "r-1" || ns[0].Read != nil {
		t.Errorf("notice = %+v", ns[0])
	}
	// Another officer's notices, and a peer's officer, are not told.
	if got := noticesOf(t, p.in, p.in.analyst); len(got) != 0 {
		t.Errorf("analyst's notices = %v, want none", got)
	}
	ev.ID, ev.Officers = "ev-2", []string{p.ca.liaison.ID}
	if err := p.in.Notify(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if got := noticesOf(t, p.ca, p.ca.liaison); len(got) != 0 {
		t.Errorf("a peer's officer got notices on in: %v", got)
	}
	if err := p.in.Notify(ctx, liaison.Event{Kind: "x"}); err == nil {
		t.Errorf("Notify(no id) = nil, want an error")
	}
}

func TestNotifyRoles(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	other := mustOfficer(t, p.in, "nia", "Supervisor NIA", liaison.RoleSupervisor, liaison.AreaDrugs)
	cyberSup := mustOfficer(t, p.in, "ncb", "Supervisor cyber", liaison.RoleSupervisor, liaison.AreaCyber)
	ev := liaison.Event{ID: "ev-r", Kind: "request.overdue", Object: "r-1", Area: liaison.AreaDrugs,
		Roles: []liaison.Role{liaison.RoleSupervisor}, Agency: "ncb", Officers: []string{p.in.analyst.ID}, Text: "overdue"}
	if err := p.in.Notify(ctx, ev); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o    *liaison.Officer
		want int
	}{{p.in.superv, 1}, {p.in.analyst, 1}, {other, 0}, {cyberSup, 0}, {p.in.liaison, 0}} {
		if got := len(noticesOf(t, p.in, c.o)); got != c.want {
			t.Errorf("%s got %d notices, want %d", c.o.Name, got, c.want)
		}
	}
}

func TestNotifySubscriptions(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	o := p.in.liaison
	sub, err := p.in.Subscription(ctx, o)
	if err != nil || sub.Digest != liaison.DigestNone || sub.Email || len(sub.Areas) != 0 {
		t.Fatalf("default subscription = %+v, %v", sub, err)
	}
	before := auditSize(t, p.in)
	_, err = p.in.SetSubscription(ctx, o, liaison.Subscription{
		Priorities: []liaison.Priority{liaison.PriorityUrgent}, Areas: []liaison.CrimeArea{liaison.AreaCyber, liaison.AreaDrugs},
		Cases: []string{"case-a"}, Digest: liaison.DigestNone,
	})
	if err != nil {
		t.Fatal(err)
	}
	if es := findAudit(t, p.in, before, "subscription.set"); len(es) != 1 || es[0].Officer != o.ID {
		t.Errorf("audit subscription.set = %+v", es)
	}
	tell := func(id string, pr liaison.Priority, area liaison.CrimeArea, caseID string) {
		t.Helper()
		err := p.in.Notify(ctx, liaison.Event{ID: id, Kind: "request.reminder", Object: id, CaseID: caseID,
			Area: area, Priority: pr, Officers: []string{o.ID}, Text: id})
		if err != nil {
			t.Fatal(err)
		}
	}
	tell("urgent-drugs-a", liaison.PriorityUrgent, liaison.AreaDrugs, "case-a")
	tell("routine", liaison.PriorityRoutine, liaison.AreaDrugs, "case-a")
	tell("fraud", liaison.PriorityUrgent, liaison.AreaFraud, "case-a")
	tell("case-b", liaison.PriorityUrgent, liaison.AreaDrugs, "case-b")
	tell("no-priority", "", liaison.AreaCyber, "")
	var got []string
	for _, n := range noticesOf(t, p.in, o) {
		got = append(got, n.EventID)
	}
	if want := []string{"urgent-drugs-a", "no-priority"}; !slices.Equal(got, want) {
		t.Errorf("notices under the subscription = %v, want %v", got, want)
	}

	_, err = p.in.SetSubscription(ctx, o, liaison.Subscription{Email: true})
	wantCode(t, "SetSubscription(e-mail without an address)", err, liaison.EINVALID)
	_, err = p.in.SetSubscription(ctx, o, liaison.Subscription{Digest: "weekly", Areas: []liaison.CrimeArea{"piracy"}})
	wantCode(t, "SetSubscription(weekly, piracy)", err, liaison.EINVALID)
	if err := p.in.SetAddress(ctx, o.ID, "liaison.in@example.org"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "SetAddress(bad)", p.in.SetAddress(ctx, o.ID, "x@y\r\nBcc: z@w"), liaison.EINVALID)
	s, err := p.in.SetSubscription(ctx, o, liaison.Subscription{Email: true, Digest: liaison.DigestDaily})
	if err != nil {
		t.Fatal(err)
	}
	if s.Address != "liaison.in@example.org" {
		t.Errorf("subscription address = %q; the officer's PUT must keep the administrator's address", s.Address)
	}
}

func TestNoticesRead(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	o := p.in.liaison
	for i := range 3 {
		if err := p.in.Notify(ctx, liaison.Event{ID: fmt.Sprint("e", i), Kind: "k", Object: "x", Officers: []string{o.ID}, Text: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	ns := noticesOf(t, p.in, o)
	wantCode(t, "ReadNotice(another's)", p.in.ReadNotice(ctx, p.in.analyst, ns[0].ID), liaison.ENOTFOUND)
	if err := p.in.ReadNotice(ctx, o, ns[0].ID); err != nil {
		t.Fatal(err)
	}
	unread, _, _ := p.in.Notices(ctx, o, liaison.NoticeFilter{Unread: true})
	if len(unread) != 2 {
		t.Errorf("unread = %d, want 2", len(unread))
	}
	n, err := p.in.ReadNotices(ctx, o, p.in.Now())
	if err != nil || n != 2 {
		t.Errorf("ReadNotices = %d, %v; want 2", n, err)
	}
}

// TestNotifyConsent follows a request for consent: the originating node's
// supervisors in the message's crime area are told of it, and the officer
// who asked is told of the answer.
func TestNotifyConsent(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination)
	d := consentFlow(t, p, m)
	if got := noticeKinds(noticesOf(t, p.in, p.in.superv)); !slices.Equal(got, []string{"consent.pending"}) {
		t.Fatalf("in's supervisor notices = %v, want [consent.pending]", got)
	}
	if got := noticesOf(t, p.in, p.in.liaison); len(got) != 0 {
		t.Errorf("in's liaison officer got %v", got)
	}
	if _, err := p.in.GrantConsent(ctx, p.in.superv, d.ID); err != nil {
		t.Fatal(err)
	}
	carry(t, p.in, p.ca)
	ns := noticesOf(t, p.ca, p.ca.liaison)
	if got := noticeKinds(ns); !slices.Equal(got, []string{"dissemination.answered"}) {
		t.Fatalf("ca's requester notices = %v, want [dissemination.answered]", got)
	}
	if ns[0].Object != d.ID {
		t.Errorf("notice object = %s, want %s", ns[0].Object, d.ID)
	}
}

// TestNotifyApproval: a held message and an escalated refusal tell the
// supervisors of the crime area, once each.
func TestNotifyApproval(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	withRules(t, p.ca)
	withRules(t, p.in)
	c, cbsa, boss := immigrationCase(t, p)
	carry(t, p.ca, p.in)
	in := node.MessageInput{Subject: "Verify one passport", Body: "Please confirm.", Handling: aboutSuspect(liaison.AreaImmigration),
		Assessment: &liaison.Assessment{Risk: liaison.RiskSubstantial, Note: "n"}}
	if _, _, err := p.ca.Compose(ctx, cbsa, c.ID, in); liaison.ErrorCode(err) != liaison.EFORBIDDEN {
		t.Fatalf("Compose(substantial) = %v, want a refusal", err)
	}
	in.Assessment.Risk = liaison.RiskMitigated
	m, held, err := p.ca.Compose(ctx, cbsa, c.ID, in)
	if err != nil || held == nil {
		t.Fatalf("Compose(mitigated) = %v, %v", held, err)
	}
	ns := noticesOf(t, p.ca, boss)
	if got := noticeKinds(ns); !slices.Equal(got, []string{"approval.escalated", "approval.pending"}) {
		t.Fatalf("supervisor's notices = %v, want an escalation and a pending approval", got)
	}
	if ns[1].Object != m.ID || strings.Contains(ns[1].Text, in.Body) || strings.Contains(ns[1].Text, in.Subject) {
		t.Errorf("notice %+v: want the message id and no content", ns[1])
	}
	if got := noticesOf(t, p.ca, cbsa); len(got) != 0 {
		t.Errorf("the author got %v", noticeKinds(got))
	}
	if _, err := p.ca.Approve(ctx, boss, m.ID); err != nil {
		t.Fatal(err)
	}
	if got := noticeKinds(noticesOf(t, p.ca, cbsa)); !slices.Equal(got, []string{"approval.approved"}) {
		t.Errorf("the author's notices after approval = %v, want [approval.approved]", got)
	}
}
