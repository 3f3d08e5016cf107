package liaison_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/liaison-project/liaison"

// allowed lists, for each package of the module, the module packages it
// may import. Dependencies point inward: surfaces call the node, the node
// calls the guard and the pure leaf packages, stores know only the root.
// A package missing here may import nothing of the module but the root.
var allowed = map[string][]string{
	"":                      {},
	"internal/guard":        {"", "internal/policy"},
	"internal/policy":       {""},
	"internal/arrangement":  {""},
	"internal/selector":     {""},
	"internal/stix":         {"", "internal/stix/pattern"},
	"internal/stix/pattern": {},
	"internal/match":        {"internal/stix/pattern"},                      // indexes indicators; pure
	"internal/misp":         {"", "internal/stix", "internal/stix/pattern"}, // MISP events to STIX and back; pure
	"internal/auditlog":     {""},
	"internal/report":       {""}, // renders the oversight report; pure
	"internal/snapshot":     {},   // the form of a store's contents between stores
	"internal/sqlite":       {"", "internal/snapshot"},
	"internal/postgres":     {"", "internal/snapshot"},
	"internal/pgtest":       {}, // imported by tests only; starts PostgreSQL
	"internal/storetest":    {""},
	"internal/node":         {"", "internal/guard", "internal/auditlog", "internal/arrangement", "internal/selector", "internal/policy", "internal/report", "internal/stix", "internal/misp", "internal/match"},
	"internal/federation":   {"", "internal/node"},
	"internal/api":          {"", "internal/node", "internal/report"},
	"internal/web":          {"", "internal/node", "internal/api"}, // api.Status: one map of codes to statuses
	"internal/notify":       {"", "internal/node"},                 // delivers notices: SMTP, webhooks
	"examples/arrangements": {},
	"examples/policies":     {},
	"examples/workplans":    {},
}

// TestDependencyRules enforces the architecture of DESIGN.md on every
// non-test Go file: no surface reaches a store, the domain imports only the
// standard library. Commands (cmd/...) may import anything.
func TestDependencyRules(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || (strings.HasPrefix(name, ".") && path != ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		if pkg == "." {
			pkg = ""
		}
		if strings.HasPrefix(pkg, "cmd/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rules, known := allowed[pkg]
		if !known {
			rules = []string{""}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if pkg == "" && strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				t.Errorf("%s imports %s: the root package imports only the standard library", path, p)
			}
			if p != module && !strings.HasPrefix(p, module+"/") {
				continue
			}
			target := strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
			ok := false
			for _, r := range rules {
				ok = ok || r == target
			}
			if !ok {
				t.Errorf("%s imports %s, which package %q may not import", path, p, pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
