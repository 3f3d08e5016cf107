package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestQuick runs the whole command with small sizes, so that it cannot
// rot: it builds liaison, starts real nodes and measures everything once.
// It asserts no speed (this machine's speed is not the code's), only that
// every measurement completes and reports a sane value.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real nodes; skipped with -short")
	}
	var out, log bytes.Buffer
	rows, err := run([]string{"--quick", "--dir", t.TempDir()}, &out, &log)
	if err != nil {
		t.Fatalf("liaison-bench --quick: %v\n%s", err, log.String())
	}
	t.Log("\n" + out.String())
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
	for _, s := range []string{"crypto", "delivery", "latency", "cold", "idle"} {
		if !sections[s] {
			t.Errorf("no %s section in the report:\n%s", s, out.String())
		}
	}
	if !strings.Contains(out.String(), "machine:") {
		t.Errorf("report names no machine:\n%s", out.String())
	}
}
