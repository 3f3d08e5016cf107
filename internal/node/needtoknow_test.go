package node_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// TestNeedToKnow sends messages addressed to an agency and to a named
// officer under TLP:RED, and checks on the receiving node who reads them,
// who sees them listed, and that the sender's bad addresses are refused as
// bad input naming the field and the allowed agencies.
func TestNeedToKnow(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	c := mustCase(t, p.in, "ca")

	toAnalysis, err := p.in.PostMessage(ctx, p.in.liaison, c.ID, node.MessageInput{
		Subject: "For the analysts", Body: "Shipping manifests attached.",
		Handling: drugsHandling("in"), To: liaison.Recipients{Agencies: []string{"ca/analysis"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	red := drugsHandling("in")
	red.TLP = liaison.TLPRed
	toNamed, err := p.in.PostMessage(ctx, p.in.liaison, c.ID, node.MessageInput{
		Subject: "Source identity", Body: "Only for the named officer.",
		Handling: red, To: liaison.Recipients{Officers: []string{p.ca.liaison.ID}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.in.PostMessage(ctx, p.in.liaison, c.ID, node.MessageInput{Subject: "RED", Body: "x", Handling: red}); liaison.ErrorCode(err) != liaison.EFORBIDDEN ||
		!strings.Contains(liaison.ErrorMessage(err), "named recipients only") {
		t.Errorf("RED without named recipients: %v, want forbidden naming the rule", err)
	}
	_, err = p.in.PostMessage(ctx, p.in.liaison, c.ID, node.MessageInput{
		Subject: "x", Body: "x", Handling: drugsHandling("in"),
		To: liaison.Recipients{Agencies: []string{"ca/nowhere", "in/ncb"}, Officers: []string{"no-such-officer"}},
	})
	fs := liaison.ErrorFields(err)
	if len(fs) != 3 || fs[0].Field != "to.agencies[0]" || !slices.Contains(fs[0].Allowed, "ca/rcmp") || fs[1].Field != "to.agencies[1]" || fs[2].Field != "to.officers[0]" {
		t.Errorf("bad addresses: %v %+v, want three field errors with the allowed agencies", err, fs)
	}
	carry(t, p.in, p.ca)

	tests := []struct {
		name     string
		actor    *liaison.Officer
		readable []*liaison.Message
	}{
		{"Analyst", p.ca.analyst, []*liaison.Message{toAnalysis}},
		{"NamedLiaison", p.ca.liaison, []*liaison.Message{toNamed}},
		{"Supervisor", p.ca.superv, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inbox, _, err := p.ca.Inbox(ctx, tt.actor, "", 50)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range tt.readable {
				want = append(want, m.ID)
			}
			if got := ids(inbox); !slices.Equal(got, want) {
				t.Errorf("Inbox = %v, want %v: a list shows only what the officer may read", got, want)
			}
			// The case opens to whoever may read one of its messages, and
			// lists only those.
			_, err = p.ca.Case(ctx, tt.actor, c.ID)
			if (err == nil) != (len(tt.readable) > 0 || tt.actor.Role == liaison.RoleSupervisor) {
				t.Errorf("Case = %v, want readable %v", err, len(tt.readable) > 0)
			}
			if err == nil {
				cms, _, err := p.ca.CaseMessages(ctx, tt.actor, c.ID, "", 50)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range cms {
					if m.ID == toNamed.ID && tt.actor != p.ca.liaison || m.ID == toAnalysis.ID && tt.actor != p.ca.analyst {
						t.Errorf("CaseMessages shows %q to %s", m.Subject, tt.actor.Name)
					}
				}
			}
			for _, m := range []*liaison.Message{toAnalysis, toNamed} {
				_, err := p.ca.Message(ctx, tt.actor, m.ID)
				if may := slices.Contains(tt.readable, m); may != (err == nil) {
					t.Errorf("Message(%s) = %v, want readable %v", m.Subject, err, may)
				}
				if err != nil && len(liaison.ErrorReasons(err)) == 0 {
					t.Errorf("Message(%s): denial without reasons", m.Subject)
				}
			}
		})
	}
}
