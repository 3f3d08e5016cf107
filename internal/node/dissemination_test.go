package node_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// receivedMessage posts a message from in with the handling codes and TLP
// on a new case, carries it to ca, and returns it; ca also gets a second
// agency, cbsa, to pass messages on to.
func receivedMessage(tb testing.TB, p *pair, tlp string, codes ...string) *liaison.Message {
	tb.Helper()
	c := mustCase(tb, p.in, "ca")
	h := drugsHandling("in")
	h.TLP, h.Codes = tlp, codes
	var to liaison.Recipients
	if tlp == liaison.TLPRed {
		to.Officers = []string{p.ca.liaison.ID} // RED names its readers
	}
	m, err := p.in.PostMessage(context.Background(), p.in.liaison, c.ID, node.MessageInput{
		Subject: "Precursor consignment", Body: "4-AP declared as dye intermediates.", Handling: h, To: to,
	})
	if err != nil {
		tb.Fatalf("PostMessage: %v", err)
	}
	mustOfficer(tb, p.ca, "cbsa", "Border officer", liaison.RoleLiaison, liaison.AreaDrugs)
	carry(tb, p.ca, p.in) // ca's new directory
	for _, o := range carry(tb, p.in, p.ca) {
		if o.Status != liaison.InboundStored {
			tb.Fatalf("carry to ca: %s %s (%s)", o.Kind, o.Status, o.Reason)
		}
	}
	return m
}

// wantReason fails the test unless one of reasons contains s.
func wantReason(tb testing.TB, what string, reasons []string, s string) {
	tb.Helper()
	if !strings.Contains(strings.Join(reasons, "; "), s) {
		tb.Errorf("%s reasons %q lack %q", what, reasons, s)
	}
}

func disseminatedTo(tb testing.TB, n *testNode, id string) []string {
	tb.Helper()
	got, err := n.DisseminatedTo(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func TestDisseminateAllowed(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeLawEnforcementOnly, "other:do not contact the consignee")
	// An analyst of the agency it is passed on to reads it only once it
	// has been: the message went to ca's liaison unit.
	analyst := mustOfficer(t, p.ca, "cbsa", "Border analyst", liaison.RoleAnalyst, liaison.AreaDrugs)
	_, err := p.ca.Message(ctx, analyst, m.ID)
	wantCode(t, "Message before the dissemination", err, liaison.EFORBIDDEN)
	before := auditSize(t, p.ca)
	queued := len(pending(t, p.ca, "in"))
	d, err := p.ca.Disseminate(ctx, p.ca.liaison, m.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"})
	if err != nil {
		t.Fatalf("Disseminate: %v", err)
	}
	if got := len(pending(t, p.ca, "in")); got != queued {
		t.Errorf("an allowed dissemination queued %d items", got-queued)
	}
	if _, err := p.ca.Message(ctx, analyst, m.ID); err != nil {
		t.Errorf("Message after the dissemination to cbsa, as its analyst: %v", err)
	}
	if d.State != liaison.DisseminationAllowed || d.Decided == nil || d.Origin != "in" || d.By.OfficerID != p.ca.liaison.ID {
		t.Errorf("Disseminate = %+v, want allowed at once, origin in, by the liaison officer", d)
	}
	wantReason(t, "Disseminate", d.Reasons, "the recipient inherits the originator's condition: do not contact the consignee")
	if got := disseminatedTo(t, p.ca, m.ID); !slices.Equal(got, []string{"cbsa"}) {
		t.Errorf("DisseminatedTo = %v, want [cbsa]", got)
	}
	es := findAudit(t, p.ca, before, "dissemination.request")
	if len(es) != 1 || es[0].Decision != "allow" || es[0].Object != m.ID || es[0].Officer != p.ca.liaison.ID || !strings.Contains(es[0].Reasons[0], d.ID) {
		t.Errorf("audit dissemination.request = %+v", es)
	}
	got, err := p.ca.Dissemination(ctx, analyst, d.ID)
	if err != nil || got.State != d.State || got.ToAgency != "cbsa" {
		t.Errorf("Dissemination(%s) = %+v, %v", d.ID, got, err)
	}
	if got := findAudit(t, p.ca, before, "dissemination.read"); len(got) != 1 {
		t.Errorf("audited %d dissemination reads, want 1", len(got))
	}
	_, err = p.ca.Export(ctx, p.ca.liaison, d.ID)
	wantCode(t, "Export(a dissemination's id)", err, liaison.ENOTFOUND)
}

func TestDisseminateRefused(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	red := receivedMessage(t, p, liaison.TLPRed)
	d, err := p.ca.Disseminate(ctx, p.ca.liaison, red.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"})
	if err != nil {
		t.Fatalf("Disseminate: %v", err)
	}
	if d.State != liaison.DisseminationRefused || d.Decided == nil {
		t.Errorf("Disseminate(RED) state %s, want refused", d.State)
	}
	wantReason(t, "Disseminate(RED)", d.Reasons, "TLP:RED")
	if got := findAudit(t, p.ca, 0, "dissemination.request"); len(got) != 1 || got[0].Decision != "deny" {
		t.Errorf("audit of the refusal = %+v", got)
	}
	if got := disseminatedTo(t, p.ca, red.ID); len(got) != 0 {
		t.Errorf("DisseminatedTo after a refusal = %v", got)
	}

	le := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeLawEnforcementOnly)
	d, err = p.ca.Disseminate(ctx, p.ca.superv, le.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "administrative"})
	if err != nil || d.State != liaison.DisseminationRefused {
		t.Fatalf("Disseminate(law-enforcement-only, administrative) = %+v, %v; want refused", d, err)
	}
	wantReason(t, "Disseminate(administrative)", d.Reasons, "purpose administrative is not law enforcement")
}

func TestDisseminateDenied(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber)
	ok := node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"}
	before := auditSize(t, p.ca)
	_, err := p.ca.Disseminate(ctx, p.ca.analyst, m.ID, ok)
	wantCode(t, "Disseminate(analyst)", err, liaison.EFORBIDDEN)
	wantReason(t, "Disseminate(analyst)", liaison.ErrorReasons(err), "role analyst may not pass content on")
	_, err = p.ca.Disseminate(ctx, p.ca.cyber, m.ID, ok)
	wantCode(t, "Disseminate(other area)", err, liaison.EFORBIDDEN)
	if got := findAudit(t, p.ca, before, "dissemination.request"); len(got) != 2 || got[0].Decision != "deny" {
		t.Errorf("audited denials = %+v, want 2", got)
	}
	for _, tc := range []struct {
		name  string
		in    node.DisseminationInput
		field string
	}{
		{"NoAgency", node.DisseminationInput{Purpose: "investigation"}, "to_agency"},
		{"BadAgency", node.DisseminationInput{ToAgency: "CBSA!", Purpose: "investigation"}, "to_agency"},
		{"UnknownAgency", node.DisseminationInput{ToAgency: "csis", Purpose: "investigation"}, "to_agency"},
		{"PeerAgency", node.DisseminationInput{ToAgency: "ncb", Purpose: "investigation"}, "to_agency"},
		{"NoPurpose", node.DisseminationInput{ToAgency: "cbsa"}, "purpose"},
		{"UnknownPurpose", node.DisseminationInput{ToAgency: "cbsa", Purpose: "press"}, "purpose"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.ca.Disseminate(ctx, p.ca.liaison, m.ID, tc.in)
			wantCode(t, "Disseminate", err, liaison.EINVALID)
			if f := fieldNames(err); !slices.Equal(f, []string{tc.field}) {
				t.Errorf("fields %v, want [%s]", f, tc.field)
			}
		})
	}
	_, err = p.in.Disseminate(ctx, p.in.liaison, m.ID, node.DisseminationInput{ToAgency: "ncb", Purpose: "investigation"})
	wantCode(t, "Disseminate(own message)", err, liaison.EINVALID)
	_, err = p.ca.Disseminate(ctx, p.ca.liaison, "0195ffff-0000-7000-8000-000000000000", ok)
	wantCode(t, "Disseminate(unknown message)", err, liaison.ENOTFOUND)
}

// consentFlow disseminates m on ca, which waits for in's consent, and
// carries the request to in; it returns the dissemination.
func consentFlow(tb testing.TB, p *pair, m *liaison.Message) *liaison.Dissemination {
	tb.Helper()
	d, err := p.ca.Disseminate(context.Background(), p.ca.liaison, m.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"})
	if err != nil {
		tb.Fatalf("Disseminate: %v", err)
	}
	if d.State != liaison.DisseminationPendingConsent || d.Decided != nil {
		tb.Fatalf("Disseminate state %s, want pending_consent", d.State)
	}
	wantReason(tb, "Disseminate", d.Reasons, "the originator in must consent: the message is marked no-onward-dissemination")
	items := pending(tb, p.ca, "in")
	if len(items) != 1 || items[0].Kind != liaison.KindConsent || items[0].ObjectID != d.ID {
		tb.Fatalf("ca's outbox = %+v, want one consent request", items)
	}
	for _, o := range carry(tb, p.ca, p.in) {
		if o.Status != liaison.InboundStored {
			tb.Fatalf("consent request on in: %s (%s)", o.Status, o.Reason)
		}
	}
	return d
}

func TestConsentGranted(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination, "other:no contact with the shipper")
	d := consentFlow(t, p, m)
	if got := disseminatedTo(t, p.ca, m.ID); len(got) != 0 {
		t.Errorf("DisseminatedTo while pending = %v", got)
	}

	// in's supervisors see the request; no one else does.
	pendingState := liaison.ConsentPending
	cs, next, err := p.in.Consents(ctx, p.in.superv, liaison.ConsentFilter{State: &pendingState})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || next != "" {
		t.Fatalf("in's pending consents = %+v, want one", cs)
	}
	c := cs[0]
	if c.ID != d.ID || c.Kind != liaison.KindOnward || c.MessageID != m.ID || c.ToAgency != "cbsa" || c.Purpose != "investigation" ||
		c.Requester.Party != "ca" || c.Requester.Agency != "rcmp" || c.Requester.OfficerID != p.ca.liaison.ID || c.State != liaison.ConsentPending {
		t.Errorf("consent = %+v", c)
	}
	wantReason(t, "consent", c.Reasons, "no contact with the shipper")
	_, _, err = p.in.Consents(ctx, p.in.liaison, liaison.ConsentFilter{})
	wantCode(t, "Consents(liaison officer)", err, liaison.EFORBIDDEN)
	_, err = p.in.GrantConsent(ctx, p.in.liaison, c.ID)
	wantCode(t, "GrantConsent(liaison officer)", err, liaison.EFORBIDDEN)
	_, _, err = p.ca.Consents(ctx, p.ca.superv, liaison.ConsentFilter{})
	if err != nil {
		t.Errorf("Consents on ca: %v", err)
	}

	before := auditSize(t, p.in)
	got, err := p.in.GrantConsent(ctx, p.in.superv, c.ID)
	if err != nil {
		t.Fatalf("GrantConsent: %v", err)
	}
	if got.State != liaison.ConsentGranted || got.DecidedBy != p.in.superv.ID || got.Decided == nil {
		t.Errorf("GrantConsent = %+v", got)
	}
	_, err = p.in.GrantConsent(ctx, p.in.superv, c.ID)
	wantCode(t, "GrantConsent(again)", err, liaison.ECONFLICT)
	_, err = p.in.RefuseConsent(ctx, p.in.superv, c.ID, "changed my mind")
	wantCode(t, "RefuseConsent(after grant)", err, liaison.ECONFLICT)
	if es := findAudit(t, p.in, before, "consent.grant"); len(es) != 1 || es[0].Officer != p.in.superv.ID || es[0].Object != c.ID {
		t.Errorf("audit consent.grant = %+v", es)
	}
	answers := pending(t, p.in, "ca")
	if len(answers) != 1 || answers[0].Kind != liaison.KindConsentAnswer {
		t.Fatalf("in's outbox = %+v, want one answer", answers)
	}
	if strings.Contains(string(answers[0].Payload), p.in.superv.ID) || strings.Contains(string(answers[0].Payload), p.in.superv.Name) {
		t.Errorf("the answer %s names the supervisor", answers[0].Payload)
	}
	for _, o := range carry(t, p.in, p.ca) {
		if o.Status != liaison.InboundStored {
			t.Fatalf("answer on ca: %s (%s)", o.Status, o.Reason)
		}
	}
	after, err := p.ca.Dissemination(ctx, p.ca.liaison, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != liaison.DisseminationAllowed || after.Decided == nil {
		t.Errorf("ca's dissemination after consent: %+v, want allowed", after)
	}
	wantReason(t, "after consent", after.Reasons, "the originator in consented (agency ncb)")
	if got := disseminatedTo(t, p.ca, m.ID); !slices.Equal(got, []string{"cbsa"}) {
		t.Errorf("DisseminatedTo after consent = %v, want [cbsa]", got)
	}
	granted := liaison.ConsentGranted
	if cs, _, _ := p.in.Consents(ctx, p.in.superv, liaison.ConsentFilter{State: &granted}); len(cs) != 1 {
		t.Errorf("in's granted consents = %d, want 1", len(cs))
	}
	if cs, _, _ := p.in.Consents(ctx, p.in.superv, liaison.ConsentFilter{State: &pendingState}); len(cs) != 0 {
		t.Errorf("in's pending consents after the answer = %d, want 0", len(cs))
	}
	bad := liaison.ConsentState("maybe")
	_, _, err = p.in.Consents(ctx, p.in.superv, liaison.ConsentFilter{State: &bad})
	wantCode(t, "Consents(state maybe)", err, liaison.EINVALID)
}

func TestConsentRefused(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPGreen, liaison.CodeNoOnwardDissemination)
	d := consentFlow(t, p, m)
	_, err := p.in.RefuseConsent(ctx, p.in.superv, d.ID, "  ")
	wantCode(t, "RefuseConsent(no reason)", err, liaison.EINVALID)
	c, err := p.in.RefuseConsent(ctx, p.in.superv, d.ID, "a source would be exposed")
	if err != nil {
		t.Fatalf("RefuseConsent: %v", err)
	}
	if c.State != liaison.ConsentRefused || c.Reason != "a source would be exposed" {
		t.Errorf("RefuseConsent = %+v", c)
	}
	_, err = p.in.RefuseConsent(ctx, p.in.superv, d.ID, "again")
	wantCode(t, "RefuseConsent(again)", err, liaison.ECONFLICT)
	carry(t, p.in, p.ca)
	after, err := p.ca.Dissemination(ctx, p.ca.liaison, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != liaison.DisseminationRefused {
		t.Errorf("ca's dissemination after refusal: %s, want refused", after.State)
	}
	wantReason(t, "after refusal", after.Reasons, "the originator in refused consent (agency ncb): a source would be exposed")
	if got := disseminatedTo(t, p.ca, m.ID); len(got) != 0 {
		t.Errorf("DisseminatedTo after refusal = %v", got)
	}
}

func TestExportEvidence(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoJudicialUse, liaison.CodeLawEnforcementOnly)

	e, err := p.ca.ExportEvidence(ctx, p.ca.liaison, m.ID, node.ExportInput{Purpose: "prosecution"})
	if err != nil {
		t.Fatal(err)
	}
	if e.State != liaison.DisseminationRefused {
		t.Errorf("export without mla_ref: %s, want refused", e.State)
	}
	wantReason(t, "export without mla_ref", e.Reasons, "mla_ref")
	e, err = p.ca.ExportEvidence(ctx, p.ca.liaison, m.ID, node.ExportInput{Purpose: "investigation", MLARef: "MLAT/CA-IN/2026/17"})
	if err != nil || e.State != liaison.DisseminationRefused {
		t.Fatalf("export for investigation = %+v, %v; want refused", e, err)
	}
	wantReason(t, "export for investigation", e.Reasons, "only for purpose prosecution")
	_, err = p.ca.ExportEvidence(ctx, p.ca.liaison, m.ID, node.ExportInput{Purpose: "prosecution", MLARef: strings.Repeat("x", 201)})
	wantCode(t, "ExportEvidence(long mla_ref)", err, liaison.EINVALID)

	e, err = p.ca.ExportEvidence(ctx, p.ca.liaison, m.ID, node.ExportInput{Purpose: "prosecution", MLARef: "MLAT/CA-IN/2026/17"})
	if err != nil {
		t.Fatal(err)
	}
	if e.State != liaison.DisseminationPendingConsent || e.Kind != liaison.KindExport || e.MLARef != "MLAT/CA-IN/2026/17" {
		t.Fatalf("export with mla_ref = %+v, want pending_consent", e)
	}
	carry(t, p.ca, p.in)
	c, err := p.in.GrantConsent(ctx, p.in.superv, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != liaison.KindExport || c.MLARef != "MLAT/CA-IN/2026/17" || c.Purpose != "prosecution" {
		t.Errorf("consent = %+v", c)
	}
	carry(t, p.in, p.ca)
	got, err := p.ca.Export(ctx, p.ca.liaison, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != liaison.DisseminationAllowed {
		t.Errorf("export after consent: %s, want allowed", got.State)
	}
	_, err = p.ca.Dissemination(ctx, p.ca.liaison, e.ID)
	wantCode(t, "Dissemination(an export's id)", err, liaison.ENOTFOUND)
	if got := disseminatedTo(t, p.ca, m.ID); len(got) != 0 {
		t.Errorf("DisseminatedTo counts exports: %v", got)
	}
}

// TestConsentAnswerRefused sends answers that match no waiting request:
// each is refused as the item's fault and the items behind it flow.
func TestConsentAnswerRefused(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination)
	d := consentFlow(t, p, m)
	if _, err := p.in.GrantConsent(ctx, p.in.superv, d.ID); err != nil {
		t.Fatal(err)
	}
	carry(t, p.in, p.ca)

	forge := func(id, body string) {
		t.Helper()
		err := p.in.store.Update(ctx, func(tx liaison.Tx) error {
			return tx.Enqueue(&liaison.OutboxItem{Peer: "ca", Kind: liaison.KindConsentAnswer, ObjectID: id,
				ArrangementID: p.arr.ID, Payload: []byte(body), Created: m.Created})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	forge("0195ffff-0000-7000-8000-000000000001", `{"id":"0195ffff-0000-7000-8000-000000000001","state":"granted","agency":"ncb","time":"2025-03-01T09:00:00Z"}`)
	forge(d.ID, `{"id":"`+d.ID+`","state":"refused","reason":"too late","agency":"ncb","time":"2025-03-01T09:00:00Z"}`)
	forge(d.ID, `{"id":"`+d.ID+`","state":"maybe","agency":"ncb","time":"2025-03-01T09:00:00Z"}`)
	next := mustMessage(t, p.in, mustCase(t, p.in, "ca"), "After the bad answers")
	outcomes := carry(t, p.in, p.ca)
	want := []string{"which this node did not ask for", "which is allowed already", `state "maybe"`}
	for i, o := range outcomes[:3] {
		if o.Status != liaison.InboundRefused || !strings.Contains(o.Reason, want[i]) {
			t.Errorf("bad answer %d: %s (%s), want refused: %s", i, o.Status, o.Reason, want[i])
		}
	}
	for _, o := range outcomes[3:] {
		if o.Status != liaison.InboundStored {
			t.Errorf("item %d (%s) behind the bad answers: %s (%s)", o.Seq, o.Kind, o.Status, o.Reason)
		}
	}
	if got := readAs(t, p.ca, p.ca.liaison, next.ID); got.ID != next.ID {
		t.Errorf("message behind the bad answers not held")
	}
	if got, _ := p.ca.Dissemination(ctx, p.ca.liaison, d.ID); got.State != liaison.DisseminationAllowed {
		t.Errorf("a refused answer changed the dissemination: %s", got.State)
	}
}

// TestConsentRequestRefused has in refuse a request about a message it
// never sent to ca: the request on ca is refused with in's reason, as no
// answer will come.
func TestConsentRequestRefused(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination)
	d := &liaison.Dissemination{ID: "0195ffff-0000-7000-8000-0000000000aa", Kind: liaison.KindOnward,
		MessageID: "0195ffff-0000-7000-8000-0000000000bb", Origin: "in", ToAgency: "cbsa", Purpose: "investigation",
		By:    liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "x", OfficerID: p.ca.liaison.ID},
		State: liaison.DisseminationPendingConsent, Reasons: []string{"must consent"}, Created: m.Created}
	body := `{"id":"` + d.ID + `","kind":"dissemination","message":"` + d.MessageID + `","requester":{"party":"ca","agency":"rcmp","officer":"x"},` +
		`"to_agency":"cbsa","purpose":"investigation","reasons":[],"created":"2025-03-01T09:00:00Z"}`
	err := p.ca.store.Update(ctx, func(tx liaison.Tx) error {
		if err := tx.Enqueue(&liaison.OutboxItem{Peer: "in", Kind: liaison.KindConsent, ObjectID: d.ID,
			ArrangementID: p.arr.ID, Payload: []byte(body), Created: m.Created}); err != nil {
			return err
		}
		return tx.CreateDissemination(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	outcomes := carry(t, p.ca, p.in)
	if len(outcomes) != 1 || outcomes[0].Status != liaison.InboundRefused || !strings.Contains(outcomes[0].Reason, "which this node does not hold") {
		t.Fatalf("outcomes = %+v, want the request refused", outcomes)
	}
	got, err := p.ca.store.Dissemination(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != liaison.DisseminationRefused || got.Decided == nil {
		t.Errorf("dissemination after in refused the request: %s", got.State)
	}
	wantReason(t, "after the refused request", got.Reasons, "the originator's node in refused the consent request")
	if es := findAudit(t, p.ca, 0, "dissemination.refused"); len(es) != 1 {
		t.Errorf("audit dissemination.refused = %+v", es)
	}
	if cs, _, _ := p.in.Consents(ctx, p.in.superv, liaison.ConsentFilter{}); len(cs) != 0 {
		t.Errorf("in stored a refused request: %+v", cs)
	}
}
