package policy_test

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/policy"
)

// FuzzLoad feeds bytes to the loader as a policy file. It must not panic;
// an error must name the file; a Set it accepts must answer.
func FuzzLoad(f *testing.F) {
	err := fs.WalkDir(policies.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".cedar") {
			return err
		}
		b, err := fs.ReadFile(policies.FS, path)
		f.Add(b)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("@reason(\"x\")\nforbid (principal, action, resource) when { resource.rank + 9223372036854775807 > 1 };"))
	f.Add([]byte("permit (principal is Officer, action, resource) when { principal.areas.containsAny(resource.subjects) };"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := policy.Parse("fuzz.cedar", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.cedar") {
				t.Fatalf("Parse error %q does not start with the file name", err)
			}
			return
		}
		u := policy.Unoptimised(s)
		for _, r := range fuzzRequests() {
			o := s.Decide(r)
			if !o.Allow && len(o.Reasons) == 0 {
				t.Fatalf("Decide = deny without a reason: %+v", o)
			}
			if want := u.Decide(r); !reflect.DeepEqual(o, want) {
				t.Fatalf("Decide(%+v) = %+v, but as written the policies say %+v", r, o, want)
			}
			if again := s.Decide(r); !reflect.DeepEqual(o, again) {
				t.Fatalf("Decide(%+v) = %+v, then %+v from the cache", r, o, again)
			}
		}
	})
}

// fuzzRequests are a few requests of every action that touch every
// attribute.
func fuzzRequests() []policy.Request {
	var rs []policy.Request
	for _, party := range []string{"ca", "in"} {
		r := base(party)
		rs = append(rs, r)
		personal(&r, "ca-in-mlat-1995")
		r.Risk, r.Handling.Intelligence = policy.RiskMitigated, true
		r.Handling.Codes = []string{"law-enforcement-only"}
		r.Handling.SourceReliability, r.Handling.InfoCredibility = "B", "2"
		rs = append(rs, r)
		for _, a := range policy.Actions {
			r.Action = a
			r.ToAgency, r.Purpose, r.MLARef = "cbsa", "interdiction", "MLA-1"
			rs = append(rs, r)
		}
		received(&r, "ca")
		rs = append(rs, r)
	}
	return rs
}
