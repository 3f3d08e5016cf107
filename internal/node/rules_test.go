package node_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/policy"
)

// withRules puts the example rules of n's party in a directory and runs n
// under them; it returns the directory, for edits.
func withRules(tb testing.TB, n *testNode) (string, *policy.Watcher) {
	tb.Helper()
	dir := tb.TempDir()
	entries, err := fs.ReadDir(policies.FS, n.Party())
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(policies.FS, n.Party()+"/"+e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	w, err := policy.NewWatcher(dir)
	if err != nil {
		tb.Fatal(err)
	}
	n.SetPolicies(w)
	return dir, w
}

// immigrationCase opens an immigration case from ca to in, by a CBSA
// liaison officer, and returns it with the officer.
func immigrationCase(t *testing.T, p *pair) (*liaison.Case, *liaison.Officer, *liaison.Officer) {
	t.Helper()
	cbsa := mustOfficer(t, p.ca, "cbsa", "CBSA liaison", liaison.RoleLiaison, liaison.AreaImmigration)
	boss := mustOfficer(t, p.ca, "cbsa", "CBSA supervisor", liaison.RoleSupervisor, liaison.AreaImmigration)
	h := liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaImmigration, Codes: []string{liaison.CodeLawEnforcementOnly}}
	c, err := p.ca.CreateCase(context.Background(), cbsa, node.CaseInput{Title: "Forged admission letters", CrimeArea: liaison.AreaImmigration, Parties: []string{"in"}, Handling: h})
	if err != nil {
		t.Fatal(err)
	}
	return c, cbsa, boss
}

func aboutSuspect(area liaison.CrimeArea) liaison.Handling {
	return liaison.Handling{
		Classification: "PROTECTED B", TLP: liaison.TLPAmber, CrimeArea: area,
		Codes:        []string{liaison.CodeLawEnforcementOnly},
		PersonalData: true, Subjects: []string{liaison.SubjectSuspect}, LegalBasis: "ca-privacy-act-8-2-f",
	}
}

// TestFourEyes runs Canada's example rules: a disclosure about a person
// needs a recorded risk assessment; a substantial risk is refused and
// escalated; an immigration disclosure about a person waits for a
// supervisor other than its author, and goes out only when approved,
// carrying the caveat of a mitigated risk.
func TestFourEyes(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	withRules(t, p.ca)
	withRules(t, p.in)
	c, cbsa, boss := immigrationCase(t, p)
	carry(t, p.ca, p.in)
	msg := func(risk string) node.MessageInput {
		in := node.MessageInput{Subject: "Verify one passport", Body: "Please confirm the passport was issued as shown.", Handling: aboutSuspect(liaison.AreaImmigration)}
		if risk != "" {
			in.Assessment = &liaison.Assessment{Risk: risk, Note: "document fraud inquiry only"}
		}
		return in
	}

	_, _, err := p.ca.Compose(ctx, cbsa, c.ID, msg(""))
	wantCode(t, "Compose without an assessment", err, liaison.EFORBIDDEN)
	if !strings.Contains(strings.Join(liaison.ErrorReasons(err), "; "), "record a mistreatment-risk assessment") {
		t.Errorf("reasons %q, want the Act's requirement", liaison.ErrorReasons(err))
	}

	_, _, err = p.ca.Compose(ctx, cbsa, c.ID, msg(liaison.RiskSubstantial))
	wantCode(t, "Compose with a substantial risk", err, liaison.EFORBIDDEN)
	if !strings.Contains(liaison.ErrorMessage(err), "escalated to this node's supervisors") {
		t.Errorf("substantial risk: %v, want an escalation", err)
	}
	esc := liaison.ApprovalEscalated
	got, _, err := p.ca.Approvals(ctx, boss, liaison.ApprovalFilter{State: &esc})
	if err != nil || len(got) != 1 || !slices.ContainsFunc(got[0].Reasons, func(r string) bool { return strings.Contains(r, "substantial risk") }) {
		t.Errorf("escalated approvals = %+v, %v; want the refusal with its reason", got, err)
	}

	before := len(pending(t, p.ca, "in"))
	m, held, err := p.ca.Compose(ctx, cbsa, c.ID, msg(liaison.RiskMitigated))
	if err != nil || held == nil || m.State != liaison.StatePendingApproval {
		t.Fatalf("Compose with a mitigated risk = %+v, %+v, %v; want held for approval", m, held, err)
	}
	if !slices.ContainsFunc(held.Reasons, func(r string) bool { return strings.Contains(r, "supervisor's approval") }) {
		t.Errorf("held for reasons %q, want the immigration rule", held.Reasons)
	}
	if got := len(pending(t, p.ca, "in")); got != before {
		t.Errorf("a held message queued %d items; it must wait for approval", got-before)
	}
	// The author sees it waiting; nobody on the other side knows of it.
	if got, err := p.ca.Message(ctx, cbsa, m.ID); err != nil || got.State != liaison.StatePendingApproval {
		t.Errorf("Message(held) as author = %+v, %v", got, err)
	}
	// Four eyes: not the author, not a liaison officer.
	cbsaBossToo := mustOfficer(t, p.ca, "cbsa", "Author supervisor", liaison.RoleSupervisor, liaison.AreaImmigration)
	mine, mineHeld, err := p.ca.Compose(ctx, cbsaBossToo, c.ID, msg(liaison.RiskMitigated))
	if err != nil || mineHeld == nil {
		t.Fatalf("Compose by a supervisor = %+v, %v", mine, err)
	}
	_, err = p.ca.Approve(ctx, cbsaBossToo, mine.ID)
	wantCode(t, "Approve own message", err, liaison.EFORBIDDEN)
	_, err = p.ca.Approve(ctx, cbsa, m.ID)
	wantCode(t, "Approve as a liaison officer", err, liaison.EFORBIDDEN)
	rej, err := p.ca.Reject(ctx, boss, mine.ID, "the applicant has a pending refugee claim")
	if err != nil || rej.State != liaison.ApprovalRejected {
		t.Errorf("Reject = %+v, %v", rej, err)
	}

	sent, err := p.ca.Approve(ctx, boss, m.ID)
	if err != nil {
		t.Fatalf("Approve: %v", err)
	}
	if !slices.ContainsFunc(sent.Handling.Codes, func(c string) bool { return strings.HasPrefix(c, "other:Released by Canada under assurances") }) {
		t.Errorf("approved message codes %q, want the mitigation caveat", sent.Handling.Codes)
	}
	_, err = p.ca.Approve(ctx, boss, m.ID)
	wantCode(t, "Approve twice", err, liaison.ECONFLICT)
	var allowed, denied int
	for _, e := range findAudit(t, p.ca, 0, "message.approve") {
		switch {
		case e.Decision == "allow" && e.Officer == boss.ID:
			allowed++
		case e.Decision == "deny":
			denied++
		}
	}
	if allowed != 1 || denied != 2 {
		t.Errorf("audit message.approve: %d allowed by the supervisor, %d denied; want 1 and 2", allowed, denied)
	}
	for _, o := range carry(t, p.ca, p.in) {
		if o.ObjectID == m.ID && o.Status != liaison.InboundStored {
			t.Errorf("India refused the approved message: %s", o.Reason)
		}
		if o.ObjectID == mine.ID {
			t.Errorf("the rejected message travelled")
		}
	}
	reader := mustOfficer(t, p.in, "ncb", "Immigration desk", liaison.RoleLiaison, liaison.AreaImmigration)
	if got := readAs(t, p.in, reader, m.ID); got.Assessment != nil {
		t.Errorf("the risk assessment travelled: %+v", got.Assessment)
	}
}

// TestReceiverOwnRules sends what Canada's rules allow and India's refuse:
// personal data about victims not under the MLAT. India's node refuses it
// on receipt, whatever Canada's guard decided, and Canada sees why.
func TestReceiverOwnRules(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	withRules(t, p.ca)
	withRules(t, p.in)
	c := mustCase(t, p.ca, "in")
	h := aboutSuspect(liaison.AreaDrugs)
	h.Subjects = []string{liaison.SubjectVictim}
	m, held, err := p.ca.Compose(ctx, p.ca.liaison, c.ID, node.MessageInput{
		Subject: "Couriers coerced", Body: "Two couriers say they were coerced.", Handling: h,
		Assessment: &liaison.Assessment{Risk: liaison.RiskNone},
	})
	if err != nil || held != nil {
		t.Fatalf("Compose = %+v, %+v, %v; Canada's rules allow it", m, held, err)
	}
	var refused bool
	for _, o := range carry(t, p.ca, p.in) {
		if o.ObjectID == m.ID {
			refused = o.Status == liaison.InboundRefused && strings.Contains(o.Reason, "only under the India–Canada Mutual Legal Assistance Treaty")
		}
	}
	if !refused {
		t.Errorf("India stored what its own rules forbid")
	}
	if es := findAudit(t, p.in, 0, "message.refuse"); len(es) != 1 || es[0].Object != m.ID {
		t.Errorf("India's audit of the refusal = %+v", es)
	}
}

// TestRulesReload changes a party's rules while the node runs: a file
// that does not parse is refused with its name and line and the old rules
// stay in force; a good edit takes effect at once.
func TestRulesReload(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	dir, w := withRules(t, p.ca)
	c, cbsa, _ := immigrationCase(t, p)
	in := node.MessageInput{Subject: "Verify", Body: "Please confirm.", Handling: aboutSuspect(liaison.AreaImmigration),
		Assessment: &liaison.Assessment{Risk: liaison.RiskNone}}

	broken := filepath.Join(dir, "30-immigration.cedar")
	if err := os.WriteFile(broken, []byte("permit (principal, action, resource)\nwhen { resource.area == };\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := w.Reload()
	if err == nil || !strings.Contains(err.Error(), "30-immigration.cedar:2:") {
		t.Fatalf("Reload of a broken file = %v, want an error naming the file and line 2", err)
	}
	if _, held, err := p.ca.Compose(ctx, cbsa, c.ID, in); err != nil || held == nil {
		t.Errorf("after a broken edit: held %v, %v; the old rule must still hold the message", held, err)
	}

	if err := os.Remove(broken); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, held, err := p.ca.Compose(ctx, cbsa, c.ID, in); err != nil || held != nil {
		t.Errorf("without the immigration rule: held %v, %v; want sent", held, err)
	}
}

// TestPreview asks, before sending, what the guard would decide and who on
// the other side could read the message, under Canada's example rules.
func TestPreview(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	withRules(t, p.ca)
	c, cbsa, _ := immigrationCase(t, p)
	carry(t, p.ca, p.in)
	carry(t, p.in, p.ca) // in's directory: its liaison officers

	h := aboutSuspect(liaison.AreaImmigration)
	pv, err := p.ca.PreviewSend(ctx, cbsa, node.PreviewInput{CaseID: c.ID, Handling: h, Assessment: &liaison.Assessment{Risk: liaison.RiskMitigated}})
	if err != nil {
		t.Fatal(err)
	}
	if pv.Decision != "approval" || len(pv.Reasons) == 0 || len(pv.Policies) == 0 {
		t.Errorf("preview = %+v, want approval with reasons and the deciding policies", pv)
	}
	if len(pv.Audience) != 1 || pv.Audience[0].Party != "in" || !strings.Contains(pv.Audience[0].Who, "in's liaison officers") {
		t.Fatalf("audience = %+v", pv.Audience)
	}

	h = aboutSuspect(liaison.AreaDrugs)
	h.TLP = liaison.TLPRed
	named := p.in.liaison.ID
	pv, err = p.ca.PreviewSend(ctx, p.ca.liaison, node.PreviewInput{CaseID: mustCase(t, p.ca, "in").ID, Handling: h,
		To: liaison.Recipients{Officers: []string{named}}, Assessment: &liaison.Assessment{Risk: liaison.RiskNone}})
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, o := range pv.Audience[0].Officers {
		who = append(who, o.ID)
	}
	if pv.Decision != "allow" || !slices.Equal(who, []string{named}) || !strings.Contains(pv.Audience[0].Who, "TLP:RED") {
		t.Errorf("RED preview = %+v (readers %v), want allow and the named officer alone", pv, who)
	}
	if es := findAudit(t, p.ca, 0, "message.preview"); len(es) != 2 {
		t.Errorf("%d previews audited, want 2", len(es))
	}
}

// TestAuditPolicies checks the audit entries of the rules in force: which
// files (by digest), and an edit refused with its problems by file and line.
func TestAuditPolicies(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	dir, w := withRules(t, p.ca)
	before := auditSize(t, p.ca)
	if err := p.ca.AuditPolicies(ctx, "policy.load", w.Current(), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "99-broken.cedar"), []byte("forbid (principal, action, resource)\nwhen { };\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	loadErr := w.Reload()
	if loadErr == nil {
		t.Fatal("Reload of a broken file succeeded")
	}
	if err := p.ca.AuditPolicies(ctx, "policy.reload", w.Current(), loadErr); err != nil {
		t.Fatal(err)
	}
	es := auditAfter(t, p.ca, before)
	if len(es) != 2 {
		t.Fatalf("%d entries, want 2", len(es))
	}
	digest := sha256.Sum256(w.Current().Digest())
	if es[0].Action != "policy.load" || es[0].Decision != "allow" || es[0].ContentHash != hex.EncodeToString(digest[:]) {
		t.Errorf("load entry = %+v, want allow with the hash of the digest", es[0])
	}
	if es[1].Action != "policy.reload" || es[1].Decision != "deny" || !slices.ContainsFunc(es[1].Reasons, func(r string) bool { return strings.Contains(r, "99-broken.cedar:2:") }) {
		t.Errorf("reload entry = %+v, want deny naming the file and line", es[1])
	}
}
