package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/report"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// reportAPI starts a node and its API, and returns it with the tokens of
// a liaison officer, an auditor and a supervisor.
func reportAPI(t *testing.T) (a *testAPI, auditor, supervisor string) {
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
	token := func(role liaison.Role) string {
		_, tok, err := n.AddOfficer(ctx, liaison.Officer{Name: "Officer " + string(role), Agency: "ncb", Role: role,
			Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, "")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	srv := httptest.NewServer(New(n, nil))
	t.Cleanup(srv.Close)
	return &testAPI{t: t, url: srv.URL, token: token(liaison.RoleLiaison), store: st},
		"Bearer " + token(liaison.RoleAuditor), "Bearer " + token(liaison.RoleSupervisor)
}

func TestOversightReport(t *testing.T) {
	a, auditor, supervisor := reportAPI(t)
	const path = "/api/v1/reports/oversight?from=2025-01-01&to=2025-12-31"
	problem := func(r response) Problem {
		t.Helper()
		var p Problem
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("problem document: %v\n%s", err, r.body)
		}
		return p
	}

	t.Run("OK", func(t *testing.T) {
		r := a.do(request{method: "GET", path: path + "&format=json", auth: auditor})
		if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("status %d %s: %s", r.status, r.header.Get("Content-Type"), r.body)
		}
		var rep struct {
			Period     map[string]string `json:"period"`
			Checkpoint struct {
				Size int64  `json:"size"`
				Root string `json:"root"`
			} `json:"checkpoint"`
			ByDirection []report.Row `json:"by_direction"`
		}
		if err := json.Unmarshal(r.body, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Period["from"] != "2025-01-01" || rep.Period["to"] != "2025-12-31" || rep.Checkpoint.Size == 0 ||
			len(rep.Checkpoint.Root) != 64 || len(rep.ByDirection) != 2 {
			t.Errorf("report %+v", rep)
		}

		r = a.do(request{method: "GET", path: path, auth: supervisor})
		csp := r.header.Get("Content-Security-Policy")
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") ||
			!strings.Contains(csp, "style-src "+report.StyleSource()) || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("html: status %d, type %s, CSP %q", r.status, r.header.Get("Content-Type"), csp)
		}
		if !strings.Contains(string(r.body), "<svg") || strings.Contains(string(r.body), "<script") {
			t.Error("html report without charts, or with a script")
		}

		r = a.do(request{method: "GET", path: path + "&format=csv", auth: auditor})
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") ||
			r.header.Get("Content-Disposition") != `attachment; filename="oversight-in-2025-01-01-2025-12-31.csv"` {
			t.Errorf("csv: status %d, headers %v", r.status, r.header)
		}
		if !strings.HasPrefix(string(r.body), "section,field,value\n") {
			t.Errorf("csv starts %.40q", r.body)
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		for _, p := range []string{path, "/api/v1/reports/oversight?from=bad"} {
			r := a.do(request{method: "GET", path: p})
			if r.status != 403 {
				t.Fatalf("GET %s as a liaison officer: status %d, want 403: %s", p, r.status, r.body)
			}
			if pr := problem(r); len(pr.Reasons) != 1 || !strings.Contains(pr.Reasons[0], "only auditors and supervisors") {
				t.Errorf("reasons %q", pr.Reasons)
			}
		}
		if r := a.do(request{method: "GET", path: path, auth: "-"}); r.status != 401 {
			t.Errorf("without a token: status %d, want 401", r.status)
		}
	})

	for _, tc := range []struct {
		name, query, field string
	}{
		{"ErrNoFrom", "to=2025-01-01", "from"},
		{"ErrBadFrom", "from=2025-02-30&to=2025-03-01", "from"},
		{"ErrBadTo", "from=2025-01-01&to=tomorrow", "to"},
		{"ErrBackwards", "from=2025-03-01&to=2025-02-28", "to"},
		{"ErrTooLong", "from=2015-01-01&to=2025-01-01", "to"},
		{"ErrFormat", "from=2025-01-01&to=2025-01-31&format=pdf", "format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.do(request{method: "GET", path: "/api/v1/reports/oversight?" + tc.query, auth: auditor})
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			if pr := problem(r); len(pr.Errors) == 0 || pr.Errors[0].Field != tc.field {
				t.Errorf("errors %+v, want field %s", pr.Errors, tc.field)
			}
		})
	}

	// Every generation is audited, refused ones too; bad input is not.
	es, err := a.store.AuditEntries(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var allowed, denied int
	for _, e := range es {
		if e.Action == "report.read" {
			if e.Decision == "allow" {
				allowed++
			} else {
				denied++
			}
		}
	}
	if allowed != 3 || denied != 2 {
		t.Errorf("report.read entries: %d allowed, %d denied; want 3 and 2", allowed, denied)
	}
}
