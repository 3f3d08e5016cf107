package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   string // ":line:column" after the file name
		text string
	}{
		{"ErrSyntax", "permit (principal, action, resource);\n\n@reason(\"x\")\nforbid (principal, action, resource)\n  when { context.risk == };\n",
			":5:27", `syntax error near ";": invalid primary`},
		{"ErrUnterminated", "@reason(\"x)\nforbid (principal, action, resource);\n", ":1:9", "literal not terminated"},
		{"ErrMissingComma", "permit (principal action, resource);\n", ":1:", `expected ","`},
		{"ErrUnknownAnnotation", "permit (principal, action, resource);\n\n@reason(\"x\")\n@reasn(\"y\")\nforbid (principal, action, resource);\n",
			":4:1", "unknown annotation @reasn"},
		{"ErrApprovalOnPermit", "@approval(\"supervisor\")\npermit (principal, action, resource);\n", ":1:1", "@approval on a permit"},
		{"ErrEscalateOnPermit", "// comment\n  @escalate(\"supervisor\") permit (principal, action, resource);\n", ":2:3", "@escalate on a permit"},
		{"ErrApprovalRole", "@reason(\"x\")\n@approval(\"admin\")\nforbid (principal, action, resource);\n", ":2:1", `the only role that approves`},
		{"ErrCaveatOnForbid", "@reason(\"x\")\n@caveat(\"y\")\nforbid (principal, action, resource);\n", ":2:1", "@caveat on a forbid"},
		{"ErrForbidWithoutReason", "permit (principal, action, resource);\nforbid (principal, action == Action::\"send\", resource);\n", ":2:1", "forbid without @reason"},
		{"ErrUnknownAction", "permit (principal, action in [Action::\"send\", Action::\"forward\"], resource);\n", ":1:55", `unknown action Action::"forward"`},
		{"ErrUnknownAttribute", "@reason(\"x\")\nforbid (principal, action, resource)\nwhen {\n  resource.clasification == \"SECRET\"\n};\n",
			":4:11", "attribute `clasification`"},
		{"ErrOfficerOnReceive", "@reason(\"x\")\nforbid (principal, action, resource)\nwhen { principal.role == \"analyst\" };\n",
			":3:17", "test `principal is Officer` first"},
		{"ErrTypes", "@reason(\"x\")\nforbid (principal, action, resource) when { resource.rank > \"2\" };\n", ":1:1", "expected datetime, or duration, or Long but saw String"},
		{"ErrUnknownType", "permit (principal, action, resource) when { principal in Group::\"analysts\" };\n", ":1:", "unrecognized entity type `Group`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "policies")
			MustWrite(t, dir, "00-base.cedar", "permit (principal, action, resource);\n")
			MustWrite(t, dir, "10-bad.cedar", tt.src)
			_, err := policy.Load(dir)
			if err == nil {
				t.Fatal("Load = nil error, want one")
			}
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Errorf("Load error code = %q, want invalid", liaison.ErrorCode(err))
			}
			want := filepath.Join(dir, "10-bad.cedar") + tt.at
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Load error = %q, want it to start with %q", err, want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("Load error = %q, want it to contain %q", err, tt.text)
			}
		})
	}
}

// Every bad file is named, not only the first.
func TestLoadErrorsAllFiles(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, dir, "20-b.cedar", "forbid (principal, action, resource);\n")
	MustWrite(t, dir, "10-a.cedar", "permit (principal, action, resource) when { 1 + };\n")
	MustWrite(t, dir, "README.md", "not a policy")
	_, err := policy.Load(dir)
	var e *liaison.Error
	if !asError(err, &e) || len(e.Fields) != 2 {
		t.Fatalf("Load = %v, want two problems", err)
	}
	if a, b := e.Fields[0].Field, e.Fields[1].Field; !strings.HasSuffix(a, "10-a.cedar:1:50") || !strings.HasSuffix(b, "20-b.cedar:1:1") {
		t.Errorf("Load problems at %s and %s, want 10-a.cedar:1:50 then 20-b.cedar:1:1", a, b)
	}
}

func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, dir, "20-b.cedar", "@reason(\"b\")\nforbid (principal, action, resource);\n")
	MustWrite(t, dir, "10-a.cedar", "permit (principal, action, resource);\n@reason(\"a\")\nforbid (principal, action, resource);\n")
	s, err := policy.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := s.Decide(base("ca"))
	if got, want := strings.Join(o.Reasons, ","), "a,b"; got != want {
		t.Errorf("Decide reasons = %q, want %q (file order)", got, want)
	}
	if got, want := strings.Join(o.Policies, ","), "10-a.cedar:2,20-b.cedar:1"; got != want {
		t.Errorf("Decide policies = %q, want %q", got, want)
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3", s.Len())
	}
}

func TestLoadTooLarge(t *testing.T) {
	dir := t.TempDir()
	MustWrite(t, dir, "big.cedar", "// "+strings.Repeat("x", policy.MaxFileSize)+"\n")
	if _, err := policy.Load(dir); err == nil || !strings.Contains(err.Error(), "big.cedar: larger than") {
		t.Errorf("Load(big) = %v, want larger than", err)
	}
}

func TestSchema(t *testing.T) {
	if s := string(policy.Schema()); !strings.Contains(s, "entity Content") {
		t.Errorf("Schema() = %q, want the Content entity", s)
	}
}

func MustWrite(tb testing.TB, dir, name, content string) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func asError(err error, target **liaison.Error) bool {
	e, ok := err.(*liaison.Error)
	*target = e
	return ok
}
