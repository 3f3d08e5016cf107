package arrangement

import (
	"os"
	"testing"

	"github.com/liaison-project/liaison"
)

// FuzzParse feeds arbitrary files to Parse. It MUST NOT panic, and what it
// accepts must hold the invariants the guard and the handling validation
// rely on.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	if raw, err := os.ReadFile(examplePath); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := Parse(raw)
		if err != nil {
			if a != nil || liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Parse() = %v, %v; want nil and an %s error", a, err, liaison.EINVALID)
			}
			return
		}
		if len(a.ID) != 64 || len(a.Parties) < 2 || a.CeilingLevel() < 0 || len(a.Deadlines) != 3 {
			t.Fatalf("Parse() accepted a broken arrangement: %+v", a)
		}
		for _, p := range a.Parties {
			labels := a.Labels(p)
			if len(labels) == 0 {
				t.Fatalf("party %q has no scheme", p)
			}
			for _, l := range labels {
				if _, ok := a.Level(p, l); !ok {
					t.Fatalf("label %q of %q maps to no level", l, p)
				}
			}
			h := liaison.Handling{Classification: labels[0], TLP: liaison.TLPGreen, CrimeArea: a.CrimeAreas[0]}
			if err := h.Validate(a, p); err != nil {
				t.Fatalf("Validate(lowest label of %q) = %v", p, err)
			}
		}
	})
}
