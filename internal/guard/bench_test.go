package guard

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/arrangement"
	"github.com/liaison-project/liaison/internal/policy"
)

// benchRules loads Canada's example rules and generated forbids of the
// kind administrators add, n policies in all (0: no rules).
func benchRules(b *testing.B, n int) *policy.Set {
	b.Helper()
	if n == 0 {
		return nil
	}
	dir := b.TempDir()
	entries, err := fs.ReadDir(policies.FS, "ca")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, _ := fs.ReadFile(policies.FS, "ca/"+e.Name())
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	base, err := policy.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	agencies := []string{"cbsa", "csis", "fintrac", "cse", "opp", "spvm", "vpd", "tps"}
	var gen strings.Builder
	for i := base.Len(); i < n; i++ {
		area, agency := liaison.CrimeAreas[i%len(liaison.CrimeAreas)], agencies[i%len(agencies)]
		if i%2 == 0 {
			fmt.Fprintf(&gen, "@reason(\"officers of %s do not release %s content at rank %d or above\")\n@approval(\"supervisor\")\n"+
				"forbid (principal is Officer, action == Action::\"send\", resource)\n"+
				"when { principal.agency == \"%s\" && resource.area == \"%s\" && resource.rank >= %d && !context.approved };\n\n",
				agency, area, 2+i%2, agency, area, 2+i%2)
		} else {
			fmt.Fprintf(&gen, "@reason(\"%s reads no %s content marked other:case-%d\")\n"+
				"forbid (principal is Officer, action == Action::\"read\", resource)\n"+
				"when { principal.agency == \"%s\" && resource.area == \"%s\" && resource.codes.contains(\"other:case-%d\") };\n\n",
				agency, area, i, agency, area, i)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "90-generated.cedar"), []byte(gen.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	s, err := policy.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	if s.Len() != n {
		b.Fatalf("loaded %d policies, want %d", s.Len(), n)
	}
	return s
}

// BenchmarkSend measures one send decision (the arrangement's terms and
// the party's rules) on the India–Canada arrangement, the handling varied
// on every call across areas, labels, subjects and officers so that the
// rules' caches do not flatter it. It reports the median and the 99th
// percentile of single decisions.
func BenchmarkSend(b *testing.B) {
	a, err := arrangement.Parse(arrangements.InCA)
	if err != nil {
		b.Fatal(err)
	}
	labels := a.Labels("ca")[:5]
	areas := a.CrimeAreas
	officers := make([]*liaison.Officer, 16)
	for i := range officers {
		officers[i] = &liaison.Officer{ID: fmt.Sprintf("o%d", i), Name: "O", Party: "ca", Agency: []string{"rcmp", "cbsa", "fintrac", "csis"}[i%4],
			Role: liaison.RoleLiaison, Areas: liaison.CrimeAreas}
	}
	for _, n := range []int{0, 100} {
		b.Run(fmt.Sprintf("policies=%d", n), func(b *testing.B) {
			rules := benchRules(b, n)
			var durs []time.Duration
			i := 0
			for b.Loop() {
				h := liaison.Handling{
					Classification: labels[i%len(labels)], TLP: liaison.TLPAmber, CrimeArea: areas[i%len(areas)],
					Codes: []string{liaison.CodeLawEnforcementOnly, fmt.Sprintf("other:case-%d", i%97)},
				}
				if i%3 == 0 {
					h.PersonalData, h.Subjects, h.LegalBasis = true, []string{liaison.Subjects[i%4]}, "ca-privacy-act-8-2-f"
				}
				r := Release{Officer: officers[i%len(officers)], Arrangement: a, From: "ca", To: []string{"in"}, Handling: h,
					Risk: liaison.Risks[i%3], Rules: rules}
				t := time.Now()
				Send(r)
				durs = append(durs, time.Since(t))
				i++
			}
			slices.Sort(durs)
			b.ReportMetric(float64(durs[len(durs)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(durs[len(durs)*99/100].Nanoseconds()), "p99-ns")
		})
	}
}
