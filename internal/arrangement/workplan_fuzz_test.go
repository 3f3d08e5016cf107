package arrangement

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/liaison-project/liaison"
)

// FuzzParseWorkplan feeds arbitrary files to ParseWorkplan. It MUST NOT
// panic, refuses with EINVALID, and what it accepts has a start and keyed
// objectives.
func FuzzParseWorkplan(f *testing.F) {
	if raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "workplans", "in-ca.toml")); err == nil {
		f.Add(raw)
	}
	f.Add([]byte("name = \"x\"\nstart = \"2026-01-01\"\n[[objectives]]\nkey = \"a\"\ntitle = \"t\"\nlead = { party = \"in\", agency = \"ncb\" }\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := ParseWorkplan(raw)
		if err != nil {
			if s != nil || liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("ParseWorkplan() = %v, %v; want nil and an %s error", s, err, liaison.EINVALID)
			}
			return
		}
		if s.Start == "" || len(s.Objectives) == 0 {
			t.Fatalf("ParseWorkplan() accepted %+v", s)
		}
		for _, o := range s.Objectives {
			if o.Key == "" || o.Title == "" {
				t.Fatalf("ParseWorkplan() accepted objective %+v", o)
			}
		}
	})
}

func TestParseWorkplanExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "workplans", "in-ca.toml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseWorkplan(raw)
	if err != nil {
		t.Fatal(err)
	}
	actions := 0
	for _, o := range s.Objectives {
		if n := len(o.Actions); n < 1 || n > 3 {
			t.Errorf("objective %s has %d actions, want 1 to 3", o.Key, n)
		}
		actions += len(o.Actions)
	}
	if len(s.Objectives) != 6 || actions != 14 {
		t.Errorf("example: %d objectives, %d actions; want 6 and 14", len(s.Objectives), actions)
	}
	_, err = ParseWorkplan([]byte("name = \"x\"\nstart = \"2026-01-01\"\ncolour = 1\n[[objectives]]\nkey = \"A\"\ntitle = \"\"\nlead = { party = \"in\", agency = \"ncb\" }\n"))
	for _, want := range []string{"colour", "objectives[0].key", "objectives[0].title"} {
		found := false
		for _, fe := range liaison.ErrorFields(err) {
			found = found || fe.Field == want
		}
		if !found {
			t.Errorf("ParseWorkplan(bad) = %v; want a problem with %s", err, want)
		}
	}
}
