package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// keyLike is what a message key looks like: dotted lower-case words.
var keyLike = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z0-9_+-]+)+$`)

// tmplKey finds keys written out in templates: {{T "key" …}}.
var tmplKey = regexp.MustCompile(`\bT "([^"]+)"`)

// usedKeys returns every message key the package uses: string literals
// shaped like keys in its Go files, keys written out in its templates,
// and the keys built from domain values (dynamicKeys).
func usedKeys(t *testing.T) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keyLike.MatchString(s) && !isFileName(s) {
				used[s] = true
			}
			return true
		})
	}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range dynamicKeys() {
		used[k] = true
	}
	return used
}

func isFileName(s string) bool {
	for _, ext := range []string{".html", ".css", ".js", ".toml", ".png", ".json"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}

// TestCatalogs: every key used has a translation in every catalog, no
// catalog holds a key nothing uses, and no translation is empty.
func TestCatalogs(t *testing.T) {
	cat, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	used := usedKeys(t)
	if os.Getenv("WEB_LIST_KEYS") != "" {
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range used {
				if !yield(k) {
					return
				}
			}
		})
		t.Log(strings.Join(keys, "\n"))
	}
	for _, lang := range langs {
		msgs := cat[lang].msgs
		for k := range used {
			if strings.TrimSpace(msgs[k]) == "" {
				t.Errorf("catalog %s: no translation of %q", lang, k)
			}
		}
		for k := range msgs {
			if !used[k] {
				t.Errorf("catalog %s: key %q is used nowhere", lang, k)
			}
		}
	}
}

// TestCatalogsKeepTLP: no translation changes a TLP label.
func TestCatalogsKeepTLP(t *testing.T) {
	cat, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range langs {
		for k, v := range cat[lang].msgs {
			if strings.Contains(strings.ToUpper(v), "TLP:") && !strings.Contains(v, "TLP:") {
				t.Errorf("catalog %s: %q translates a TLP label: %q", lang, k, v)
			}
		}
	}
}

// TestDateTime formats one moment in each language and zone.
func TestDateTime(t *testing.T) {
	cat, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 8, 35, 0, 0, time.UTC)
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	for _, c := range []struct {
		lang string
		loc  *time.Location
		want string
	}{
		{"en", time.UTC, "23 Nov 2026, 08:35"},
		{"fr", time.UTC, "23 nov. 2026, 08 h 35"},
		{"hi", kolkata, "23 नवंबर 2026, 14:05"},
	} {
		if got := cat[c.lang].DateTime(at, c.loc); got != c.want {
			t.Errorf("DateTime(%s, %s) = %q, want %q", c.lang, c.loc, got, c.want)
		}
	}
}

// TestNegotiate: the preference wins, then the browser's best match, then
// English.
func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ pref, accept, want string }{
		{"hi", "fr-CA,fr;q=0.9", "hi"},
		{"", "fr-CA,fr;q=0.9,en;q=0.5", "fr"},
		{"", "hi-IN", "hi"},
		{"", "de-DE,de;q=0.9", "en"},
		{"", "", "en"},
		{"xx", "en-GB", "en"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", c.accept)
		if got := negotiate(c.pref, r); got != c.want {
			t.Errorf("negotiate(%q, %q) = %q, want %q", c.pref, c.accept, got, c.want)
		}
	}
	if len(langs) != 3 || langs[0] != "en" || langs[1] != "fr" || langs[2] != "hi" {
		t.Errorf("langs = %v, want en, fr, hi in the matcher's order", langs)
	}
}
