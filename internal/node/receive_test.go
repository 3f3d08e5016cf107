package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
)

// caUS returns the shipped arrangement rewritten for the parties us and
// ca: a second arrangement that ca applies and in does not.
func caUS() []byte {
	s := string(arrangements.InCA)
	s = strings.Replace(s, `name = "India–Canada`, `name = "United States–Canada`, 1)
	s = strings.Replace(s, `parties = ["in", "ca"]`, `parties = ["us", "ca"]`, 1)
	s = strings.Replace(s, `party = "in"`, `party = "us"`, 1)
	s = strings.Replace(s, "\nin = [", "\nus = [", 1)
	return []byte(s)
}

// recvFixture is a pair where in has shared a case and a message with
// ca, ca has answered in the case, and ca also shares a case with a third
// party, us, under a second arrangement. From then on the test plays in's
// side by hand: it builds items and hands them to ca.Receive.
type recvFixture struct {
	*pair
	c     *liaison.Case    // in's case, held by both
	mIn   *liaison.Message // in's message, held by ca
	mCA   *liaison.Message // ca's message, delivered to in
	cUS   *liaison.Case    // ca's case with us
	mUS   *liaison.Message // ca's message to us, never carried
	arrUS *liaison.Arrangement
}

func newRecvFixture(tb testing.TB) *recvFixture {
	tb.Helper()
	ctx := context.Background()
	f := &recvFixture{pair: newPair(tb)}
	f.c = mustCase(tb, f.in, "ca")
	f.mIn = mustMessage(tb, f.in, f.c, "From in")
	carry(tb, f.in, f.ca)
	f.mCA = mustMessage(tb, f.ca, f.c, "From ca")
	carry(tb, f.ca, f.in)

	a, err := f.ca.ApplyArrangement(ctx, caUS())
	if err != nil {
		tb.Fatalf("apply us-ca arrangement: %v", err)
	}
	f.arrUS = a
	if _, err := f.ca.AddPeer(ctx, card("us")); err != nil {
		tb.Fatal(err)
	}
	f.cUS = mustCase(tb, f.ca, "us")
	if f.cUS.ArrangementID != a.ID {
		tb.Fatalf("ca's case with us is under %s, want %s", f.cUS.ArrangementID, a.ID)
	}
	f.mUS = mustMessage(tb, f.ca, f.cUS, "To us")
	carry(tb, f.ca, f.in) // ca's directory, queued again by the new arrangement
	return f
}

// lastIn returns the last sequence number ca took from in.
func (f *recvFixture) lastIn(tb testing.TB) int64 {
	tb.Helper()
	return link(tb, f.ca, "in").LastInSeq
}

// send hands items to ca as one envelope from in under the India–Canada
// arrangement, numbering those with Seq 0 after the link's last.
func (f *recvFixture) send(tb testing.TB, items ...node.Incoming) ([]liaison.InboundItem, error) {
	tb.Helper()
	return f.sendUnder(tb, f.arr.ID, items...)
}

func (f *recvFixture) sendUnder(tb testing.TB, arrID string, items ...node.Incoming) ([]liaison.InboundItem, error) {
	tb.Helper()
	next := f.lastIn(tb) + 1
	for i := range items {
		if items[i].Seq == 0 {
			items[i].Seq = next
			next++
		}
	}
	env := fmt.Sprintf("env-in-manual-%d", f.in.envelope.Add(1))
	return f.ca.Receive(context.Background(), "in", env, arrID, items)
}

// item encodes v as an item of kind with the id.
func item(tb testing.TB, kind, id string, v any) node.Incoming {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return node.Incoming{Kind: kind, ID: id, Body: b}
}

// wireMsg is a valid message from in in the shared case, as in's node
// would send it.
func (f *recvFixture) wireMsg() *liaison.Message {
	return &liaison.Message{
		ID: f.in.ids(), CaseID: f.c.ID, Subject: "Follow-up", Body: "The consignment was re-routed.",
		Handling: drugsHandling("in"), Entities: []liaison.Entity{},
		From:    liaison.Sender{Party: "in", Agency: "ncb", Officer: f.in.liaison.Name, OfficerID: f.in.liaison.ID},
		Created: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

// wireCase is a valid new case from in.
func (f *recvFixture) wireCase() *liaison.Case {
	return &liaison.Case{
		ID: f.in.ids(), Title: "Another matter", CrimeArea: liaison.AreaDrugs, Parties: []string{"in", "ca"},
		Origin: "in", ArrangementID: f.arr.ID, Handling: drugsHandling("in"),
		CreatedBy: liaison.Sender{Party: "in", Agency: "ncb", Officer: f.in.liaison.Name, OfficerID: f.in.liaison.ID},
		Created:   time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

func (f *recvFixture) msgItem(tb testing.TB, change func(*liaison.Message)) node.Incoming {
	tb.Helper()
	m := f.wireMsg()
	id := m.ID
	if change != nil {
		change(m)
	}
	return item(tb, liaison.KindMessage, id, m)
}

func (f *recvFixture) caseItem(tb testing.TB, change func(*liaison.Case)) node.Incoming {
	tb.Helper()
	c := f.wireCase()
	id := c.ID
	if change != nil {
		change(c)
	}
	return item(tb, liaison.KindCase, id, c)
}

// dir is in's directory as ca holds it, to build variants from.
func (f *recvFixture) dir() node.Directory {
	return node.Directory{
		Agencies: []liaison.Agency{{Party: "in", Code: "ncb", Name: "NCB"}},
		Officers: []liaison.Officer{*f.in.liaison},
	}
}

func (f *recvFixture) dirItem(tb testing.TB, change func(*node.Directory)) node.Incoming {
	tb.Helper()
	d := f.dir()
	if change != nil {
		change(&d)
	}
	return item(tb, liaison.KindDirectory, "in", d)
}

func readItem(tb testing.TB, id string, body map[string]any) node.Incoming {
	tb.Helper()
	if body == nil {
		body = map[string]any{"message": id, "agency": "ncb", "time": "2025-03-01T12:00:00Z"}
	}
	return item(tb, liaison.KindRead, id, body)
}

// caState is what ca holds that a refused item must not change.
type caState struct {
	Cases     []liaison.Case
	Messages  []liaison.Message
	Directory *node.Directory
}

func (f *recvFixture) caState(tb testing.TB) caState {
	tb.Helper()
	d, err := f.ca.Directory(context.Background(), f.ca.analyst)
	if err != nil {
		tb.Fatal(err)
	}
	return caState{Cases: allCases(tb, f.ca), Messages: allMessages(tb, f.ca), Directory: d}
}

// TestReceiveRefused sends, for each way an item can be wrong, an
// envelope holding the bad item and a good message behind it. The bad
// item is refused with a reason, noted on the link and audited, and
// changes nothing; the good one is stored.
func TestReceiveRefused(t *testing.T) {
	f := newRecvFixture(t)
	tests := []struct {
		name   string
		item   func(t *testing.T) node.Incoming
		reason string
	}{
		// Cases.
		{"CaseIDMismatch", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.ID = f.in.ids() })
		}, "differs from item id"},
		{"CaseOrigin", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Origin = "ca" })
		}, "claims origin ca but came from in"},
		{"CaseCreatedBy", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.CreatedBy.Party = "ca" })
		}, "but came from in"},
		{"CaseArrangement", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.ArrangementID = f.arrUS.ID })
		}, "names arrangement " + f.arrUS.ID[:12]},
		{"CaseNotNamingReceiver", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Parties = []string{"in", "us"} })
		}, "does not name this node's party ca"},
		{"CaseCrimeAreaUnknown", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.CrimeArea, c.Handling.CrimeArea = "piracy", "piracy" })
		}, `crime area "piracy" invalid`},
		{"CaseCrimeAreaDiffers", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Handling.CrimeArea = liaison.AreaCyber })
		}, "differs from its handling"},
		{"CaseTitleEmpty", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Title = "" })
		}, "title empty or longer than 300 bytes"},
		{"CaseHandlingInvalid", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Handling.Classification = "PROTECTED B" })
		}, `handling: invalid input: classification: unknown label "PROTECTED B" in the scheme of party "in"`},
		{"CaseAboveCeiling", func(t *testing.T) node.Incoming {
			return f.caseItem(t, func(c *liaison.Case) { c.Handling.Classification = "SECRET" })
		}, "the arrangement's ceiling is CONFIDENTIAL; this content is SECRET"},
		{"CaseAlreadyHeld", func(t *testing.T) node.Incoming {
			c := *f.c
			return item(t, liaison.KindCase, c.ID, &c)
		}, "is already held"},
		{"CaseUnknownField", func(t *testing.T) node.Incoming {
			it := f.caseItem(t, nil)
			it.Body = append(it.Body[:len(it.Body)-1], `,"priority":"urgent"}`...)
			return it
		}, `unknown field "priority"`},
		{"CaseTrailingData", func(t *testing.T) node.Incoming {
			it := f.caseItem(t, nil)
			it.Body = append(it.Body, "{}"...)
			return it
		}, "trailing data"},

		// Messages.
		{"MessageIDMismatch", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.ID = f.in.ids() })
		}, "differs from item id"},
		{"MessageFromParty", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.From.Party = "ca" })
		}, "claims party ca but came from in"},
		{"MessageSubjectEmpty", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.Subject = "" })
		}, "subject or body empty or too long"},
		{"MessageBodyTooLong", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.Body = strings.Repeat("b", node.MaxBody+1) })
		}, "subject or body empty or too long"},
		{"MessageUnknownCase", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.CaseID = "no-such-case" })
		}, "is in case no-such-case, which this node does not hold"},
		{"MessageCaseNotShared", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.CaseID = f.cUS.ID })
		}, "is not shared with in under this arrangement"},
		{"MessageHandlingInvalid", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.Handling.Classification = "PROTECTED B" })
		}, `handling: invalid input: classification: unknown label "PROTECTED B" in the scheme of party "in"`},
		{"MessageHandlingCrimeAreaDiffers", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.Handling.CrimeArea = liaison.AreaCyber })
		}, "crime area cyber differs from its case's crime area drugs"},
		{"MessageLegalBasisOfOtherParty", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) {
				m.Handling.PersonalData, m.Handling.LegalBasis = true, "ca-privacy-act-8-2-f"
			})
		}, `legal_basis: instrument "ca-privacy-act-8-2-f" is domestic law of party "ca"`},
		{"MessageAboveCeiling", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) { m.Handling.Classification = "TOP SECRET" })
		}, "the arrangement's ceiling is CONFIDENTIAL; this content is TOP SECRET"},
		{"MessageBadEntity", func(t *testing.T) node.Incoming {
			return f.msgItem(t, func(m *liaison.Message) {
				m.Entities = []liaison.Entity{{Kind: liaison.EntityVesselIMO, Value: "IMO 9074728"}}
			})
		}, "entities[0].value"},
		{"MessageAlreadyHeld", func(t *testing.T) node.Incoming {
			m := f.wireMsg()
			m.ID = f.mIn.ID
			return item(t, liaison.KindMessage, m.ID, m)
		}, "is already held"},
		{"MessageNotJSON", func(t *testing.T) node.Incoming {
			return node.Incoming{Kind: liaison.KindMessage, ID: f.in.ids(), Body: []byte("not json")}
		}, "item body: invalid character"},
		{"MessageUnknownField", func(t *testing.T) node.Incoming {
			it := f.msgItem(t, nil)
			it.Body = append(it.Body[:len(it.Body)-1], `,"color":"red"}`...)
			return it
		}, `unknown field "color"`},

		{"UnknownKind", func(t *testing.T) node.Incoming {
			return node.Incoming{Kind: "indicator", ID: "w1", Body: []byte("{}")}
		}, `unknown item kind "indicator"`},

		// Directories.
		{"DirectoryAgencyParty", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Agencies[0].Party = "ca" })
		}, "directory agency 0: must be of party in"},
		{"DirectoryAgencyCode", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Agencies[0].Code = "NCB!" })
		}, "directory agency 0: must be of party in with a valid code and name"},
		{"DirectoryAgencyName", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Agencies[0].Name = "" })
		}, "directory agency 0"},
		{"DirectoryAgencyTwice", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Agencies = append(d.Agencies, d.Agencies[0]) })
		}, "agency ncb is listed twice"},
		{"DirectoryOfficerParty", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers[0].Party = "ca" })
		}, `directory officer 0 is of party "ca", not in`},
		{"DirectoryOfficerInvalid", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers[0].Role = "king" })
		}, `directory officer 0: invalid input: role: unknown role "king"`},
		{"DirectoryOfficerNoID", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers[0].ID = "" })
		}, "directory officer 0: id must be 1 to 64 bytes"},
		{"DirectoryOfficerLongID", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers[0].ID = strings.Repeat("i", 65) })
		}, "id must be 1 to 64 bytes"},
		{"DirectoryOfficerTwice", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers = append(d.Officers, d.Officers[0]) })
		}, "officer " + f.in.liaison.ID + " is listed twice"},
		{"DirectoryOfficerOfOtherParty", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) { d.Officers[0].ID = f.ca.liaison.ID })
		}, "officer " + f.ca.liaison.ID + " is an officer of ca"},
		{"DirectoryTooLarge", func(t *testing.T) node.Incoming {
			return f.dirItem(t, func(d *node.Directory) {
				d.Agencies = slices.Repeat([]liaison.Agency{{Party: "in", Code: "x", Name: "x"}}, 10001)
			})
		}, "directory too large"},
		{"DirectoryUnknownField", func(t *testing.T) node.Incoming {
			return node.Incoming{Kind: liaison.KindDirectory, ID: "in", Body: []byte(`{"agencies":[],"officers":[],"admins":[]}`)}
		}, `unknown field "admins"`},

		// Read notices.
		{"ReadUnknownMessage", func(t *testing.T) node.Incoming {
			return readItem(t, "no-such-message", nil)
		}, "read notice for message no-such-message, which this node did not send"},
		{"ReadInboundMessage", func(t *testing.T) node.Incoming {
			return readItem(t, f.mIn.ID, nil)
		}, "which this node did not send"},
		{"ReadIDMismatch", func(t *testing.T) node.Incoming {
			it := readItem(t, f.mCA.ID, nil)
			it.ID = f.mUS.ID
			return it
		}, "which this node did not send"},
		{"ReadNotSentToPeer", func(t *testing.T) node.Incoming {
			return readItem(t, f.mUS.ID, nil)
		}, "read notice for message " + f.mUS.ID + ", which was not sent to in"},
		{"ReadUnknownField", func(t *testing.T) node.Incoming {
			return readItem(t, f.mCA.ID, map[string]any{"message": f.mCA.ID, "officer": "someone"})
		}, `unknown field "officer"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			bad := tt.item(t)
			good := f.msgItem(t, nil)
			before := f.caState(t)
			audit := auditSize(t, f.ca)
			last := f.lastIn(t)

			outcomes, err := f.send(t, bad, good)
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			if len(outcomes) != 2 {
				t.Fatalf("Receive returned %d outcomes, want 2", len(outcomes))
			}
			o := outcomes[0]
			if o.Status != liaison.InboundRefused || !strings.Contains(o.Reason, tt.reason) {
				t.Errorf("bad item: %s (%s), want refused with %q", o.Status, o.Reason, tt.reason)
			}
			if o.Seq != last+1 || o.Kind != bad.Kind || o.ObjectID != bad.ID || o.Peer != "in" {
				t.Errorf("bad item outcome = %+v, want seq %d, %s %s from in", o, last+1, bad.Kind, bad.ID)
			}
			if o := outcomes[1]; o.Status != liaison.InboundStored {
				t.Errorf("good item behind the bad one: %s (%s), want stored", o.Status, o.Reason)
			}
			if got := f.lastIn(t); got != last+2 {
				t.Errorf("link last_in_seq = %d, want %d", got, last+2)
			}

			// The link shows the refusal, for the officers of ca.
			l := link(t, f.ca, "in")
			want := fmt.Sprintf("refused seq %d (%s %s): ", last+1, bad.Kind, bad.ID)
			if !strings.HasPrefix(l.LastRefusal, want) || !strings.Contains(l.LastRefusal, tt.reason) || l.LastRefusalAt == nil {
				t.Errorf("link last refusal = %q, want %q and the reason", l.LastRefusal, want)
			}

			// The audit log holds the refusal, then the good item.
			es := auditAfter(t, f.ca, audit)
			if len(es) != 2 {
				t.Fatalf("Receive appended %d audit entries, want 2: %+v", len(es), es)
			}
			if e := es[0]; e.Action != bad.Kind+".refuse" || e.Object != bad.ID || e.Decision != "deny" ||
				len(e.Reasons) != 1 || !strings.HasPrefix(e.Reasons[0], "in: ") || !strings.Contains(e.Reasons[0], tt.reason) || e.ContentHash == "" {
				t.Errorf("refusal audit entry = %+v", e)
			}
			if e := es[1]; e.Action != "message.receive" || e.Object != good.ID || e.Decision != "allow" {
				t.Errorf("second audit entry = %+v, want message.receive of %s", e, good.ID)
			}

			// Nothing but the good message changed.
			after := f.caState(t)
			m, err := f.ca.store.Message(ctx, good.ID)
			if err != nil {
				t.Fatalf("good message not stored: %v", err)
			}
			if !m.Inbound || m.State != liaison.StateDelivered || m.Received == nil {
				t.Errorf("good message stored as %+v", m)
			}
			after.Messages = slices.DeleteFunc(after.Messages, func(x liaison.Message) bool { return x.ID == good.ID })
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("refused item changed ca (-before +after):\n%s", diff)
			}
			// The item's own object is not stored, unless it was held before.
			if bad.Kind == liaison.KindMessage && !strings.HasSuffix(tt.name, "AlreadyHeld") {
				if _, err := f.ca.store.Message(ctx, bad.ID); liaison.ErrorCode(err) != liaison.ENOTFOUND {
					t.Errorf("refused message %s: Message error %v, want not found", bad.ID, err)
				}
			}
			if bad.Kind == liaison.KindCase && !strings.HasSuffix(tt.name, "AlreadyHeld") {
				if _, err := f.ca.store.Case(ctx, bad.ID); liaison.ErrorCode(err) != liaison.ENOTFOUND {
					t.Errorf("refused case %s: Case error %v, want not found", bad.ID, err)
				}
			}
		})
	}
}

// TestReceiveArrangement refuses every item of an envelope sent under an
// arrangement that ca has not applied, or that does not name in.
func TestReceiveArrangement(t *testing.T) {
	f := newRecvFixture(t)
	tests := []struct {
		name   string
		arrID  func() string
		reason string
	}{
		{"NotApplied", func() string { return strings.Repeat("0f", 32) }, "arrangement sha256:0f0f0f0f0f0f is not applied on node ca; apply the same file on both nodes"},
		{"NotNamingSender", func() string { return f.arrUS.ID }, `arrangement "United States–Canada security and law-enforcement arrangement" does not name both in and ca`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.caState(t)
			audit := auditSize(t, f.ca)
			items := []node.Incoming{f.caseItem(t, nil), f.msgItem(t, nil), f.dirItem(t, nil)}
			outcomes, err := f.sendUnder(t, tt.arrID(), items...)
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			for i, o := range outcomes {
				if o.Status != liaison.InboundRefused || o.Reason != tt.reason {
					t.Errorf("item %d: %s (%s), want refused: %s", i, o.Status, o.Reason, tt.reason)
				}
			}
			es := auditAfter(t, f.ca, audit)
			if len(es) != 3 || es[0].Action != "case.refuse" || es[1].Action != "message.refuse" || es[2].Action != "directory.refuse" {
				t.Errorf("audit after refused envelope = %+v, want three refusals", es)
			}
			if l := link(t, f.ca, "in"); !strings.Contains(l.LastRefusal, tt.reason) {
				t.Errorf("link last refusal = %q, want %q", l.LastRefusal, tt.reason)
			}
			if diff := cmp.Diff(before, f.caState(t)); diff != "" {
				t.Errorf("refused envelope changed ca (-before +after):\n%s", diff)
			}
		})
	}
}

// TestReceiveDuplicate sends an envelope twice: the second time every item
// is a duplicate and nothing changes, not even for an item that would now
// be refused.
func TestReceiveDuplicate(t *testing.T) {
	ctx := context.Background()
	f := newRecvFixture(t)
	items := []node.Incoming{f.caseItem(t, nil), f.msgItem(t, nil), f.dirItem(t, nil), readItem(t, f.mCA.ID, nil)}
	outcomes, err := f.send(t, items...)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outcomes {
		if o.Status != liaison.InboundStored {
			t.Fatalf("first copy: item %d %s: %s (%s), want stored", o.Seq, o.Kind, o.Status, o.Reason)
		}
	}
	if m, _ := f.ca.store.Message(ctx, f.mCA.ID); m.State != liaison.StateRead {
		t.Errorf("ca's message after the read notice: %s, want read", m.State)
	}
	before := f.caState(t)
	audit := auditSize(t, f.ca)
	l := link(t, f.ca, "in")

	// The same envelope again, then a part of it with a new item behind.
	outcomes, err = f.send(t, items...)
	if err != nil {
		t.Fatalf("second copy: %v", err)
	}
	for i, o := range outcomes {
		if o.Status != liaison.InboundDuplicate || o.Reason != "" || o.Seq != items[i].Seq {
			t.Errorf("second copy: item %d: %+v, want a duplicate", i, o)
		}
	}
	if diff := cmp.Diff(before, f.caState(t)); diff != "" {
		t.Errorf("duplicate changed ca (-before +after):\n%s", diff)
	}
	if got := auditSize(t, f.ca); got != audit {
		t.Errorf("duplicate appended %d audit entries", got-audit)
	}
	if diff := cmp.Diff(l, link(t, f.ca, "in")); diff != "" {
		t.Errorf("duplicate changed the link (-before +after):\n%s", diff)
	}

	// A copy whose body has changed is still the item taken before.
	changed := items[1]
	changed.Body = []byte("garbage")
	fresh := f.msgItem(t, nil)
	outcomes, err = f.send(t, changed, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if outcomes[0].Status != liaison.InboundDuplicate || outcomes[1].Status != liaison.InboundStored {
		t.Errorf("outcomes = %+v, want a duplicate then stored", outcomes)
	}
	if got := link(t, f.ca, "in"); got.LastRefusal != l.LastRefusal {
		t.Errorf("a duplicate was noted as refused: %q", got.LastRefusal)
	}
	if got := findAudit(t, f.ca, audit, "message.receive"); len(got) != 1 || got[0].Object != fresh.ID {
		t.Errorf("audit after the mixed envelope = %+v, want one message.receive of %s", got, fresh.ID)
	}
}

// TestReceiveGap refuses an envelope that skips a sequence number with
// ECONFLICT, as a whole: nothing of it is stored, not even the items
// before the gap, and the link waits for the missing item.
func TestReceiveGap(t *testing.T) {
	ctx := context.Background()
	f := newRecvFixture(t)
	last := f.lastIn(t)
	tests := []struct {
		name  string
		items func() []node.Incoming
	}{
		{"First", func() []node.Incoming {
			it := f.msgItem(t, nil)
			it.Seq = last + 2
			return []node.Incoming{it}
		}},
		{"Middle", func() []node.Incoming {
			a, b := f.msgItem(t, nil), f.caseItem(t, nil)
			a.Seq, b.Seq = last+1, last+3
			return []node.Incoming{a, b}
		}},
		{"AfterRefused", func() []node.Incoming {
			a, b := f.msgItem(t, func(m *liaison.Message) { m.Subject = "" }), f.msgItem(t, nil)
			a.Seq, b.Seq = last+1, last+5
			return []node.Incoming{a, b}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.caState(t)
			audit := auditSize(t, f.ca)
			l := link(t, f.ca, "in")
			items := tt.items()
			_, err := f.send(t, items...)
			wantCode(t, "Receive with a gap", err, liaison.ECONFLICT)
			if diff := cmp.Diff(before, f.caState(t)); diff != "" {
				t.Errorf("gap changed ca (-before +after):\n%s", diff)
			}
			if got := auditSize(t, f.ca); got != audit {
				t.Errorf("gap appended %d audit entries", got-audit)
			}
			if diff := cmp.Diff(l, link(t, f.ca, "in")); diff != "" {
				t.Errorf("gap changed the link (-before +after):\n%s", diff)
			}
			for _, it := range items {
				if _, err := f.ca.store.Message(ctx, it.ID); liaison.ErrorCode(err) != liaison.ENOTFOUND {
					t.Errorf("item %s of a refused envelope: %v, want not found", it.ID, err)
				}
			}
		})
	}
	// The missing item then arrives, and the link moves on.
	it := f.msgItem(t, nil)
	it.Seq = last + 1
	outcomes, err := f.send(t, it)
	if err != nil || outcomes[0].Status != liaison.InboundStored {
		t.Fatalf("Receive of the next item: %+v, %v", outcomes, err)
	}
}
