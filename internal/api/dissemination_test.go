package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestDisseminationBadInput sends the endpoints of onward use bad
// requests: each is answered with a problem document naming the code and
// the field, and nothing is stored.
func TestDisseminationBadInput(t *testing.T) {
	a := MustTestAPI(t)
	var c liaison.Case
	if r := a.do(request{method: "POST", path: "/api/v1/cases", body: goodCase().String()}); r.status != http.StatusCreated {
		t.Fatalf("create case: %d %s", r.status, r.body)
	} else if err := json.Unmarshal(r.body, &c); err != nil {
		t.Fatal(err)
	}
	var m liaison.Message
	if r := a.do(request{method: "POST", path: "/api/v1/cases/" + c.ID + "/messages", body: goodMessage().String()}); r.status != http.StatusCreated {
		t.Fatalf("post message: %d %s", r.status, r.body)
	} else if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatal(err)
	}
	diss := "/api/v1/messages/" + m.ID + "/disseminations"
	exports := "/api/v1/messages/" + m.ID + "/exports"
	unknownID := "01960e3a-7b2c-7d4e-8f00-000000000001"
	good := doc{"to_agency": "police", "purpose": "investigation"}
	tests := []struct {
		name         string
		req          request
		status       int
		code         string
		field, match string // match: in the field's problem, or the detail without a field
	}{
		{"ErrTooLarge", request{method: "POST", path: diss, body: good.set("purpose", strings.Repeat("a", MaxRequestBody)).String()},
			400, "invalid", "(body)", "larger than 16384 bytes"},
		{"ErrUnknownField", request{method: "POST", path: diss, body: `{"to_agency":"police","purpose":"investigation","urgent":true}`},
			400, "invalid", "urgent", "unknown field"},
		{"ErrWrongType", request{method: "POST", path: diss, body: `{"to_agency":7,"purpose":"investigation"}`},
			400, "invalid", "to_agency", "must be a string"},
		{"ErrOwnMessage", request{method: "POST", path: diss, body: `{"to_agency":"police","purpose":"investigation"}`},
			400, "invalid", "", "originated on this node"},
		{"ErrMessageNotFound", request{method: "POST", path: "/api/v1/messages/" + unknownID + "/disseminations", body: `{"to_agency":"police","purpose":"investigation"}`},
			404, "not_found", "", ""},
		{"ErrExportTooLarge", request{method: "POST", path: exports, body: `{"purpose":"prosecution","mla_ref":"` + strings.Repeat("x", MaxRequestBody) + `"}`},
			400, "invalid", "(body)", "larger than"},
		{"ErrExportField", request{method: "POST", path: exports, body: `{"purpose":"prosecution","mla":"x"}`},
			400, "invalid", "mla", "unknown field"},
		{"ErrExportOwnMessage", request{method: "POST", path: exports, body: `{"purpose":"prosecution"}`},
			400, "invalid", "", "originated on this node"},
		{"ErrDisseminationNotFound", request{method: "GET", path: "/api/v1/disseminations/" + unknownID}, 404, "not_found", "", ""},
		{"ErrExportNotFound", request{method: "GET", path: "/api/v1/exports/" + unknownID}, 404, "not_found", "", ""},
		{"ErrConsentsNotSupervisor", request{method: "GET", path: "/api/v1/consents?state=pending"},
			403, "forbidden", "", "only supervisors do"},
		{"ErrConsentsLimit", request{method: "GET", path: "/api/v1/consents?limit=0"}, 400, "invalid", "limit", "from 1 to 1000"},
		{"ErrGrantNotFound", request{method: "POST", path: "/api/v1/consents/" + unknownID + "/grant"}, 404, "not_found", "", ""},
		{"ErrGrantBody", request{method: "POST", path: "/api/v1/consents/" + unknownID + "/grant", body: `{"reason":"x"}`},
			400, "invalid", "reason", "unknown field"},
		{"ErrRefuseEmpty", request{method: "POST", path: "/api/v1/consents/" + unknownID + "/refuse"},
			400, "invalid", "(body)", "empty body"},
		{"ErrRefuseTooLarge", request{method: "POST", path: "/api/v1/consents/" + unknownID + "/refuse", body: `{"reason":"` + strings.Repeat("x", MaxRequestBody) + `"}`},
			400, "invalid", "(body)", "larger than"},
		{"ErrNoToken", request{method: "GET", path: "/api/v1/consents", auth: "-"}, 401, "unauthorized", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			r := a.do(tt.req)
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatalf("body %q is not JSON: %v", r.body, err)
			}
			if r.status != tt.status || p.Code != tt.code {
				t.Fatalf("%s %s = %d %q, want %d %q; body %s", tt.req.method, tt.req.path, r.status, p.Code, tt.status, tt.code, r.body)
			}
			if tt.status == http.StatusForbidden && len(p.Reasons) == 0 {
				t.Errorf("403 without reasons: %s", r.body)
			}
			if tt.field == "" {
				if !strings.Contains(p.Detail, tt.match) {
					t.Errorf("detail = %q, want %q", p.Detail, tt.match)
				}
				return
			}
			for _, e := range p.Errors {
				if e.Field == tt.field && strings.Contains(e.Problem, tt.match) {
					return
				}
			}
			t.Errorf("errors = %+v, want %s: %s", p.Errors, tt.field, tt.match)
		})
	}
	a.t = t
	ds, err := a.store.Disseminations(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 0 {
		t.Errorf("bad requests stored %d disseminations", len(ds))
	}
}
