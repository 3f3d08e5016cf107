package web

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/policy"
)

// withRules gives the fixture's node Canada's example rules, which hold
// CONFIDENTIAL content for a supervisor's approval.
func withRules(t *testing.T, f *fixture) {
	t.Helper()
	dir := t.TempDir()
	entries, err := fs.ReadDir(policies.FS, "ca")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(policies.FS, "ca/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w, err := policy.NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	f.n.SetPolicies(w)
}

// TestApprovals: a message held by the party's rules is announced to the
// author, listed for supervisors with the reason, and approved or
// rejected from the list.
func TestApprovals(t *testing.T) {
	f := newFixture(t)
	withRules(t, f)
	lo, su := f.as(liaison.RoleLiaison), f.as(liaison.RoleSupervisor)
	send := func(subject string) {
		t.Helper()
		form := handlingValues(url.Values{"csrf": {lo.CSRF}, "subject": {subject}, "body": {"Held for a supervisor."}})
		form.Set("classification", "PROTECTED C")
		r := f.do(t, lo, "POST", "/cases/"+f.c.ID+"/messages", form, "en")
		if r.status != 303 || !strings.Contains(r.header.Get("Location"), "held=") {
			t.Fatalf("POST a CONFIDENTIAL message: %d to %q, want 303 to the case with the approval\n%s", r.status, r.header.Get("Location"), r.body)
		}
	}
	send("Approve me")
	if r := f.do(t, lo, "GET", "/cases/"+f.c.ID+"?held=1", nil, "en"); !strings.Contains(r.body, "held for a supervisor") {
		t.Errorf("case page after a held message: no flash")
	}
	send("Reject me")
	r := f.do(t, su, "GET", "/approvals", nil, "en")
	checkPage(t, "approvals", r.body, "en")
	ids := regexpAll(`id="approval-([0-9a-f-]+)"`, r.body)
	if len(ids) != 2 || !strings.Contains(r.body, "supervisor&#39;s approval") {
		t.Fatalf("approvals page: %d approvals, want 2 with the rule's reason\n%s", len(ids), r.body)
	}
	if r := f.do(t, su, "POST", "/approvals/"+ids[0]+"/approve", url.Values{"csrf": {su.CSRF}}, "en"); r.status != 303 {
		t.Fatalf("approve: %d\n%s", r.status, r.body)
	}
	if r := f.do(t, su, "POST", "/approvals/"+ids[1]+"/reject", url.Values{"csrf": {su.CSRF}, "reason": {"Not needed"}}, "en"); r.status != 303 {
		t.Fatalf("reject: %d\n%s", r.status, r.body)
	}
	if r := f.do(t, su, "GET", "/approvals", nil, "en"); strings.Contains(r.body, `id="approval-`) {
		t.Errorf("approvals left after approving and rejecting:\n%s", r.body)
	}
}

// TestConsents: India's requests to pass on Canada's message are listed
// for supervisors, granted or refused with a reason.
func TestConsents(t *testing.T) {
	f := newFixture(t)
	for _, id := range []string{"019a0000-0000-7000-8000-200000000001", "019a0000-0000-7000-8000-200000000002"} {
		c := &liaison.Consent{ID: id, Kind: liaison.KindOnward, MessageID: f.sent.ID,
			Requester: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma"}, ToAgency: "dri",
			Purpose: "investigation", Reasons: []string{"the message is marked no-onward-dissemination"},
			State: liaison.ConsentPending, Created: f.now, Received: f.now}
		if err := f.st.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateConsent(c) }); err != nil {
			t.Fatal(err)
		}
	}
	su := f.as(liaison.RoleSupervisor)
	r := f.do(t, su, "GET", "/consents", nil, "hi")
	checkPage(t, "consents", r.body, "hi")
	if ids := regexpAll(`id="consent-([0-9a-f-]+)"`, r.body); len(ids) != 2 {
		t.Fatalf("consents page: %d consents, want 2\n%s", len(ids), r.body)
	}
	if r := f.do(t, su, "POST", "/consents/019a0000-0000-7000-8000-200000000001/grant", url.Values{"csrf": {su.CSRF}}, "en"); r.status != 303 {
		t.Fatalf("grant: %d\n%s", r.status, r.body)
	}
	if r := f.do(t, su, "POST", "/consents/019a0000-0000-7000-8000-200000000002/refuse", url.Values{"csrf": {su.CSRF}, "reason": {"Ongoing operation"}}, "en"); r.status != 303 {
		t.Fatalf("refuse: %d\n%s", r.status, r.body)
	}
	if r := f.do(t, su, "GET", "/consents", nil, "en"); strings.Contains(r.body, `id="consent-`) {
		t.Errorf("consents left after answering both")
	}
	if r := f.do(t, f.as(liaison.RoleLiaison), "GET", "/consents", nil, "en"); r.status != 403 {
		t.Errorf("GET /consents as a liaison officer: %d, want 403", r.status)
	}
}
