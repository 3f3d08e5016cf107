package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// testBrowserAnswerRequest: Priya asks Canada a question from a case
// page; both boards show its clock running; Claire acknowledges and
// answers it in the browser, and the clock stops on both sides.
func testBrowserAnswerRequest(t *testing.T, w *browserWorld) {
	c := w.in.openCase("ca")
	asker, asked := w.priyaTab.in(t), w.claireTab.in(t)
	asker.open("/cases/" + c.ID)
	asker.setFields("/requests", map[string][]string{
		"question":       {"Who consigned container CSQU3054383?"},
		"priority":       {string(liaison.PriorityHigh)},
		"classification": {"RESTRICTED"},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
	})
	asker.submit(submitOf("/requests"))
	id, ok := strings.CutPrefix(asker.location(), "/requests/")
	if !ok || id == "" {
		t.Fatalf("after asking at %s, want /requests/{id}", asker.location())
	}
	var r liaison.Request
	eventually(t, "the request on ca", func() bool {
		return w.ca.do("GET", "/api/v1/requests/"+id, nil, &r) == http.StatusOK && r.State == liaison.RequestDelivered
	})
	clock := "time.clock#clock-" + r.ID
	for _, b := range []*tab{asker, asked} {
		b.open("/requests")
		if cls := b.attr(clock, "class"); strings.Contains(cls, "stopped") {
			t.Errorf("%s: clock of the open request: class %q, want a running clock", b.base, cls)
		}
		if due, err := time.Parse(time.RFC3339, b.attr(clock, "datetime")); err != nil || !due.Equal(r.Due.Truncate(time.Second)) {
			t.Errorf("%s: clock datetime = %v (%v), want %s", b.base, due, err, r.Due.Format(time.RFC3339))
		}
		// The clock is live: the page counts it down.
		first := b.text(clock)
		b.waitFor("the clock to tick", fmt.Sprintf(`document.querySelector(%q).textContent !== %q`, clock, first))
	}
	asked.checkAxe("/requests")
	asked.screenshot(w.shots, "requests")

	// Claire acknowledges the request, then answers it.
	asked.open("/requests/" + r.ID)
	asked.checkAxe("/requests/{id}")
	asked.screenshot(w.shots, "request")
	asked.submit(submitOf("/requests/" + r.ID + "/ack"))
	if loc := asked.location(); loc != "/requests/"+r.ID {
		t.Fatalf("after acknowledging at %s, want /requests/%s", loc, r.ID)
	}
	action := "/requests/" + r.ID + "/answer"
	asked.setFields(action, map[string][]string{
		"body":           {"The consignor is a trading company registered in Surrey, BC."},
		"classification": {classFor("ca", "RESTRICTED")},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
	})
	asked.submit(submitOf(action))
	eventually(t, "the answer on in", func() bool {
		var got liaison.Request
		return w.in.do("GET", "/api/v1/requests/"+r.ID, nil, &got) == http.StatusOK && got.State == liaison.RequestAnswered
	})
	for _, b := range []*tab{asked, asker} {
		b.open("/requests")
		if cls := b.attr(clock, "class"); !strings.Contains(cls, "stopped") {
			t.Errorf("%s: clock of the answered request: class %q, want stopped", b.base, cls)
		}
	}
}
