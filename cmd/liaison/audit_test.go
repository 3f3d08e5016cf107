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

// TestAuditVerifyPages: audit verify reads and hashes several pages of
// the log at once; a row changed, deleted or added anywhere, at the edge
// of a page too, is still named as the first entry that does not match,
// the leaves and tree left as they were.
func TestAuditVerifyPages(t *testing.T) {
	const entries = 3*auditPage + 17
	dir := auditNode(t, entries)
	db := filepath.Join(dir, "liaison.db")
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errText := runCLI("audit", "verify", "--dir", dir); code != 0 || !strings.Contains(out, fmt.Sprintf("size %d\n", entries)) {
		t.Fatalf("audit verify of the untouched log: exit %d\n%s%s", code, out, errText)
	}
	for _, tc := range []struct {
		name, stmt, want string
	}{
		{"ChangedLastOfPage", fmt.Sprintf(`UPDATE audit SET object = 'x' WHERE idx = %d`, auditPage), fmt.Sprintf("entry %d does not match its leaf hash", auditPage)},
		{"ChangedFirstOfPage", fmt.Sprintf(`UPDATE audit SET decision = 'deny' WHERE idx = %d`, 2*auditPage+1), fmt.Sprintf("entry %d does not match its leaf hash", 2*auditPage+1)},
		{"DeletedLastOfPage", fmt.Sprintf(`DELETE FROM audit WHERE idx = %d`, auditPage), fmt.Sprintf("entry %d is missing", auditPage)},
		{"DeletedFirstOfPage", fmt.Sprintf(`DELETE FROM audit WHERE idx = %d`, auditPage+1), fmt.Sprintf("entry %d is missing", auditPage+1)},
		{"DeletedInLastPage", fmt.Sprintf(`DELETE FROM audit WHERE idx = %d`, entries-3), fmt.Sprintf("entry %d is missing", entries-3)},
		{"DeletedLast", fmt.Sprintf(`DELETE FROM audit WHERE idx = %d`, entries), fmt.Sprintf("entry %d", entries)},
		{"Added", fmt.Sprintf(`INSERT INTO audit SELECT idx + 1, time, party, agency, officer, action, 'ghost', decision, reasons, content_hash FROM audit WHERE idx = %d`, entries), fmt.Sprintf("entry %d", entries+1)},
		{"Moved", fmt.Sprintf(`UPDATE audit SET idx = %d WHERE idx = %d`, 5*auditPage, auditPage+5), fmt.Sprintf("entry %d is missing", auditPage+5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(db, good, 0o600); err != nil {
				t.Fatal(err)
			}
			tamper(t, db, tc.stmt)
			code, out, errText := runCLI("audit", "verify", "--dir", dir)
			if code != 1 || !strings.Contains(errText, tc.want) {
				t.Fatalf("audit verify: exit %d, stderr %q; want 1 and %q (stdout %q)", code, errText, tc.want, out)
			}
		})
	}
}
