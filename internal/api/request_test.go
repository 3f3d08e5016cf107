package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func goodRequest(caseID string) doc {
	return doc{"case_id": caseID, "question": "Who consigned container CSQU3054383?", "priority": "urgent", "handling": handling()}
}

// TestRequests asks a request over the API, reads and lists it, and sends
// bad requests of every kind: each is a problem naming the field, and the
// store holds only the good request afterwards.
func TestRequests(t *testing.T) {
	a := MustTestAPI(t)
	var c liaison.Case
	if r := a.do(request{method: "POST", path: "/api/v1/cases", body: goodCase().String()}); r.status != http.StatusCreated {
		t.Fatalf("create case: %d %s", r.status, r.body)
	} else if err := json.Unmarshal(r.body, &c); err != nil {
		t.Fatal(err)
	}
	r := a.do(request{method: "POST", path: "/api/v1/requests", body: goodRequest(c.ID).String()})
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/v1/requests = %d %s", r.status, r.body)
	}
	var got RequestView
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.State != liaison.RequestSent || got.To != "ca" || len(got.History) != 1 || got.TimeLeftSeconds <= 7*3600 || got.TimeLeftSeconds > 8*3600 {
		t.Errorf("created request %+v, time left %d", got.Request, got.TimeLeftSeconds)
	}
	one := a.do(request{method: "GET", path: "/api/v1/requests/" + got.ID + "?tz=Asia/Kolkata"})
	if one.status != http.StatusOK || !strings.Contains(string(one.body), `"due_local":`) || !strings.Contains(string(one.body), "+05:30") {
		t.Errorf("GET request = %d %s", one.status, one.body)
	}
	// Without ?tz=, the officer's own time zone.
	if r := a.do(request{method: "PUT", path: "/api/v1/me/subscriptions", body: `{"digest":"none","time_zone":"America/Toronto"}`}); r.status != http.StatusOK {
		t.Fatalf("PUT subscriptions = %d %s", r.status, r.body)
	}
	one = a.do(request{method: "GET", path: "/api/v1/requests/" + got.ID})
	if one.status != http.StatusOK || !strings.Contains(string(one.body), `"due_local":`) || !strings.Contains(string(one.body), "-05:00") && !strings.Contains(string(one.body), "-04:00") {
		t.Errorf("GET request in the officer's zone = %d %s", one.status, one.body)
	}
	var page List[RequestView]
	lr := a.do(request{method: "GET", path: "/api/v1/requests?state=open&party=ca&area=drugs"})
	if err := json.Unmarshal(lr.body, &page); err != nil || lr.status != http.StatusOK || len(page.Items) != 1 || page.Items[0].ID != got.ID {
		t.Errorf("GET requests?state=open = %d %s", lr.status, lr.body)
	}
	lr = a.do(request{method: "GET", path: "/api/v1/requests?state=answered"})
	if err := json.Unmarshal(lr.body, &page); err != nil || lr.status != http.StatusOK || len(page.Items) != 0 {
		t.Errorf("GET requests?state=answered = %d %s", lr.status, lr.body)
	}

	reqs := "/api/v1/requests"
	id := "/api/v1/requests/" + got.ID
	unknownID := "01960e3a-7b2c-7d4e-8f00-000000000001"
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	far := time.Now().AddDate(2, 0, 0).UTC().Format(time.RFC3339)
	tests := []struct {
		name                    string
		req                     request
		status                  int
		field, problem, allowed string
	}{
		{"ErrNoCase", request{method: "POST", path: reqs, body: goodRequest("").String()}, 400, "case_id", "required", ""},
		{"ErrUnknownCase", request{method: "POST", path: reqs, body: goodRequest(unknownID).String()}, 400, "case_id", "no case", ""},
		{"ErrQuestion", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("question", " ").String()}, 400, "question", "required", ""},
		{"ErrQuestionLong", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("question", strings.Repeat("q", 33<<10)).String()}, 400, "question", "longer than 32 KiB", ""},
		{"ErrPriority", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("priority", "asap").String()}, 400, "priority", `unknown priority "asap"`, "urgent"},
		{"ErrDueFormat", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("due", "tomorrow").String()}, 400, "due", "RFC 3339", ""},
		{"ErrDuePast", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("due", past).String()}, 400, "due", "not in the future", ""},
		{"ErrDueFar", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("due", far).String()}, 400, "due", "366 days", ""},
		{"ErrTo", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("to", "us").String()}, 400, "to", "not another party", "ca"},
		{"ErrTLP", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("handling.tlp", "PURPLE").String()}, 400, "handling.tlp", "unknown label", ""},
		{"ErrUnknownField", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("deadline", 3).String()}, 400, "deadline", "unknown field", ""},
		{"ErrSecret", request{method: "POST", path: reqs, body: goodRequest(c.ID).set("handling.classification", "SECRET").String()}, 403, "", "", ""},
		{"ErrView", request{method: "GET", path: reqs + "?state=late"}, 400, "state", "unknown view", "overdue"},
		{"ErrArea", request{method: "GET", path: reqs + "?area=piracy"}, 400, "area", "unknown crime area", "drugs"},
		{"ErrParty", request{method: "GET", path: reqs + "?party=CA!"}, 400, "party", "invalid party", ""},
		{"ErrAfter", request{method: "GET", path: reqs + "?after=x"}, 400, "after", "", ""},
		{"ErrTZ", request{method: "GET", path: id + "?tz=Mars/Olympus"}, 400, "tz", "unknown time zone", ""},
		{"ErrNotFound", request{method: "GET", path: "/api/v1/requests/" + unknownID}, 404, "", "", ""},
		{"ErrAckOwn", request{method: "POST", path: id + "/ack"}, 403, "", "", ""},
		{"ErrDeclineOwn", request{method: "POST", path: id + "/decline", body: `{"reason": "x"}`}, 403, "", "", ""},
		{"ErrWithdrawNoReason", request{method: "POST", path: id + "/withdraw", body: `{"reason": ""}`}, 400, "reason", "required", ""},
		{"ErrWithdrawBody", request{method: "POST", path: id + "/withdraw", body: `{"why": "x"}`}, 400, "why", "unknown field", ""},
		{"ErrClarificationUnasked", request{method: "POST", path: id + "/clarification", body: `{"answer": "x"}`}, 409, "", "", ""},
		{"ErrAnswerBody", request{method: "POST", path: id + "/answer", body: `{"body": 5}`}, 400, "body", "must be a string", ""},
		{"ErrMetricsRole", request{method: "GET", path: "/api/v1/metrics/requests?from=2026-01-01&to=soon"}, 403, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			r := a.do(tt.req)
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil || r.status != tt.status {
				t.Fatalf("%s %s = %d %s, want %d", tt.req.method, tt.req.path, r.status, r.body, tt.status)
			}
			if tt.field == "" {
				return
			}
			i := slices.IndexFunc(p.Errors, func(e liaison.FieldError) bool { return e.Field == tt.field })
			if i < 0 {
				t.Fatalf("errors = %+v, want one for field %q", p.Errors, tt.field)
			}
			if e := p.Errors[i]; !strings.Contains(e.Problem, tt.problem) || (tt.allowed != "" && !slices.Contains(e.Allowed, tt.allowed)) {
				t.Errorf("errors[%s] = %+v, want %q allowing %q", tt.field, e, tt.problem, tt.allowed)
			}
		})
	}
	a.t = t
	rs, _, err := a.store.Requests(context.Background(), liaison.RequestFilter{})
	if err != nil || len(rs) != 1 || rs[0].ID != got.ID {
		t.Errorf("stored requests = %d (%v), want only the good one", len(rs), err)
	}
	// The withdrawal, at last, is good.
	if r := a.do(request{method: "POST", path: id + "/withdraw", body: `{"reason": "Seized already."}`}); r.status != http.StatusOK || !strings.Contains(string(r.body), `"state":"withdrawn"`) {
		t.Errorf("withdraw = %d %s", r.status, r.body)
	}
}
