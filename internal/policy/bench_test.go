package policy_test

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/policy"
)

// benchPolicies loads the directory of benchDir.
func benchPolicies(b *testing.B, n int) *policy.Set {
	b.Helper()
	s, err := policy.Load(benchDir(b, n))
	if err != nil {
		b.Fatal(err)
	}
	if s.Len() != n {
		b.Fatalf("loaded %d policies, want %d", s.Len(), n)
	}
	return s
}

// benchDir writes Canada's example rules and enough generated forbids to
// make n policies into a directory and returns it. The generated rules are
// the kind administrators add: an agency kept from an area above a level,
// an officer's agency kept from sending an area, a handling code kept from
// an export.
func benchDir(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	entries, err := fs.ReadDir(policies.FS, "ca")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(policies.FS, "ca/"+e.Name())
		if err != nil {
			b.Fatal(err)
		}
		MustWrite(b, dir, e.Name(), string(data))
	}
	s, err := policy.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	areas := liaison.CrimeAreas
	agencies := []string{"cbsa", "csis", "fintrac", "cse", "opp", "spvm", "vpd", "tps"}
	var gen strings.Builder
	for i := s.Len(); i < n; i++ {
		area, agency := areas[i%len(areas)], agencies[i%len(agencies)]
		switch i % 3 {
		case 0:
			fmt.Fprintf(&gen, "@reason(\"%s does not receive %s content above RESTRICTED\")\n"+
				"forbid (principal, action == Action::\"disseminate\", resource)\n"+
				"when { context.to_agency == \"%s\" && resource.area == \"%s\" && resource.rank > 1 };\n\n", agency, area, agency, area)
		case 1:
			fmt.Fprintf(&gen, "@reason(\"officers of %s do not release %s content at level %d or above\")\n@approval(\"supervisor\")\n"+
				"forbid (principal is Officer, action == Action::\"send\", resource)\n"+
				"when { principal.agency == \"%s\" && resource.area == \"%s\" && resource.rank >= %d && !context.approved };\n\n",
				agency, area, 2+i%2, agency, area, 2+i%2)
		case 2:
			fmt.Fprintf(&gen, "@reason(\"content marked other:case-%d is not exported\")\n"+
				"forbid (principal, action in [Action::\"export\", Action::\"disseminate\"], resource)\n"+
				"when { resource.codes.contains(\"other:case-%d\") || (resource.personal_data && resource.subjects.contains(\"witness\") && context.to_agency == \"%s\") };\n\n",
				i, i, agency)
		}
	}
	MustWrite(b, dir, "90-generated.cedar", gen.String())
	return dir
}

// BenchmarkDecide measures Decide over 100 policies and reports the 99th
// percentile of single calls besides the mean. Miss varies the content and
// the context on every call, so that no record comes from the cache.
func BenchmarkDecide(b *testing.B) {
	s := benchPolicies(b, 100)
	allowed := base("ca")
	personal(&allowed, "ca-in-mlat-1995")
	allowed.Risk = policy.RiskMitigated
	allowed.Handling.Codes = []string{liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination}
	approval := allowed
	approval.Handling.CrimeArea = liaison.AreaImmigration // denied, then asked again with approval
	received := allowed
	received.Action, received.Officer, received.From, received.To = policy.ActionReceive, nil, "in", nil
	const distinct = 3 * 4096
	miss := make([]policy.Request, distinct)
	for i := range miss {
		miss[i] = allowed
		miss[i].Purpose = fmt.Sprintf("case %d", i)
		miss[i].Handling.Codes = []string{liaison.CodeLawEnforcementOnly, fmt.Sprintf("other:ref-%d", i)}
	}
	for _, bc := range []struct {
		name string
		r    []policy.Request
		want bool
	}{
		{"Allow", []policy.Request{allowed}, true},
		{"DenyApproval", []policy.Request{approval}, false},
		{"Receive", []policy.Request{received}, true},
		{"Miss", miss, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if o := s.Decide(bc.r[0]); o.Allow != bc.want {
				b.Fatalf("Decide = %+v, want allow %v", o, bc.want)
			}
			durations := make([]time.Duration, 0, 1<<16)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				r := &bc.r[i%len(bc.r)]
				i++
				start := time.Now()
				s.Decide(*r)
				durations = append(durations, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)*99/100].Nanoseconds()), "p99-ns")
			b.ReportMetric(float64(durations[len(durations)/2].Nanoseconds()), "p50-ns")
		})
	}
}

// BenchmarkLoad measures loading a directory of 100 policies, which the
// Watcher does on every change.
func BenchmarkLoad(b *testing.B) {
	dir := benchDir(b, 100)
	for b.Loop() {
		if _, err := policy.Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}
