package node_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/stix"
)

// ind returns indicator n with a pattern, modified at minute mod of
// 2025-01-01, and extra members (",..." or "").
func ind(n int, pattern string, mod int, extra string) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",`+
		`"created":"2025-01-01T00:00:00.000Z","modified":"2025-01-01T00:%02d:00.000Z","name":"ind %d","pattern":%q,`+
		`"pattern_type":"stix","valid_from":"2025-01-01T00:00:00Z"%s}`, n, mod, n, pattern, extra)
}

func matchLines(t *testing.T, n *testNode, actor *liaison.Officer, lines ...string) *node.IndicatorMatch {
	t.Helper()
	res, err := n.MatchIndicators(context.Background(), actor, strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("MatchIndicators: %v", err)
	}
	return res
}

// summary lists "line:name" for each indicator shown, "?" after partials.
func summary(res *node.IndicatorMatch) string {
	var s []string
	for _, it := range res.Items {
		for _, h := range it.Indicators {
			e := fmt.Sprintf("%d:%s", it.Line, h.Name)
			if h.Partial != "" {
				e += "?"
			}
			s = append(s, e)
		}
	}
	return strings.Join(s, " ")
}

func TestMatchIndicators(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	n := p.in
	cs, err := n.Collections(ctx, n.cyber)
	if err != nil {
		t.Fatal(err)
	}
	coll := cs[1].ID
	mustAdd := func(objs ...string) {
		t.Helper()
		st, err := n.AddSTIX(ctx, n.cyber, coll, bundle(objs...))
		if err != nil || len(st.Failures) > 0 {
			t.Fatalf("AddSTIX = %+v, %v", st, err)
		}
	}
	// Added before the index is built: read from the store.
	mustAdd(
		ind(1, "[ipv4-addr:value = '198.51.100.0/24']", 0, ""),
		ind(2, "[domain-name:value = 'evil.example']", 0, `,"object_marking_refs":["`+stix.TLP2Red+`"]`),
		ind(3, "[domain-name:value = 'evil.example']", 0, `,"object_marking_refs":["`+stix.TLP2AmberStrict+`"]`),
		ind(4, "[url:value = 'http://evil.example/x'] WITHIN 60 SECONDS", 0, ""),
		ind(5, "[ipv4-addr:value = '203.0.113.5']", 0, `,"valid_until":"2025-02-01T00:00:00Z"`),
	)

	t.Run("ErrForbidden", func(t *testing.T) {
		before := auditSize(t, n)
		_, err := n.MatchIndicators(ctx, n.analyst, strings.NewReader(`{"type":"ipv4-addr","value":"198.51.100.7"}`))
		wantCode(t, "MatchIndicators(analyst without cyber)", err, liaison.EFORBIDDEN)
		if got := findAudit(t, n, before, "indicators.match"); len(got) != 1 || got[0].Decision != "deny" {
			t.Errorf("audit = %+v, want one deny", got)
		}
	})

	t.Run("ErrTooLarge", func(t *testing.T) {
		_, err := n.MatchIndicators(ctx, n.cyber, strings.NewReader(strings.Repeat("\n", 1_000_001)))
		wantCode(t, "MatchIndicators(1,000,001 lines)", err, liaison.EINVALID)
	})

	lines := []string{
		`{"type":"ipv4-addr","value":"198.51.100.7"}`,
		`{"type":"domain-name","value":"www.evil.example"}`,
		`{"type":"ipv4-addr","value":"198.51.100"}`,
		``,
		`{"type":"url","value":"HTTP://EVIL.example:80/x"}`,
		`{"type":"ipv4-addr","value":"203.0.113.5"}`,
		`not json`,
		`{"type":"domain-name","value":"good.example"}`,
	}
	before := auditSize(t, n)
	res := matchLines(t, n, n.cyber, lines...)
	if got, want := summary(res), "1:ind 1 2:ind 3 5:ind 4?"; got != want {
		t.Errorf("answer = %s, want %s (RED hidden, expired not hit)", got, want)
	}
	if res.Observables != 5 || res.Hits != 2 || res.Partials != 1 || len(res.Errors) != 2 ||
		res.Errors[0].Line != 3 || res.Errors[1].Line != 7 {
		t.Errorf("counts %d/%d/%d, errors %+v; want 5 observables, 2 hits, 1 partial, errors on lines 3 and 7",
			res.Observables, res.Hits, res.Partials, res.Errors)
	}
	if string(res.Items[0].Observable) != lines[0] {
		t.Errorf("observable = %s, want the line as sent", res.Items[0].Observable)
	}
	if h := res.Items[0].Indicators[0]; h.Collection != coll || h.TLP != liaison.TLPAmber || h.Pattern != "[ipv4-addr:value = '198.51.100.0/24']" ||
		h.ID != "indicator--00000000-0000-4000-8000-000000000001" || h.ValidFrom.Year() != 2025 {
		t.Errorf("hit = %+v", h)
	}
	audit := findAudit(t, n, before, "indicators.match")
	if len(audit) != 1 || audit[0].Decision != "allow" || audit[0].Reasons[0] != "5 observables" || audit[0].Reasons[1] != "2 hits" ||
		!strings.HasPrefix(audit[0].Reasons[4], "body sha256 ") || audit[0].ContentHash == "" {
		t.Errorf("audit = %+v, want counts, the body's hash and the ids' hash", audit)
	}

	// AMBER+STRICT stays within the adder's agency.
	other := mustOfficer(t, n, "cbi", "Cyber of another agency", liaison.RoleAnalyst, liaison.AreaCyber)
	if got := summary(matchLines(t, n, other, lines...)); got != "1:ind 1 5:ind 4?" {
		t.Errorf("answer to another agency = %s, want AMBER+STRICT hidden", got)
	}

	// Kept in step with adds (a new version replaces the old), revocations
	// and deletes.
	mustAdd(ind(1, "[ipv4-addr:value = '192.0.2.1']", 1, ""), ind(6, "[email-addr:value = 'boss@evil.example']", 0, ""))
	got := summary(matchLines(t, n, n.cyber, `{"type":"ipv4-addr","value":"198.51.100.7"}`, `{"type":"ipv4-addr","value":"192.0.2.1"}`,
		`{"type":"email-addr","value":"boss@EVIL.example"}`))
	if got != "2:ind 1 3:ind 6" {
		t.Errorf("after adding versions = %s, want the new version of 1, and 6", got)
	}
	mustAdd(ind(6, "[email-addr:value = 'boss@evil.example']", 2, `,"revoked":true`))
	if got := summary(matchLines(t, n, n.cyber, `{"type":"email-addr","value":"boss@evil.example"}`)); got != "" {
		t.Errorf("after revoking = %s, want nothing", got)
	}
	if err := n.DeleteSTIX(ctx, n.cyber, coll, "indicator--00000000-0000-4000-8000-000000000001", liaison.STIXFilter{Versions: []string{"last"}}); err != nil {
		t.Fatal(err)
	}
	got = summary(matchLines(t, n, n.cyber, `{"type":"ipv4-addr","value":"198.51.100.7"}`, `{"type":"ipv4-addr","value":"192.0.2.1"}`))
	if got != "1:ind 1" {
		t.Errorf("after deleting the last version = %s, want the first version back", got)
	}
	if err := n.DeleteSTIX(ctx, n.cyber, coll, "indicator--00000000-0000-4000-8000-000000000001", liaison.STIXFilter{}); err != nil {
		t.Fatal(err)
	}
	if got := summary(matchLines(t, n, n.cyber, `{"type":"ipv4-addr","value":"198.51.100.7"}`)); got != "" {
		t.Errorf("after deleting = %s, want nothing", got)
	}
}
