package node_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// manualClock stands still until moved.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newAuthNode returns a node with a manual clock and the limits given,
// its store, and a liaison officer's token.
func newAuthNode(tb testing.TB, lim node.AuthLimit) (*node.Node, *sqlite.Store, *manualClock, *liaison.Officer, string) {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "in.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	clock := &manualClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	n, err := node.New(node.Config{Party: "in", Name: "in node", Store: st, Now: clock.Now, NewID: idSource("in"), AuthLimit: lim})
	if err != nil {
		tb.Fatal(err)
	}
	o, token, err := n.AddOfficer(context.Background(), liaison.Officer{
		Name: "Tool account", Agency: "ncb", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs},
	}, "")
	if err != nil {
		tb.Fatal(err)
	}
	return n, st, clock, o, token
}

// authEntries returns the entries of st whose action starts with "auth.",
// and fails the test if any of them holds one of secrets.
func authEntries(tb testing.TB, st *sqlite.Store, secrets ...string) []liaison.AuditEntry {
	tb.Helper()
	es, err := st.AuditEntries(context.Background(), 0, 100000)
	if err != nil {
		tb.Fatal(err)
	}
	var out []liaison.AuditEntry
	for _, e := range es {
		line := string(e.AppendCanonical(nil))
		for _, s := range secrets {
			if strings.Contains(line, s) {
				tb.Errorf("audit entry %d holds a token: %s", e.Index, line)
			}
		}
		if strings.HasPrefix(e.Action, "auth.") {
			e.Index, e.Time = 0, time.Time{}
			out = append(out, e)
		}
	}
	return out
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestAuthenticateAudit: every failure is audited with its cause, the
// remote address and the hash of the token, never the token; a token's
// use is audited once an hour per officer.
func TestAuthenticateAudit(t *testing.T) {
	ctx := context.Background()
	n, st, clock, o, token := newAuthNode(t, node.AuthLimit{})
	const remote = "203.0.113.7:50001"
	unknown := "lsn_" + strings.Repeat("A", 43)
	for _, tc := range []struct {
		token, want string
	}{
		{"", "send an API token"},
		{"hunter2", "invalid token"},
		{unknown, "invalid token"},
		{"lsn_" + strings.Repeat("B", 200), "invalid token"},
	} {
		_, err := n.Authenticate(ctx, tc.token, remote)
		if liaison.ErrorCode(err) != liaison.EUNAUTHORIZED || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Authenticate(%.10q) = %v, want unauthorized %q", tc.token, err, tc.want)
		}
	}
	for range 3 {
		got, err := n.Authenticate(ctx, token, remote)
		if err != nil || got.ID != o.ID {
			t.Fatalf("Authenticate(good token) = %v, %v; want officer %s", got, err, o.ID)
		}
		clock.Add(20 * time.Minute)
	}
	// 60 minutes after the first use: audited again.
	if _, err := n.Authenticate(ctx, token, "[2001:db8::1]:443"); err != nil {
		t.Fatal(err)
	}
	fail := func(cause, hash string) liaison.AuditEntry {
		return liaison.AuditEntry{Party: "in", Action: "auth.fail", Decision: "deny", Reasons: []string{cause, "remote " + remote}, ContentHash: hash}
	}
	use := func(remote string) liaison.AuditEntry {
		return liaison.AuditEntry{
			Party: "in", Agency: "ncb", Officer: o.ID, Action: "auth.token", Object: o.ID, Decision: "allow",
			Reasons: []string{"first use of a token in 1h0m0s", "remote " + remote}, ContentHash: sha256Hex(token),
		}
	}
	want := []liaison.AuditEntry{
		fail("missing token", ""),
		fail("malformed token", sha256Hex("hunter2")),
		fail("unknown token", sha256Hex(unknown)),
		fail("malformed token", sha256Hex("lsn_"+strings.Repeat("B", 125))),
		use(remote),
		use("[2001:db8::1]:443"),
	}
	if diff := cmp.Diff(want, authEntries(t, st, token, unknown, "hunter2")); diff != "" {
		t.Errorf("auth entries (-want +got):\n%s", diff)
	}
}

// TestAuthenticateLimit: an address that fails too often is refused with
// ELIMITED, even with a good token, and the start of it is audited once;
// other addresses are not affected until all together pass the global
// limit, beyond which failures are refused without an entry each while
// good tokens still work.
func TestAuthenticateLimit(t *testing.T) {
	ctx := context.Background()
	n, st, clock, _, token := newAuthNode(t, node.AuthLimit{PerAddress: 3, Global: 5, Window: time.Minute})
	bad := "lsn_" + strings.Repeat("C", 43)
	try := func(tok, remote, want string, wait time.Duration) {
		t.Helper()
		_, err := n.Authenticate(ctx, tok, remote)
		if got := liaison.ErrorCode(err); got != want || liaison.ErrorRetryAfter(err) != wait {
			t.Fatalf("Authenticate from %s = %v (%q, retry after %s), want %q, retry after %s", remote, err, got, liaison.ErrorRetryAfter(err), want, wait)
		}
	}
	a, b, c := "198.51.100.1:1000", "198.51.100.2:1000", "198.51.100.3:1000"
	for range 3 {
		try(bad, a, liaison.EUNAUTHORIZED, 0)
	}
	try(bad, a, liaison.ELIMITED, 20*time.Second)
	try(token, a, liaison.ELIMITED, 20*time.Second)
	clock.Add(10 * time.Second)
	try(bad, a, liaison.ELIMITED, 10*time.Second)
	try(bad, b, liaison.EUNAUTHORIZED, 0)
	try(bad, b, liaison.EUNAUTHORIZED, 0)
	// Five failures of all addresses within the minute: the global limit.
	try(bad, c, liaison.ELIMITED, 2*time.Second)
	try(bad, c, liaison.ELIMITED, 2*time.Second)
	try(token, c, "", 0)
	clock.Add(10 * time.Second)
	try(token, a, "", 0)
	try(bad, a, liaison.EUNAUTHORIZED, 0)

	var got []string
	for _, e := range authEntries(t, st, token, bad) {
		got = append(got, e.Action+" "+e.Reasons[len(e.Reasons)-1])
	}
	want := []string{
		"auth.fail remote " + a, "auth.fail remote " + a, "auth.fail remote " + a,
		"auth.throttle remote " + a,
		"auth.fail remote " + b, "auth.fail remote " + b,
		"auth.throttle remote " + c,
		"auth.token remote " + c,
		"auth.fail remote " + a,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("auth entries (-want +got):\n%s", diff)
	}
	if es := authEntries(t, st); !slices.ContainsFunc(es, func(e liaison.AuditEntry) bool {
		return e.Action == "auth.throttle" && strings.Contains(e.Reasons[0], "198.51.100.1 failed to authenticate 3 times within 1m0s")
	}) {
		t.Errorf("no auth.throttle entry names the address and the limit: %+v", es)
	}
}
