package node_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// TestReadAccess checks guard.Read on every way content is read on the
// receiving node: Message, Case, CaseMessages, Cases and Inbox. A denied
// read is EFORBIDDEN with the reason and audited; it marks nothing read
// and sends no read notice. Every read of a message is audited.
func TestReadAccess(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	drugsCase := mustCase(t, p.in, "ca")
	drugsMsg := mustMessage(t, p.in, drugsCase, "Drugs")
	cyberH := drugsHandling("in")
	cyberH.CrimeArea = liaison.AreaCyber
	cyberCase, err := p.in.CreateCase(ctx, p.in.liaison, node.CaseInput{Title: "Phishing kit", CrimeArea: liaison.AreaCyber, Parties: []string{"ca"}, Handling: cyberH})
	if err != nil {
		t.Fatal(err)
	}
	cyberMsg, err := p.in.PostMessage(ctx, p.in.liaison, cyberCase.ID, node.MessageInput{Subject: "Indicators", Body: "One domain.", Handling: cyberH})
	if err != nil {
		t.Fatal(err)
	}
	carry(t, p.in, p.ca)

	type access struct {
		c   *liaison.Case
		m   *liaison.Message
		why string // "" when the read is allowed
	}
	tests := []struct {
		name  string
		actor *liaison.Officer
		reads []access
	}{
		// Denied reads first: they must leave the messages unread.
		{"Auditor", p.ca.auditor, []access{
			{drugsCase, drugsMsg, "role auditor does not read case content"},
			{cyberCase, cyberMsg, "role auditor does not read case content"},
		}},
		{"CyberOfficer", p.ca.cyber, []access{
			{drugsCase, drugsMsg, "officer Cyber ca does not work in crime area drugs"},
			{cyberCase, cyberMsg, ""},
		}},
		// Content addressed to the party goes to its liaison unit, not
		// to analysts (see TestNeedToKnow for addressing agencies).
		{"Analyst", p.ca.analyst, []access{
			{drugsCase, drugsMsg, "it was not addressed to officer Analyst ca or agency"},
			{cyberCase, cyberMsg, "officer Analyst ca does not work in crime area cyber"},
		}},
		{"Liaison", p.ca.liaison, []access{{drugsCase, drugsMsg, ""}, {cyberCase, cyberMsg, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wantInbox, wantCases []string
			for _, r := range tt.reads {
				if r.why == "" {
					wantInbox = append(wantInbox, r.m.ID)
					wantCases = append(wantCases, r.c.ID)
				}
			}
			inbox, _, err := p.ca.Inbox(ctx, tt.actor, "", 50)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(inbox); !slices.Equal(got, wantInbox) {
				t.Errorf("Inbox = %v, want %v", got, wantInbox)
			}
			cs, _, err := p.ca.Cases(ctx, tt.actor, liaison.CaseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var gotCases []string
			for _, c := range cs {
				gotCases = append(gotCases, c.ID)
			}
			if !slices.Equal(gotCases, wantCases) {
				t.Errorf("Cases = %v, want %v", gotCases, wantCases)
			}

			for _, r := range tt.reads {
				audit := auditSize(t, p.ca)
				notices := len(pending(t, p.ca, "in"))
				stateBefore := messageState(t, p.ca, r.m.ID)

				_, caseErr := p.ca.Case(ctx, tt.actor, r.c.ID)
				_, _, listErr := p.ca.CaseMessages(ctx, tt.actor, r.c.ID, "", 50)
				m, msgErr := p.ca.Message(ctx, tt.actor, r.m.ID)
				es := auditAfter(t, p.ca, audit)

				if r.why != "" {
					for what, err := range map[string]error{"Case": caseErr, "CaseMessages": listErr, "Message": msgErr} {
						wantCode(t, what, err, liaison.EFORBIDDEN)
						if !strings.Contains(liaison.ErrorMessage(err), r.why) {
							t.Errorf("%s error %q, want the reason %q", what, liaison.ErrorMessage(err), r.why)
						}
					}
					// Case and CaseMessages each deny the case, Message
					// the message.
					wantActions := []string{"case.read", "case.read", "message.read"}
					wantObjects := []string{r.c.ID, r.c.ID, r.m.ID}
					if len(es) != 3 {
						t.Fatalf("denied reads appended %d audit entries, want 3: %+v", len(es), es)
					}
					for i, e := range es {
						if e.Action != wantActions[i] || e.Object != wantObjects[i] || e.Decision != "deny" || e.Officer != tt.actor.ID || !strings.Contains(strings.Join(e.Reasons, "; "), r.why) {
							t.Errorf("audit entry %d = %+v, want %s of %s denied to %s: %s", i, e, wantActions[i], wantObjects[i], tt.actor.ID, r.why)
						}
					}
					if got := messageState(t, p.ca, r.m.ID); got != stateBefore {
						t.Errorf("denied read changed the state to %s", got)
					}
					if got := len(pending(t, p.ca, "in")); got != notices {
						t.Errorf("denied read queued %d items", got-notices)
					}
					continue
				}
				for what, err := range map[string]error{"Case": caseErr, "CaseMessages": listErr, "Message": msgErr} {
					if err != nil {
						t.Errorf("%s: %v", what, err)
					}
				}
				if m.Body != r.m.Body || m.State != liaison.StateRead {
					t.Errorf("Message = %+v, want the body, read", m)
				}
				reads := 0
				for _, e := range es {
					if e.Action == "message.read" && e.Object == r.m.ID && e.Decision == "allow" && e.Officer == tt.actor.ID && e.Agency == tt.actor.Agency {
						reads++
					}
				}
				if reads != 1 {
					t.Errorf("read audited %d times, want once: %+v", reads, es)
				}
				wantNotices := notices
				if stateBefore == liaison.StateDelivered {
					wantNotices++
				}
				if got := len(pending(t, p.ca, "in")); got != wantNotices {
					t.Errorf("read queued %d read notices, want %d", got-notices, wantNotices-notices)
				}
			}
		})
	}
}

// TestReadOwnMessage reads a message on its sending node: audited, and
// no read notice, whoever reads it.
func TestReadOwnMessage(t *testing.T) {
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	m := mustMessage(t, p.in, c, "Own")
	carry(t, p.in, p.ca)
	audit := auditSize(t, p.in)
	got := readAs(t, p.in, p.in.analyst, m.ID)
	if got.State != liaison.StateDelivered || got.Inbound {
		t.Errorf("own message read back as %s, inbound %v; want delivered, outbound", got.State, got.Inbound)
	}
	if es := findAudit(t, p.in, audit, "message.read"); len(es) != 1 || es[0].Officer != p.in.analyst.ID {
		t.Errorf("audit = %+v, want one read by the analyst", es)
	}
	if n := len(pending(t, p.in, "ca")); n != 0 {
		t.Errorf("reading an own message queued %d items", n)
	}
	_, err := p.in.Message(context.Background(), p.in.analyst, "no-such-message")
	wantCode(t, "Message(unknown)", err, liaison.ENOTFOUND)
}

func messageState(tb testing.TB, n *testNode, id string) liaison.MessageState {
	tb.Helper()
	m, err := n.store.Message(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return m.State
}
