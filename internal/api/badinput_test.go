package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// testAPI is the API of a real node ("in", with "ca" as its peer under the
// India–Canada arrangement) on a SQLite file, served over loopback.
type testAPI struct {
	t     *testing.T
	url   string
	token string
	store *sqlite.Store
}

// MustTestAPI starts a node and its API with one liaison officer.
func MustTestAPI(t *testing.T) *testAPI {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n, err := node.New(node.Config{Party: "in", Name: "Test node in", Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.ApplyArrangement(ctx, arrangements.InCA); err != nil {
		t.Fatal(err)
	}
	keys, err := federation.GenerateKeys("ca", "Test node ca", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.AddPeer(ctx, keys.Card("ca", "Test node ca", "https://127.0.0.1:1")); err != nil {
		t.Fatal(err)
	}
	_, token, err := n.AddOfficer(ctx, liaison.Officer{
		Name: "Officer in", Agency: "police", Role: liaison.RoleLiaison,
		Areas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(n, nil))
	t.Cleanup(srv.Close)
	return &testAPI{t: t, url: srv.URL, token: token, store: st}
}

// request is one call to the API. Auth is "" for the officer's token,
// "-" for none, or the whole Authorization header.
type request struct {
	method, path string
	ctype        string // "" for application/json
	auth         string
	body         string
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (a *testAPI) do(r request) response {
	a.t.Helper()
	req, err := http.NewRequest(r.method, a.url+r.path, strings.NewReader(r.body))
	if err != nil {
		a.t.Fatal(err)
	}
	switch r.ctype {
	case "":
		req.Header.Set("Content-Type", "application/json")
	case "-":
	default:
		req.Header.Set("Content-Type", r.ctype)
	}
	switch r.auth {
	case "":
		req.Header.Set("Authorization", "Bearer "+a.token)
	case "-":
	default:
		req.Header.Set("Authorization", r.auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// doc is a JSON object under construction: set replaces the value at a
// dotted path.
type doc map[string]any

func (d doc) set(path string, v any) doc {
	keys := strings.Split(path, ".")
	m := map[string]any(d)
	for _, k := range keys[:len(keys)-1] {
		m = m[k].(map[string]any)
	}
	m[keys[len(keys)-1]] = v
	return d
}

func (d doc) String() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func handling() map[string]any {
	return map[string]any{"classification": "RESTRICTED", "tlp": "AMBER", "codes": []string{"law-enforcement-only"}, "crime_area": "drugs"}
}

func goodCase() doc {
	return doc{"title": "Precursor shipment", "crime_area": "drugs", "parties": []string{"ca"}, "handling": handling()}
}

func goodMessage() doc {
	return doc{"subject": "Container", "body": "Arrives in Vancouver on 12 March.", "handling": handling(),
		"entities": []map[string]string{{"kind": "container", "value": "CSQU3054383"}}}
}

// TestBadInput sends the API bad requests of every kind: each is answered
// with a problem document that names the code and, where a field is at
// fault, the field; and the store holds afterwards exactly what the good
// requests made.
func TestBadInput(t *testing.T) {
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
	cases := "/api/v1/cases"
	messages := "/api/v1/cases/" + c.ID + "/messages"
	unknownID := "01960e3a-7b2c-7d4e-8f00-000000000001"

	tests := []struct {
		name string
		req  request
		// status and code of the problem; field, when set, MUST be among
		// errors[].field, with a problem containing problem and, when
		// allowed is set, that value among the allowed ones.
		status                  int
		code                    string
		field, problem, allowed string
		detail                  string // in the detail, when set
	}{
		{name: "ErrUnknownField", req: request{method: "POST", path: cases, body: goodCase().set("bogus", 1).String()},
			status: 400, code: "invalid", field: "bogus", problem: "unknown field"},
		{name: "ErrUnknownNestedField", req: request{method: "POST", path: messages, body: goodMessage().set("handling.colour", "red").String()},
			status: 400, code: "invalid", field: "handling.colour", problem: "unknown field"},
		{name: "ErrUnknownFieldInArray", req: request{method: "POST", path: messages, body: goodMessage().set("entities", []map[string]string{{"kind": "container", "value": "CSQU3054383"}, {"kind": "ip", "value": "192.0.2.1", "note": "x"}}).String()},
			status: 400, code: "invalid", field: "entities[1].note", problem: "unknown field"},
		{name: "ErrWrongType", req: request{method: "POST", path: cases, body: goodCase().set("title", 5).String()},
			status: 400, code: "invalid", field: "title", problem: "must be a string, not number"},
		{name: "ErrWrongNestedType", req: request{method: "POST", path: messages, body: goodMessage().set("handling.personal_data", "yes").String()},
			status: 400, code: "invalid", field: "handling.personal_data", problem: "must be true or false"},
		{name: "ErrWrongTypeArray", req: request{method: "POST", path: cases, body: goodCase().set("parties", "ca").String()},
			status: 400, code: "invalid", field: "parties", problem: "must be an array"},
		{name: "ErrMalformedJSON", req: request{method: "POST", path: cases, body: `{"title": "x",`},
			status: 400, code: "invalid", field: "(body)", problem: "truncated JSON"},
		{name: "ErrSyntax", req: request{method: "POST", path: cases, body: `{"title" "x"}`},
			status: 400, code: "invalid", field: "(body)", problem: "invalid JSON at byte"},
		{name: "ErrNotObject", req: request{method: "POST", path: cases, body: `[1, 2]`},
			status: 400, code: "invalid", field: "(body)", problem: "must be an object"},
		{name: "ErrEmptyBody", req: request{method: "POST", path: cases},
			status: 400, code: "invalid", field: "(body)", problem: "empty body"},
		{name: "ErrTrailingData", req: request{method: "POST", path: cases, body: goodCase().String() + ` {}`},
			status: 400, code: "invalid", field: "(body)", problem: "trailing data"},
		{name: "ErrTooLarge", req: request{method: "POST", path: messages, body: goodMessage().set("body", strings.Repeat("a", MaxBody)).String()},
			status: 400, code: "invalid", field: "(body)", problem: "larger than 1048576 bytes"},
		{name: "ErrContentType", req: request{method: "POST", path: cases, ctype: "text/plain", body: goodCase().String()},
			status: 400, code: "invalid", detail: `content type "text/plain"`},
		{name: "ErrNoToken", req: request{method: "GET", path: cases, auth: "-"},
			status: 401, code: "unauthorized", detail: "Authorization: Bearer"},
		{name: "ErrBadToken", req: request{method: "GET", path: cases, auth: "Bearer lsn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
			status: 401, code: "unauthorized", detail: "invalid token"},
		{name: "ErrNotAToken", req: request{method: "POST", path: cases, auth: "Bearer hunter2", body: goodCase().String()},
			status: 401, code: "unauthorized", detail: "invalid token"},
		{name: "ErrBasicAuth", req: request{method: "GET", path: cases, auth: "Basic aW46aW4="},
			status: 401, code: "unauthorized"},
		{name: "ErrTLP", req: request{method: "POST", path: messages, body: goodMessage().set("handling.tlp", "PURPLE").String()},
			status: 400, code: "invalid", field: "handling.tlp", problem: `unknown label "PURPLE"`, allowed: "AMBER+STRICT"},
		{name: "ErrTLPMissing", req: request{method: "POST", path: cases, body: goodCase().set("handling.tlp", "").String()},
			status: 400, code: "invalid", field: "handling.tlp", problem: "required", allowed: "CLEAR"},
		{name: "ErrClassification", req: request{method: "POST", path: messages, body: goodMessage().set("handling.classification", "PROTECTED B").String()},
			status: 400, code: "invalid", field: "handling.classification", problem: `unknown label "PROTECTED B"`, allowed: "RESTRICTED"},
		{name: "ErrCrimeArea", req: request{method: "POST", path: cases, body: goodCase().set("crime_area", "piracy").set("handling.crime_area", "piracy").String()},
			status: 400, code: "invalid", field: "crime_area", problem: `"piracy"`, allowed: "organised_crime"},
		{name: "ErrHandlingCrimeArea", req: request{method: "POST", path: messages, body: goodMessage().set("handling.crime_area", "piracy").String()},
			status: 400, code: "invalid", field: "handling.crime_area", problem: "not in the arrangement's scope", allowed: "drugs"},
		{name: "ErrHandlingCode", req: request{method: "POST", path: messages, body: goodMessage().set("handling.codes", []string{"burn-before-reading"}).String()},
			status: 400, code: "invalid", field: "handling.codes[0]", problem: `unknown code "burn-before-reading"`, allowed: "no-onward-dissemination"},
		{name: "ErrLegalBasis", req: request{method: "POST", path: messages, body: goodMessage().set("handling.legal_basis", "nowhere-act").String()},
			status: 400, code: "invalid", field: "handling.legal_basis", problem: `unknown instrument "nowhere-act"`, allowed: "in-dpdp-2023-17-1-c"},
		{name: "ErrLegalBasisForeign", req: request{method: "POST", path: messages, body: goodMessage().set("handling.legal_basis", "ca-privacy-act-8-2-f").String()},
			status: 400, code: "invalid", field: "handling.legal_basis", problem: "domestic law of party", allowed: "ca-in-mlat-1995"},
		{name: "ErrPersonalDataNoBasis", req: request{method: "POST", path: messages, body: goodMessage().set("handling.personal_data", true).String()},
			status: 400, code: "invalid", field: "handling.legal_basis", problem: "required when personal_data is true"},
		{name: "ErrEvaluation", req: request{method: "POST", path: messages, body: goodMessage().set("handling.source_reliability", "Z").set("handling.info_credibility", "1").String()},
			status: 400, code: "invalid", field: "handling.source_reliability", problem: `unknown grade "Z"`, allowed: "F"},
		{name: "ErrRetainUntil", req: request{method: "POST", path: messages, body: goodMessage().set("handling.retain_until", "next year").String()},
			status: 400, code: "invalid", field: "handling.retain_until", problem: "YYYY-MM-DD"},
		{name: "ErrSubjectUnknown", req: request{method: "POST", path: messages, body: goodMessage().set("handling.personal_data", true).set("handling.legal_basis", "ca-in-mlat-1995").set("handling.subjects", []string{"informant"}).String()},
			status: 400, code: "invalid", field: "handling.subjects[0]", problem: `unknown subject category "informant"`, allowed: "witness"},
		{name: "ErrSubjectsMissing", req: request{method: "POST", path: messages, body: goodMessage().set("handling.personal_data", true).set("handling.legal_basis", "ca-in-mlat-1995").String()},
			status: 400, code: "invalid", field: "handling.subjects", problem: "required when personal_data is true", allowed: "suspect"},
		{name: "ErrIntelligenceUnevaluated", req: request{method: "POST", path: messages, body: goodMessage().set("handling.intelligence", true).String()},
			status: 400, code: "invalid", field: "handling.source_reliability", problem: "required for intelligence", allowed: "A"},
		{name: "ErrRecipientAgency", req: request{method: "POST", path: messages, body: goodMessage().set("to", map[string]any{"agencies": []string{"ca/nowhere"}}).String()},
			status: 400, code: "invalid", field: "to.agencies[0]", problem: `unknown agency "ca/nowhere"`},
		{name: "ErrRecipientOfficer", req: request{method: "POST", path: messages, body: goodMessage().set("to", map[string]any{"officers": []string{"nobody"}}).String()},
			status: 400, code: "invalid", field: "to.officers[0]", problem: `unknown officer "nobody"`},
		{name: "ErrAssessmentRisk", req: request{method: "POST", path: messages, body: goodMessage().set("assessment", map[string]any{"risk": "low"}).String()},
			status: 400, code: "invalid", field: "assessment.risk", problem: `unknown risk "low"`, allowed: "substantial"},
		{name: "ErrPersonalDataNoTransferTerm", req: request{method: "POST", path: messages, body: goodMessage().set("handling.personal_data", true).set("handling.legal_basis", "ca-in-extradition-1987").set("handling.subjects", []string{"victim"}).String()},
			status: 403, code: "forbidden", detail: "the arrangement lets no personal data about victims cross for crime area drugs under ca-in-extradition-1987"},
		{name: "ErrRedWithoutNames", req: request{method: "POST", path: messages, body: goodMessage().set("handling.tlp", "RED").String()},
			status: 403, code: "forbidden", detail: "TLP:RED content is for named recipients only"},
		{name: "ErrApprovalsState", req: request{method: "GET", path: "/api/v1/approvals?state=maybe"},
			status: 400, code: "invalid", field: "state", problem: "unknown state maybe", allowed: "escalated"},
		{name: "ErrApprovalNotFound", req: request{method: "GET", path: "/api/v1/approvals/" + unknownID},
			status: 404, code: "not_found"},
		{name: "ErrApproveNotFound", req: request{method: "POST", path: "/api/v1/approvals/" + unknownID + "/approve"},
			status: 404, code: "not_found"},
		{name: "ErrRejectNoReason", req: request{method: "POST", path: "/api/v1/approvals/" + unknownID + "/reject", body: `{"reason": " "}`},
			status: 400, code: "invalid", field: "reason", problem: "required"},
		{name: "ErrRejectUnknownField", req: request{method: "POST", path: "/api/v1/approvals/" + unknownID + "/reject", body: `{"reason": "x", "mood": 1}`},
			status: 400, code: "invalid", field: "mood"},
		{name: "ErrPreviewCase", req: request{method: "POST", path: "/api/v1/decisions/preview", body: `{"case_id": "` + unknownID + `", "handling": {"classification": "RESTRICTED", "tlp": "AMBER", "crime_area": "drugs"}}`},
			status: 404, code: "not_found"},
		{name: "ErrPreviewTLP", req: request{method: "POST", path: "/api/v1/decisions/preview", body: `{"case_id": "` + c.ID + `", "handling": {"classification": "RESTRICTED", "tlp": "PURPLE", "crime_area": "drugs"}}`},
			status: 400, code: "invalid", field: "handling.tlp", allowed: "RED"},
		{name: "ErrSecretMessage", req: request{method: "POST", path: messages, body: goodMessage().set("handling.classification", "SECRET").String()},
			status: 403, code: "forbidden", detail: "the arrangement's ceiling is CONFIDENTIAL; this content is SECRET"},
		{name: "ErrSecretCase", req: request{method: "POST", path: cases, body: goodCase().set("handling.classification", "TOP SECRET").String()},
			status: 403, code: "forbidden", detail: "ceiling is CONFIDENTIAL"},
		{name: "ErrEntityValue", req: request{method: "POST", path: messages, body: goodMessage().set("entities", []map[string]string{{"kind": "phone", "value": "call me maybe"}}).String()},
			status: 400, code: "invalid", field: "entities[0].value"},
		{name: "ErrEntityCheckDigit", req: request{method: "POST", path: messages, body: goodMessage().set("entities", []map[string]string{{"kind": "container", "value": "CSQU3054384"}}).String()},
			status: 400, code: "invalid", field: "entities[0].value"},
		{name: "ErrEntityKind", req: request{method: "POST", path: messages, body: goodMessage().set("entities", []map[string]string{{"kind": "container", "value": "CSQU3054383"}, {"kind": "horoscope", "value": "Leo"}}).String()},
			status: 400, code: "invalid", field: "entities[1].kind"},
		{name: "ErrTitle", req: request{method: "POST", path: cases, body: goodCase().set("title", "  ").String()},
			status: 400, code: "invalid", field: "title", problem: "required"},
		{name: "ErrParty", req: request{method: "POST", path: cases, body: goodCase().set("parties", []string{"CA!"}).String()},
			status: 400, code: "invalid", field: "parties[0]", problem: "invalid party code"},
		{name: "ErrUnknownParty", req: request{method: "POST", path: cases, body: goodCase().set("parties", []string{"us"}).String()},
			status: 400, code: "invalid", field: "parties[0]", problem: "no peer node for party us"},
		{name: "ErrSubject", req: request{method: "POST", path: messages, body: goodMessage().set("subject", "").set("body", "").String()},
			status: 400, code: "invalid", field: "body", problem: "required"},
		{name: "ErrLimitZero", req: request{method: "GET", path: "/api/v1/inbox?limit=0"},
			status: 400, code: "invalid", field: "limit", problem: "from 1 to 1000"},
		{name: "ErrLimitWord", req: request{method: "GET", path: "/api/v1/cases?limit=abc"},
			status: 400, code: "invalid", field: "limit"},
		{name: "ErrLimitHigh", req: request{method: "GET", path: messages + "?limit=1001"},
			status: 400, code: "invalid", field: "limit"},
		{name: "ErrAfter", req: request{method: "GET", path: "/api/v1/inbox?after=garbage"},
			status: 400, code: "invalid", field: "after"},
		{name: "ErrAfterNegative", req: request{method: "GET", path: "/api/v1/cases?after=-1"},
			status: 400, code: "invalid", field: "after"},
		{name: "ErrAfterLong", req: request{method: "GET", path: messages + "?after=" + strings.Repeat("9", 129)},
			status: 400, code: "invalid", field: "after"},
		{name: "ErrCrimeAreaFilter", req: request{method: "GET", path: "/api/v1/cases?crime_area=piracy"},
			status: 400, code: "invalid", field: "crime_area", allowed: "drugs"},
		{name: "ErrCaseNotFound", req: request{method: "GET", path: "/api/v1/cases/" + unknownID},
			status: 404, code: "not_found"},
		{name: "ErrCaseNotFoundForMessage", req: request{method: "POST", path: "/api/v1/cases/" + unknownID + "/messages", body: goodMessage().String()},
			status: 404, code: "not_found"},
		{name: "ErrCaseMessagesNotFound", req: request{method: "GET", path: "/api/v1/cases/" + unknownID + "/messages"},
			status: 404, code: "not_found"},
		{name: "ErrMessageNotFound", req: request{method: "GET", path: "/api/v1/messages/not-an-id"},
			status: 404, code: "not_found"},
		{name: "ErrNoEndpoint", req: request{method: "DELETE", path: "/api/v1/cases/" + c.ID},
			status: 404, code: "not_found", detail: "no endpoint DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.t = t
			r := a.do(tt.req)
			var p Problem
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatalf("%s %s: body %q is not JSON: %v", tt.req.method, tt.req.path, r.body, err)
			}
			if r.status != tt.status || p.Status != tt.status || p.Code != tt.code {
				t.Fatalf("%s %s = %d (problem status %d, code %q), want %d %q; body %s", tt.req.method, tt.req.path, r.status, p.Status, p.Code, tt.status, tt.code, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q, want application/problem+json", ct)
			}
			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("detail = %q, want it to contain %q", p.Detail, tt.detail)
			}
			if tt.status == http.StatusForbidden && (len(p.Reasons) == 0 || !strings.Contains(strings.Join(p.Reasons, "; "), tt.detail)) {
				t.Errorf("reasons = %q, want a list with %q", p.Reasons, tt.detail)
			}
			if tt.status == http.StatusUnauthorized && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), `Bearer realm="liaison"`) {
				t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", r.header.Get("WWW-Authenticate"))
			}
			if tt.field == "" {
				return
			}
			i := slices.IndexFunc(p.Errors, func(e liaison.FieldError) bool { return e.Field == tt.field })
			if i < 0 {
				t.Fatalf("errors = %+v, want one for field %q", p.Errors, tt.field)
			}
			e := p.Errors[i]
			if !strings.Contains(e.Problem, tt.problem) {
				t.Errorf("errors[%s].problem = %q, want it to contain %q", tt.field, e.Problem, tt.problem)
			}
			if tt.allowed != "" && !slices.Contains(e.Allowed, tt.allowed) {
				t.Errorf("errors[%s].allowed = %v, want it to list %q", tt.field, e.Allowed, tt.allowed)
			}
		})
	}
	a.t = t

	// Nothing the bad requests carried was stored or queued.
	ctx := context.Background()
	cs, _, err := a.store.Cases(ctx, liaison.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(cs, func(c liaison.Case) string { return c.ID }); !cmp.Equal(got, []string{c.ID}) {
		t.Errorf("cases = %v, want only %s", got, c.ID)
	}
	ms, _, err := a.store.Messages(ctx, liaison.MessageFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(ms, func(m liaison.Message) string { return m.ID }); !cmp.Equal(got, []string{m.ID}) {
		t.Errorf("messages = %v, want only %s", got, m.ID)
	}
	if got, _ := a.store.Message(ctx, m.ID); got.Subject != "Container" || got.Body != "Arrives in Vancouver on 12 March." {
		t.Errorf("message = %q %q, changed", got.Subject, got.Body)
	}
	queued, err := a.store.Outbox(ctx, "ca", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var content []string
	for _, it := range queued {
		if it.Kind != liaison.KindDirectory {
			content = append(content, it.Kind+" "+it.ObjectID)
		}
	}
	if want := []string{"case " + c.ID, "message " + m.ID}; !cmp.Equal(content, want) {
		t.Errorf("outbox to ca = %v, want %v", content, want)
	}
}

func ids[T any](xs []T, id func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}
