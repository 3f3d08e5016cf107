package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
)

// TestRequestTwoNodes runs a request for information through its whole
// life across two real nodes linked over mutual TLS, through the API:
// asked, delivered, acknowledged, clarified, answered; and another
// declined. Both nodes end with the same state and history.
func TestRequestTwoNodes(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	eventually(t, "the case on ca", func() bool { return ca.do("GET", "/api/v1/cases/"+c.ID, nil, nil) == http.StatusOK })

	ask := func() liaison.Request {
		t.Helper()
		var r liaison.Request
		if code := in.do("POST", "/api/v1/requests", map[string]any{
			"case_id": c.ID, "question": "Who consigned container CSQU3054383?", "priority": "high",
			"handling": drugsHandling(classFor("in", "RESTRICTED")),
		}, &r); code != http.StatusCreated || r.State != liaison.RequestSent {
			t.Fatalf("POST /api/v1/requests: %d %+v", code, r)
		}
		return r
	}
	get := func(n *testNode, id string) liaison.Request {
		t.Helper()
		var r liaison.Request
		if code := n.do("GET", "/api/v1/requests/"+id, nil, &r); code != http.StatusOK {
			t.Fatalf("%s: GET request %s: %d", n.party, id, code)
		}
		return r
	}
	both := func(id string, want liaison.RequestState, steps int) {
		t.Helper()
		eventually(t, "both nodes at "+string(want), func() bool {
			var a, b liaison.Request
			return in.do("GET", "/api/v1/requests/"+id, nil, &a) == http.StatusOK &&
				ca.do("GET", "/api/v1/requests/"+id, nil, &b) == http.StatusOK &&
				a.State == want && b.State == want && len(a.History) == steps && len(b.History) == steps
		})
		a, b := get(in, id), get(ca, id)
		if diff := cmp.Diff(a.History, b.History); diff != "" {
			t.Errorf("histories differ (-in +ca):\n%s", diff)
		}
	}
	step := func(n *testNode, id, action string, body any) {
		t.Helper()
		var raw json.RawMessage
		if code := n.do("POST", "/api/v1/requests/"+id+"/"+action, body, &raw); code != http.StatusOK {
			t.Fatalf("%s: POST %s: %d %s", n.party, action, code, raw)
		}
	}

	r := ask()
	both(r.ID, liaison.RequestDelivered, 2)
	step(ca, r.ID, "ack", map[string]any{})
	both(r.ID, liaison.RequestAcknowledged, 3)
	step(ca, r.ID, "clarify", map[string]any{"question": "Which shipment date?"})
	both(r.ID, liaison.RequestAcknowledged, 4)
	step(in, r.ID, "clarification", map[string]any{"answer": "12 February."})
	both(r.ID, liaison.RequestAcknowledged, 5)
	step(ca, r.ID, "answer", map[string]any{"body": "A trading company in Surrey.", "handling": drugsHandling(classFor("ca", "RESTRICTED"))})
	both(r.ID, liaison.RequestAnswered, 6)
	if a := get(in, r.ID); a.AnswerMessage == "" || in.do("GET", "/api/v1/messages/"+a.AnswerMessage, nil, nil) != http.StatusOK {
		t.Errorf("the answer message %q is not readable on in", a.AnswerMessage)
	}

	d := ask()
	both(d.ID, liaison.RequestDelivered, 2)
	step(ca, d.ID, "decline", map[string]any{"reason": "Outside our powers."})
	both(d.ID, liaison.RequestDeclined, 3)

	var page struct{ Items []liaison.Request }
	if code := in.do("GET", "/api/v1/requests?state=answered", nil, &page); code != http.StatusOK || len(page.Items) != 1 || page.Items[0].ID != r.ID {
		t.Errorf("answered list on in: %d %d", code, len(page.Items))
	}
}
