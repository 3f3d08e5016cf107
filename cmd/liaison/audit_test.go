package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs a liaison command in-process and returns its exit status,
// standard output and standard error.
func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// TestAuditVerifyRewritten: an attacker owning the SQLite file changes an
// entry and recomputes the leaf hashes and the tree to match, which a
// check of the leaves alone cannot see. The checkpoints the node signed
// can: audit verify names the range after the last checkpoint that still
// matches, and an untouched copy verifies.
func TestAuditVerifyRewritten(t *testing.T) {
	n := newTestNode(t, "in")
	user := func(i int) {
		cli(t, "", "user", "add", "--dir", n.dir, "--name", fmt.Sprintf("Officer %d", i), "--agency", "ncb", "--role", "analyst")
	}
	for i := range 4 {
		user(i)
	}
	cli(t, "", "audit", "prove", "--dir", n.dir, "4") // signs a checkpoint of size 4
	for i := range 4 {
		user(10 + i)
	}
	cli(t, "", "audit", "prove", "--dir", n.dir, "8") // and one of size 8
	user(20)
	db := filepath.Join(n.dir, "liaison.db")
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errText := runCLI("audit", "verify", "--dir", n.dir); code != 0 || !strings.Contains(out, "size 9\n") || !strings.Contains(out, "own checkpoints 2, signatures ok\n") {
		t.Fatalf("audit verify of the untouched log: exit %d\n%s%s", code, out, errText)
	}
	for _, tc := range []struct {
		name, stmt, want string
	}{
		{"BeforeFirstCheckpoint", `UPDATE audit SET object = 'x' WHERE idx = 2`, "entry 1 does not match: the log of size 4 has root"},
		{"BetweenCheckpoints", `UPDATE audit SET reasons = '[]' WHERE idx = 6`, "entry 5 does not match: the log of size 8 has root"},
		// After the last checkpoint nothing signed covers it: only the
		// leaves could tell, and they were rewritten too.
		{"AfterLastCheckpoint", `DELETE FROM audit WHERE idx = 9`, "ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(db, good, 0o600); err != nil {
				t.Fatal(err)
			}
			tamper(t, db, tc.stmt)
			rewriteTree(t, db)
			code, out, errText := runCLI("audit", "verify", "--dir", n.dir)
			if tc.want == "ok" {
				if code != 0 {
					t.Fatalf("audit verify: exit %d: %s", code, errText)
				}
				return
			}
			if code != 1 || !strings.Contains(errText, tc.want) {
				t.Fatalf("audit verify: exit %d, stderr %q; want 1 and %q (stdout %q)", code, errText, tc.want, out)
			}
		})
	}
}
