package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestWorkplan walks the workplan endpoints: an objective, an action, a
// change by the owning party, a note, the whole plan; then bad input,
// each answered with a problem naming the field and nothing stored.
func TestWorkplan(t *testing.T) {
	a := MustTestAPI(t)
	must := func(r request, status int, v any) {
		t.Helper()
		got := a.do(r)
		if got.status != status {
			t.Fatalf("%s %s = %d %s, want %d", r.method, r.path, got.status, got.body, status)
		}
		if v != nil {
			if err := json.Unmarshal(got.body, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var o liaison.Objective
	must(request{method: "POST", path: "/api/v1/workplan/objectives", body: `{"title":"Cyber information sharing"}`}, 201, &o)
	var act liaison.Action
	must(request{method: "POST", path: "/api/v1/workplan/objectives/" + o.ID + "/actions",
		body: `{"title":"Weekly indicator exchange","counterpart":{"party":"ca","agency":"cccs"},"due":"2030-01-31"}`}, 201, &act)
	if act.Owner != (liaison.Side{Party: "in", Agency: "police"}) || act.Status != liaison.ActionPlanned || act.Version != 1 {
		t.Errorf("action = owner %+v, %s, v%d; want in/police, planned, v1", act.Owner, act.Status, act.Version)
	}
	must(request{method: "PATCH", path: "/api/v1/workplan/actions/" + act.ID, body: `{"status":"in_progress"}`}, 200, &act)
	must(request{method: "POST", path: "/api/v1/workplan/actions/" + act.ID + "/update", body: `{"due":"2030-02-28"}`}, 200, &act)
	if act.Status != liaison.ActionInProgress || act.Due != "2030-02-28" || act.Version != 3 {
		t.Errorf("action after two changes = %s due %s v%d, want in_progress due 2030-02-28 v3", act.Status, act.Due, act.Version)
	}
	must(request{method: "POST", path: "/api/v1/workplan/actions/" + act.ID + "/notes", body: `{"text":"First exchange done."}`}, 201, nil)
	var plan List[liaison.Objective]
	must(request{method: "GET", path: "/api/v1/workplan"}, 200, &plan)
	if len(plan.Items) != 1 || len(plan.Items[0].Actions) != 1 || len(plan.Items[0].Actions[0].Notes) != 1 {
		t.Fatalf("plan = %+v, want one objective with one action with one note", plan)
	}

	unknownID := "01960e3a-7b2c-7d4e-8f00-000000000001"
	tests := []struct {
		name         string
		req          request
		status       int
		field, match string
	}{
		{"ErrStatus", request{method: "PATCH", path: "/api/v1/workplan/actions/" + act.ID, body: `{"status":"finished"}`}, 400, "status", "unknown status"},
		{"ErrDue", request{method: "PATCH", path: "/api/v1/workplan/actions/" + act.ID, body: `{"due":"31/01/2030"}`}, 400, "due", "YYYY-MM-DD"},
		{"ErrCounterpartSameParty", request{method: "PATCH", path: "/api/v1/workplan/actions/" + act.ID, body: `{"counterpart":{"party":"in","agency":"ncb"}}`}, 400, "counterpart.party", "another party"},
		{"ErrUnknownField", request{method: "PATCH", path: "/api/v1/workplan/actions/" + act.ID, body: `{"owner":{"party":"ca"}}`}, 400, "owner", "unknown field"},
		{"ErrNoteEmpty", request{method: "POST", path: "/api/v1/workplan/actions/" + act.ID + "/notes", body: `{"text":"  "}`}, 400, "text", "required"},
		{"ErrNoteTooLarge", request{method: "POST", path: "/api/v1/workplan/actions/" + act.ID + "/notes", body: `{"text":"` + strings.Repeat("x", MaxRequestBody) + `"}`}, 400, "(body)", "larger than"},
		{"ErrTitle", request{method: "POST", path: "/api/v1/workplan/objectives", body: `{"title":""}`}, 400, "title", "required"},
		{"ErrLeadParty", request{method: "POST", path: "/api/v1/workplan/objectives", body: `{"title":"x","lead":{"party":"us","agency":"fbi"}}`}, 400, "lead.party", "not a party"},
		{"ErrObjectiveNotFound", request{method: "GET", path: "/api/v1/workplan/objectives/" + unknownID}, 404, "", ""},
		{"ErrActionNotFound", request{method: "POST", path: "/api/v1/workplan/actions/" + unknownID + "/notes", body: `{"text":"x"}`}, 404, "", ""},
		{"ErrNoToken", request{method: "GET", path: "/api/v1/workplan", auth: "-"}, 401, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			r := a.do(tt.req)
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatalf("body %q is not JSON: %v", r.body, err)
			}
			if r.status != tt.status {
				t.Fatalf("%s %s = %d, want %d; body %s", tt.req.method, tt.req.path, r.status, tt.status, r.body)
			}
			if tt.field == "" {
				return
			}
			for _, f := range p.Errors {
				if f.Field == tt.field && strings.Contains(f.Problem, tt.match) {
					return
				}
			}
			t.Errorf("problem %s names no field %s with %q", r.body, tt.field, tt.match)
		})
	}
	a.t = t
	var after liaison.Action
	must(request{method: "GET", path: "/api/v1/workplan/actions/" + act.ID}, http.StatusOK, &after)
	if after.Version != 3 || len(after.Notes) != 1 {
		t.Errorf("bad input changed the action: v%d with %d notes, want v3 with 1", after.Version, len(after.Notes))
	}
}
