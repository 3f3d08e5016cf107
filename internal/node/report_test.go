package node_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/report"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// personalHandling is drugsHandling from party with personal data about
// subjects under legal basis basis, and codes.
func personalHandling(party, basis string, codes []string, subjects ...string) liaison.Handling {
	h := drugsHandling(party)
	h.PersonalData, h.LegalBasis, h.Subjects, h.Codes = true, basis, subjects, codes
	return h
}

// reportHistory gives the pair a history of one day, 2025-03-01: in sends
// three messages (two with personal data, one of them assessed), ca sends
// one (assessed), an analyst is refused a release, in refuses an item
// from ca, in recalls its first message and ca purges it, ca passes
// another on to one of its agencies, and in's supervisors hold, approve
// and escalate releases. It returns the
// messages sent.
func reportHistory(t *testing.T, p *pair) []*liaison.Message {
	t.Helper()
	ctx := context.Background()
	c := mustCase(t, p.in, "ca")
	post := func(n *testNode, in node.MessageInput) *liaison.Message {
		t.Helper()
		in.Body = "Body text that is content, never metadata."
		m, err := n.PostMessage(ctx, n.liaison, c.ID, in)
		if err != nil {
			t.Fatalf("PostMessage(%s): %v", in.Subject, err)
		}
		return m
	}
	m1 := mustMessage(t, p.in, c, "Secret subject one")
	m2 := post(p.in, node.MessageInput{Subject: "Secret subject two",
		Handling: personalHandling("in", "ca-in-mlat-1995",
			[]string{liaison.CodeLawEnforcementOnly, liaison.CodeNoJudicialUse, "other:not to the press"}, "suspect", "other")})
	m3 := post(p.in, node.MessageInput{Subject: "Secret subject three",
		Handling:   personalHandling("in", "in-dpdp-2023-17-1-c", nil, "suspect"),
		Assessment: &liaison.Assessment{Risk: liaison.RiskMitigated, Note: "assurances received"}})
	carry(t, p.in, p.ca)
	h := personalHandling("ca", "ca-privacy-act-8-2-f", []string{liaison.CodeNoOnwardDissemination}, "victim")
	h.TLP = liaison.TLPGreen
	m4 := post(p.ca, node.MessageInput{Subject: "Secret subject four", Handling: h,
		Assessment: &liaison.Assessment{Risk: liaison.RiskNone}})
	carry(t, p.ca, p.in)

	// A refusal: a release by an analyst.
	_, err := p.in.PostMessage(ctx, p.in.analyst, c.ID, node.MessageInput{Subject: "x", Body: "y", Handling: drugsHandling("in")})
	wantCode(t, "PostMessage by an analyst", err, liaison.EFORBIDDEN)

	// A recall: ca purges its copy and answers.
	if _, err := p.in.Recall(ctx, p.in.liaison, m1.ID, node.RecallInput{Reason: "sent to the wrong desk"}); err != nil {
		t.Fatal(err)
	}
	carry(t, p.in, p.ca)
	carry(t, p.ca, p.in)

	// A refusal on receipt: an item of a kind in does not know, with a
	// sequence number ca never gave, so nothing can follow it on the link.
	seq := link(t, p.in, "ca").LastInSeq + 1
	if _, err := p.in.Receive(ctx, "ca", "env-bogus", p.arr.ID, []node.Incoming{{Seq: seq, Kind: "bogus", ID: "b1", Body: []byte("{}")}}); err != nil {
		t.Fatal(err)
	}

	// Onward use: ca passes one of in's messages on to another agency.
	mustOfficer(t, p.ca, "cbsa", "Border analyst", liaison.RoleAnalyst, liaison.AreaDrugs)
	if d, err := p.ca.Disseminate(ctx, p.ca.liaison, m3.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"}); err != nil || d.State != liaison.DisseminationAllowed {
		t.Fatalf("Disseminate = %+v, %v; want allowed", d, err)
	}

	// Approvals as four-eyes releases leave them, written directly: the
	// pair has no rules that hold a release.
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	err = p.in.store.Update(ctx, func(tx liaison.Tx) error {
		for i, st := range []liaison.ApprovalState{liaison.ApprovalPending, liaison.ApprovalPending, liaison.ApprovalEscalated} {
			held := *m1
			held.ID = p.in.ids()
			if err := tx.CreateApproval(&liaison.Approval{ID: held.ID, CaseID: c.ID, Message: held, State: st, Reasons: []string{"four eyes"}, Requested: at}); err != nil {
				return err
			}
			if i == 1 {
				if err := tx.DecideApproval(held.ID, liaison.ApprovalApproved, p.in.superv.ID, at.Add(time.Minute), ""); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return []*liaison.Message{m1, m2, m3, m4}
}

func TestOversightReport(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	ms := reportHistory(t, p)

	_, err := p.in.OversightReport(ctx, p.in.analyst, node.ReportInput{From: "2025-03-01", To: "2025-03-01"})
	wantCode(t, "OversightReport by an analyst", err, liaison.EFORBIDDEN)
	_, err = p.in.OversightReport(ctx, p.in.auditor, node.ReportInput{From: "2025-03-02", To: "2025-03-01"})
	wantCode(t, "OversightReport backwards", err, liaison.EINVALID)

	before := auditSize(t, p.in)
	r, err := p.in.OversightReport(ctx, p.in.auditor, node.ReportInput{From: "2025-03-01", To: "2025-03-01", Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	// The generation is audited, and the checkpoint covers that entry.
	read := findAudit(t, p.in, before, "report.read")
	if len(read) != 1 || read[0].Object != "oversight:2025-03-01/2025-03-01" || !slices.Equal(read[0].Reasons, []string{"format json"}) {
		t.Fatalf("report.read entries %+v, want one naming the period and format", read)
	}
	if r.Checkpoint.Size != read[0].Index || len(r.Checkpoint.Root) != 64 || r.Checkpoint.Signed() {
		t.Errorf("checkpoint %+v, want the unsigned head at entry %d", r.Checkpoint, read[0].Index)
	}

	rows := func(rs []report.Row) map[string][2]int {
		m := map[string][2]int{}
		for _, r := range rs {
			if r.Total > 0 {
				m[r.Key+"|"+r.Note] = [2]int{r.Sent, r.Received}
			}
		}
		return m
	}
	for _, tc := range []struct {
		name string
		got  []report.Row
		want map[string][2]int
	}{
		{"direction", r.ByDirection, map[string][2]int{"sent|": {3, 0}, "received|": {0, 1}}},
		{"crime area", r.ByCrimeArea, map[string][2]int{"drugs|": {3, 1}}},
		{"agency", r.ByAgency, map[string][2]int{"in/ncb|": {3, 0}, "ca/rcmp|": {0, 1}}},
		{"classification", r.ByClassification, map[string][2]int{"RESTRICTED|RESTRICTED": {3, 0}, "PROTECTED B|RESTRICTED": {0, 1}}},
		{"tlp", r.ByTLP, map[string][2]int{"AMBER|": {3, 0}, "GREEN|": {0, 1}}},
		{"codes", r.ByHandlingCode, map[string][2]int{
			"law-enforcement-only|": {2, 0}, "no-judicial-use|": {1, 0}, "no-onward-dissemination|": {0, 1},
			"other|": {1, 0}, "none|": {1, 0},
		}},
	} {
		if diff := cmp.Diff(tc.want, rows(tc.got)); diff != "" {
			t.Errorf("by %s (-want +got):\n%s", tc.name, diff)
		}
	}
	if len(r.ByCrimeArea) != len(liaison.CrimeAreas) || len(r.ByTLP) != len(liaison.TLPLabels) {
		t.Errorf("crime areas and TLP labels are not all listed: %v %v", r.ByCrimeArea, r.ByTLP)
	}

	mlat := "Treaty between the Government of Canada and the Government of the Republic of India on Mutual Assistance in Criminal Matters"
	var got []string
	for _, x := range r.Transfers {
		got = append(got, strings.Join([]string{x.Message, x.Direction, x.From, strings.Join(x.To, ","), x.CrimeArea,
			strings.Join(x.Subjects, ","), x.LegalBasis, x.LegalBasisTitle, x.Assessment, x.Risk, x.RiskNote}, " | "))
	}
	want := []string{
		ms[1].ID + " | sent | in/ncb | ca | drugs | suspect,other | ca-in-mlat-1995 | " + mlat + " | none recorded |  | ",
		ms[2].ID + " | sent | in/ncb | ca | drugs | suspect | in-dpdp-2023-17-1-c | Digital Personal Data Protection Act, 2023, section 17(1)(c) | recorded | mitigated | assurances received",
		ms[3].ID + " | received | ca/rcmp | in | drugs | victim | ca-privacy-act-8-2-f | Privacy Act, paragraph 8(2)(f) | held by the sending party |  | ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("transfers (-want +got):\n%s", diff)
	}

	refused := map[string]int{}
	for _, x := range r.Refusals {
		refused[x.Action] += x.Count
	}
	if diff := cmp.Diff(map[string]int{"message.send": 1, "bogus.refuse": 1, "report.read": 1}, refused); diff != "" {
		t.Errorf("refusals by action (-want +got):\n%s\n%+v", diff, r.Refusals)
	}
	wantRemovals := []report.Count{{Key: "message.recall", Count: 1}, {Key: "message.recall-purged", Count: 1}, {Key: "recall-answer.receive", Count: 1}}
	if !slices.Equal(r.RemovalCounts, wantRemovals) || len(r.Removals) != 3 || r.Removals[0].Object != ms[0].ID ||
		r.Removals[0].Reason != "recalled from ca: sent to the wrong desk" {
		t.Errorf("removals %+v %+v, want the recall and its answer", r.RemovalCounts, r.Removals)
	}
	if r.PurgedSince.Total != 0 {
		t.Errorf("in counts %+v purged, but kept its own copy", r.PurgedSince)
	}
	if want := (report.Approvals{Held: 2, Approved: 1, Escalated: 1, Pending: 1}); r.Approvals != want {
		t.Errorf("approvals %+v, want %+v", r.Approvals, want)
	}
	if r.Requests.Note != report.NoRequests {
		t.Errorf("requests %+v, want none", r.Requests)
	}

	// No content in any rendering.
	for _, f := range report.Formats {
		var buf bytes.Buffer
		if err := r.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"Secret subject", "Body text", "MSCU", "4-AP"} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%s report contains content %q", f, secret)
			}
		}
	}

	// The other side sees the same exchange the other way round.
	rc, err := p.ca.OversightReport(ctx, p.ca.superv, node.ReportInput{From: "2025-03-01", To: "2025-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	// ca no longer holds the recalled message: the log still says it came.
	if diff := cmp.Diff(map[string][2]int{"sent|": {1, 0}, "received|": {0, 2}}, rows(rc.ByDirection)); diff != "" {
		t.Errorf("ca by direction (-want +got):\n%s", diff)
	}
	if want := (report.Row{Key: "purged since", Received: 1, Total: 1}); rc.PurgedSince != want {
		t.Errorf("ca purged since %+v, want %+v", rc.PurgedSince, want)
	}
	if want := []report.Count{{Key: "message.purge", Count: 1}, {Key: "recall.receive", Count: 1}}; !slices.Equal(rc.RemovalCounts, want) {
		t.Errorf("ca removals %+v, want %+v", rc.RemovalCounts, want)
	}
	if want := []report.Count{{Key: "dissemination.request allow", Count: 1}}; !slices.Equal(rc.OnwardUse, want) || len(r.OnwardUse) != 0 {
		t.Errorf("onward use: ca %+v, in %+v; want %+v on ca only", rc.OnwardUse, r.OnwardUse, want)
	}
	if len(rc.Transfers) != 3 || rc.Transfers[2].Direction != "sent" || rc.Transfers[2].Risk != liaison.RiskNone {
		t.Errorf("ca transfers %+v, want its own assessed one last", rc.Transfers)
	}

	// Another period holds none of it.
	empty, err := p.in.OversightReport(ctx, p.in.superv, node.ReportInput{From: "2025-03-02", To: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Transfers) != 0 || empty.ByDirection[0].Total != 0 || len(empty.Removals) != 0 || empty.Approvals != (report.Approvals{}) {
		t.Errorf("report of a later period counts the day before: %+v", empty)
	}
}

// TestOversightReportSigned checks that a node with a signing key states
// a checkpoint it signed, which verifies with its key.
func TestOversightReportSigned(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "in.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
	origin := auditlog.Origin("in", strings.Repeat("ab", 32))
	signer, err := auditlog.NewSigner(origin, key)
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.New(node.Config{Party: "in", Name: "in node", Store: st, Signer: signer, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	r, err := n.OversightReport(ctx, nil, node.ReportInput{From: "2025-03-01", To: "2025-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := auditlog.NewVerifier(origin, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := auditlog.OpenCheckpoint([]byte(r.Checkpoint.Note), v)
	if err != nil {
		t.Fatalf("the report's checkpoint does not verify: %v", err)
	}
	if cp.Size != r.Checkpoint.Size || cp.Root.String() != r.Checkpoint.Root || r.Checkpoint.Origin != origin || r.Checkpoint.Size != 1 {
		t.Errorf("checkpoint %+v, signed note says %d %s", r.Checkpoint, cp.Size, cp.Root)
	}
	if r.GeneratedBy != "operator at the console" {
		t.Errorf("GeneratedBy = %q", r.GeneratedBy)
	}
}
