package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestMISPCommands imports the MISP testdata into a node directory as a
// cyber officer, with and without --strict, and exports it back.
func TestMISPCommands(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "in")
	liaisonRun := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
		return code, out.String(), errb.String()
	}
	if code, _, errs := liaisonRun("init", "--dir", dir, "--party", "in", "--name", "India node", "--policies", "none"); code != 0 {
		t.Fatalf("init = %d: %s", code, errs)
	}
	h, err := openNode(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	o, _, err := h.node.AddOfficer(ctx, liaison.Officer{Name: "Cyber", Agency: "cert-in", Role: liaison.RoleAnalyst,
		Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "CERT-In")
	h.Close()
	if err != nil {
		t.Fatal(err)
	}
	event := filepath.Join("..", "..", "internal", "misp", "testdata", "event.json")

	code, out, errs := liaisonRun("misp", "import", "--dir", dir, "--as", o.ID, event)
	if code != 0 || !strings.Contains(out, `"unmapped"`) || !strings.Contains(out, `"success_count"`) {
		t.Errorf("misp import = %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := liaisonRun("misp", "import", "--dir", dir, "--as", o.ID, "--strict", event); code != 1 || !strings.Contains(errs, "not mapped") {
		t.Errorf("misp import --strict = %d (%s), want 1: not mapped", code, errs)
	}
	if code, _, _ := liaisonRun("misp", "import", "--dir", dir, event); code != 2 {
		t.Errorf("misp import without --as = %d, want 2", code)
	}
	code, out, errs = liaisonRun("misp", "export", "--dir", dir, "--as", o.ID)
	if code != 0 || !strings.Contains(out, "5f9591a8-36c4-4a5c-9d3a-41ab0a00020f") || !strings.Contains(errs, `"unmapped"`) {
		t.Errorf("misp export = %d\n%.300s\n%s", code, out, errs)
	}
}
