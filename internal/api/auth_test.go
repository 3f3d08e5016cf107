package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestAuthThrottle: bad tokens are answered 401 until the address has
// failed PerAddress times, then 429 with Retry-After and a problem
// document, good token or not, until the allowance comes back on the
// injected clock. The audit log holds one entry per failure, one for the
// start of the throttling, and no token.
func TestAuthThrottle(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	n, err := node.New(node.Config{
		Party: "in", Name: "Test node in", Store: st, Now: clock,
		AuthLimit: node.AuthLimit{PerAddress: 3, Window: time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := n.AddOfficer(ctx, liaison.Officer{Name: "Officer in", Agency: "police", Role: liaison.RoleAnalyst, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(n, nil))
	t.Cleanup(srv.Close)
	a := &testAPI{t: t, url: srv.URL, token: token, store: st}

	bad := []string{"Bearer lsn_" + strings.Repeat("Z", 43), "Bearer not-a-token", "-"}
	for _, auth := range bad {
		r := a.do(request{method: "GET", path: "/api/v1/me", auth: auth})
		if r.status != 401 || r.header.Get("Retry-After") != "" || r.header.Get("WWW-Authenticate") == "" {
			t.Fatalf("GET /api/v1/me with %q: %d, Retry-After %q, WWW-Authenticate %q; want 401, none, a challenge",
				auth, r.status, r.header.Get("Retry-After"), r.header.Get("WWW-Authenticate"))
		}
	}
	for _, auth := range []string{bad[0], ""} {
		r := a.do(request{method: "GET", path: "/api/v1/me", auth: auth})
		var p Problem
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("problem: %v: %s", err, r.body)
		}
		if r.status != 429 || r.header.Get("Retry-After") != "20" || r.header.Get("Content-Type") != "application/problem+json" ||
			p.Code != liaison.ELIMITED || p.Status != 429 {
			t.Fatalf("request after 3 failures: %d, Retry-After %q, %s; want 429, 20, a rate_limited problem", r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	mu.Lock()
	now = now.Add(20 * time.Second)
	mu.Unlock()
	if r := a.do(request{method: "GET", path: "/api/v1/me"}); r.status != 200 {
		t.Fatalf("good token 20 s later: %d %s, want 200", r.status, r.body)
	}

	es, err := st.AuditEntries(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		line := string(e.AppendCanonical(nil))
		if strings.Contains(line, "lsn_ZZZ") || strings.Contains(line, "not-a-token") || strings.Contains(line, token) {
			t.Errorf("audit entry %d holds a token: %s", e.Index, line)
		}
		if strings.HasPrefix(e.Action, "auth.") {
			got = append(got, e.Action+" "+e.Decision+" "+e.Reasons[0])
		}
	}
	want := []string{
		"auth.fail deny unknown token",
		"auth.fail deny malformed token",
		"auth.fail deny missing token",
		"auth.throttle deny 127.0.0.1 failed to authenticate 3 times within 1m0s",
		"auth.token allow first use of a token in 1h0m0s",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("auth entries (-want +got):\n%s", diff)
	}
}
