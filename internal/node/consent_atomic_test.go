package node_test

import (
	"context"
	"errors"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// TestConsentAtomic fails the acts of onward use at a write in their
// middle: each leaves nothing behind (no request, no queued item, no
// answer), and goes through once the fault is gone.
func TestConsentAtomic(t *testing.T) {
	ctx := context.Background()
	p := newPairWrapped(t, func(s liaison.Store) liaison.Store { return &faultStore{Store: s} })
	faults := func(n *testNode) *faultStore { return n.wrapped.(*faultStore) }
	m := receivedMessage(t, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination)
	ask := func() (*liaison.Dissemination, error) {
		return p.ca.Disseminate(ctx, p.ca.liaison, m.ID, node.DisseminationInput{ToAgency: "cbsa", Purpose: "investigation"})
	}

	for _, method := range []string{"Enqueue", "AppendAudit"} {
		faults(p.ca).failAt(method, 1)
		if _, err := ask(); !errors.Is(err, errInjected) || !faults(p.ca).failed() {
			t.Fatalf("Disseminate with %s failing: %v, want the injected failure", method, err)
		}
		if ds, _ := p.ca.store.Disseminations(ctx, m.ID); len(ds) != 0 {
			t.Errorf("Disseminate failed at %s but stored %+v", method, ds)
		}
		if got := pending(t, p.ca, "in"); len(got) != 0 {
			t.Errorf("Disseminate failed at %s but queued %d items", method, len(got))
		}
	}
	d, err := ask()
	if err != nil {
		t.Fatal(err)
	}
	carry(t, p.ca, p.in)

	for _, method := range []string{"Enqueue", "AppendAudit"} {
		faults(p.in).failAt(method, 1)
		if _, err := p.in.GrantConsent(ctx, p.in.superv, d.ID); !errors.Is(err, errInjected) || !faults(p.in).failed() {
			t.Fatalf("GrantConsent with %s failing: %v, want the injected failure", method, err)
		}
		if c, _ := p.in.store.Consent(ctx, d.ID); c.State != liaison.ConsentPending {
			t.Errorf("GrantConsent failed at %s but the consent is %s", method, c.State)
		}
		if got := pending(t, p.in, "ca"); len(got) != 0 {
			t.Errorf("GrantConsent failed at %s but queued %d items", method, len(got))
		}
	}
	if _, err := p.in.GrantConsent(ctx, p.in.superv, d.ID); err != nil {
		t.Fatal(err)
	}

	// The answer's envelope fails on ca and is sent again.
	items := pending(t, p.in, "ca")
	faults(p.ca).failAt("AppendAudit", 1)
	if _, err := p.ca.Receive(ctx, "in", "env-consent", p.arr.ID, incoming(items)); !errors.Is(err, errInjected) {
		t.Fatalf("Receive with AppendAudit failing: %v", err)
	}
	faults(p.ca).failed()
	if got, _ := p.ca.store.Dissemination(ctx, d.ID); got.State != liaison.DisseminationPendingConsent {
		t.Errorf("a failed Receive moved the request to %s", got.State)
	}
	carry(t, p.in, p.ca)
	if got, _ := p.ca.store.Dissemination(ctx, d.ID); got.State != liaison.DisseminationAllowed {
		t.Errorf("after the answer arrived: %s, want allowed", got.State)
	}
}
