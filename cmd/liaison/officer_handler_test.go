package main

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestOfficerHandler: the officers' listener sends /api/ and /taxii2/ to
// the API and the rest to the web UI.
func TestOfficerHandler(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "ca.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n, err := node.New(node.Config{Party: "ca", Name: "Canada", Store: st})
	if err != nil {
		t.Fatal(err)
	}
	h := officerHandler(n, nil)
	for _, c := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/api/v1/me", 401, "application/problem+json"},
		{"/taxii2/", 401, "application/"},
		{"/signin", 200, "text/html"},
		{"/inbox", 303, ""},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
		if w.Code != c.status || !strings.HasPrefix(w.Header().Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s: %d %q, want %d %q", c.path, w.Code, w.Header().Get("Content-Type"), c.status, c.ctype)
		}
	}
}
