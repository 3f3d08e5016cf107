package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison/internal/pgtest"
)

// TestQuick runs the whole command with small sizes, so that it cannot
// rot: it builds liaison, starts real nodes and measures everything once.
// It asserts no speed (this machine's speed is not the code's), only that
// every measurement completes and reports a sane value.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real nodes; skipped with -short")
	}
	out, rows := quick(t, "--quick", "--dir", t.TempDir())
	sections := checkRows(t, rows)
	for _, s := range []string{"crypto", "delivery", "latency", "cold", "idle", "inbox"} {
		if !sections[s] {
			t.Errorf("no %s section in the report:\n%s", s, out)
		}
	}
	if !strings.Contains(out, "machine:") {
		t.Errorf("report names no machine:\n%s", out)
	}
}

// TestQuickPostgres runs delivery with the sender as two processes on
// PostgreSQL, and the inbox on PostgreSQL, with small sizes. It skips
// when the PostgreSQL binaries are missing, unless
// LIAISON_REQUIRE_POSTGRES=1.
func TestQuickPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real nodes and PostgreSQL; skipped with -short")
	}
	if _, err := exec.LookPath("initdb"); err != nil {
		if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(dirs) == 0 {
			if os.Getenv(pgtest.RequireEnv) == "1" {
				t.Fatalf("PostgreSQL binaries not found, and %s=1 requires them", pgtest.RequireEnv)
			}
			t.Skipf("PostgreSQL binaries not found; set %s=1 to make this a failure", pgtest.RequireEnv)
		}
	}
	out, rows := quick(t, "--quick", "--dir", t.TempDir(), "--only", "delivery,inbox", "--store", "postgres", "--replicas", "2",
		"--messages-single", "20", "--inbox-messages", "3000")
	sections := checkRows(t, rows)
	for _, s := range []string{"delivery", "inbox"} {
		if !sections[s] {
			t.Errorf("no %s section in the report:\n%s", s, out)
		}
	}
	if !strings.Contains(out, "sender on PostgreSQL as 2 processes") || !strings.Contains(out, "on PostgreSQL") {
		t.Errorf("report does not say the sender ran on PostgreSQL as 2 processes:\n%s", out)
	}
}

// quick runs the command with args and returns its report and rows.
func quick(t *testing.T, args ...string) (string, []row) {
	t.Helper()
	var out, log bytes.Buffer
	rows, err := run(args, &out, &log)
	if err != nil {
		t.Fatalf("liaison-bench %s: %v\n%s", strings.Join(args, " "), err, log.String())
	}
	t.Log("\n" + out.String())
	return out.String(), rows
}

// checkRows checks that every row has a sane value and returns the
// sections by their first word.
func checkRows(t *testing.T, rows []row) map[string]bool {
	t.Helper()
	sections := map[string]bool{}
	for _, r := range rows {
		sections[strings.TrimSuffix(strings.Fields(r.Section)[0], ",")] = true
		switch {
		case r.N == 0:
			t.Errorf("%s: %s: no value", r.Section, r.Name)
		case r.ZeroOK && !(r.Min >= 0):
			t.Errorf("%s: %s = %v (min %v), want 0 or more", r.Section, r.Name, r.Median, r.Min)
		case r.Name == "missing after the run" && r.Max != 0:
			t.Errorf("%s: %d messages missing", r.Section, int(r.Max))
		case !r.ZeroOK && !(r.Min > 0):
			t.Errorf("%s: %s = %v (min %v), want a positive value", r.Section, r.Name, r.Median, r.Min)
		}
	}
	return sections
}
