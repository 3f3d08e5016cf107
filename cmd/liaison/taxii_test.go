package main

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/api"
)

// taxiiNode is a real node in a temporary directory whose officers'
// API, TAXII included, is served over TLS on loopback.
type taxiiNode struct {
	dir, url, ca string // ca: the server certificate as a PEM file
	local        string // the local collection's id
	token        string // a cyber liaison officer's
	officer      string // its id
	h            *handle
}

func newTAXIINode(t *testing.T, party string, serve bool) *taxiiNode {
	t.Helper()
	dir := filepath.Join(t.TempDir(), party)
	if err := initNode(dir, party, "TAXII node "+party, "127.0.0.1:0", "127.0.0.1:0", "", "liaison.db"); err != nil {
		t.Fatal(err)
	}
	h, err := openNode(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	n := &taxiiNode{dir: dir, h: h}
	o, token, err := h.node.AddOfficer(t.Context(), liaison.Officer{Name: "CERT analyst", Agency: "cert", Role: liaison.RoleAnalyst,
		Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "")
	if err != nil {
		t.Fatal(err)
	}
	n.token, n.officer = token, o.ID
	if n.local, err = h.node.LocalCollection(t.Context()); err != nil {
		t.Fatal(err)
	}
	if serve {
		srv := httptest.NewTLSServer(api.New(h.node, nil))
		t.Cleanup(srv.Close)
		n.url = srv.URL
		n.ca = filepath.Join(t.TempDir(), "ca.pem")
		pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		if err := os.WriteFile(n.ca, pemBytes, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// held returns the ids of the objects a collection of the node holds,
// every version, failing on an id held twice.
func (n *taxiiNode) held(t *testing.T, collection string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	f := liaison.STIXFilter{Collection: collection, Versions: []string{"all"}, Limit: 10000}
	for {
		page, next, err := n.h.store.STIXObjects(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page {
			if ids[o.ID] {
				t.Fatalf("%s held twice", o.ID)
			}
			ids[o.ID] = true
		}
		if next == "" {
			return ids
		}
		f.After = next
	}
}

// stixIndicator is a valid STIX 2.1 indicator numbered i.
func stixIndicator(i int) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",`+
		`"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.1.%d.%d']",`+
		`"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z","x_feed":{"n":%d}}`, i, i/250%250, i%250, i)
}

func stixBundle(from, to int, extra ...string) string {
	objs := extra
	for i := from; i < to; i++ {
		objs = append(objs, stixIndicator(i))
	}
	return `{"type":"bundle","id":"bundle--6c3b2c1e-3f0a-4d8e-9a51-0c0ffee00001","objects":[` + strings.Join(objs, ",") + `]}`
}

// runTAXIICLI runs liaison in-process and returns its exit status and output.
func runTAXIICLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// TestTAXIIPushPull pushes bundles to a real node's TAXII server over TLS
// and pulls them into another node, incrementally.
func TestTAXIIPushPull(t *testing.T) {
	srv := newTAXIINode(t, "in", true)
	dst := newTAXIINode(t, "ca", false)
	bundle := filepath.Join(t.TempDir(), "bundle.json")
	bad := strings.Replace(stixIndicator(99), `'10.1.0.99']`, `'10.1.0.99'`, 1)
	os.WriteFile(bundle, []byte(stixBundle(0, 25, bad)), 0o600)
	push := []string{"taxii", "push", "--url", srv.url + "/taxii2/", "--collection", srv.local, "--token-stdin", "--ca", srv.ca, bundle}

	t.Run("PushFailure", func(t *testing.T) {
		code, out, _ := runTAXIICLI(srv.token+"\n", push...)
		if code != 1 || !strings.Contains(out, "complete; 26 total, 25 succeeded, 1 failed, 0 pending") ||
			!strings.Contains(out, "failed indicator--00000000-0000-4000-8000-000000000099") {
			t.Fatalf("push = %d\n%s", code, out)
		}
	})
	t.Run("PushOK", func(t *testing.T) {
		os.WriteFile(bundle, []byte(stixBundle(25, 30)), 0o600)
		if code, out, errs := runTAXIICLI(srv.token+"\n", push...); code != 0 || !strings.Contains(out, "5 succeeded, 0 failed") {
			t.Fatalf("push = %d\n%s%s", code, out, errs)
		}
	})
	t.Run("PushUnauthorized", func(t *testing.T) {
		code, _, errs := runTAXIICLI("wrong\n", push...)
		if code != 1 || !strings.Contains(errs, "server answered 401 Unauthorized") {
			t.Fatalf("push with a wrong token = %d %s", code, errs)
		}
	})

	pull := []string{"taxii", "pull", "--dir", dst.dir, "--url", srv.url + "/taxii2/", "--collection", srv.local,
		"--user", "cert", "--password-stdin", "--ca", srv.ca, "--limit", "7"}
	t.Run("Pull", func(t *testing.T) {
		code, out, errs := runTAXIICLI(srv.token+"\n", pull...)
		if code != 0 || !strings.Contains(out, "pulled 30 objects in 5 pages") || !strings.Contains(out, "30 added, 0 held already, 0 refused") {
			t.Fatalf("pull = %d\n%s%s", code, out, errs)
		}
		if got := dst.held(t, dst.local); len(got) != 30 {
			t.Errorf("pulled into the local collection: %d objects, want 30", len(got))
		}
		cur, err := dst.h.node.TAXIICursor(t.Context(), srv.url+"/taxii2/liaison/", srv.local)
		if err != nil || cur.Objects != 30 || cur.Next != "" || cur.AddedAfter == "" {
			t.Errorf("cursor = %+v, %v", cur, err)
		}
	})
	t.Run("PullIncremental", func(t *testing.T) {
		os.WriteFile(bundle, []byte(stixBundle(30, 33)), 0o600)
		if code, out, errs := runTAXIICLI(srv.token+"\n", push...); code != 0 {
			t.Fatalf("push = %d\n%s%s", code, out, errs)
		}
		code, out, errs := runTAXIICLI(srv.token+"\n", pull...)
		if code != 0 || !strings.Contains(out, "pulled 3 objects in 1 pages") || !strings.Contains(out, "3 added") {
			t.Fatalf("pull again = %d\n%s%s", code, out, errs)
		}
		if got := dst.held(t, dst.local); len(got) != 33 {
			t.Errorf("held %d, want 33", len(got))
		}
	})
	t.Run("PullAsOfficer", func(t *testing.T) {
		// Into another collection id the node does not have: refused.
		args := append(pull[:len(pull):len(pull)], "--as", dst.officer, "--into", "nope")
		code, _, errs := runTAXIICLI(srv.token+"\n", args...)
		if code != 1 || !strings.Contains(errs, "collection nope not found") {
			t.Fatalf("pull --into nope = %d %s", code, errs)
		}
	})
}

// TestTAXIIPullRepeat: a server that answers the first page whatever
// next says stops the pull with an error naming its fault, the first
// page kept.
func TestTAXIIPullRepeat(t *testing.T) {
	dst := newTAXIINode(t, "ca", false)
	f := newPagingServer(t, 30)
	f.set(func(p *pagingServer) { p.ignoreNext = true })
	code, out, errs := runTAXIICLI("", "taxii", "pull", "--dir", dst.dir, "--url", f.url(), "--collection", "c", "--ca", f.ca, "--limit", "10")
	if code != 1 || !strings.Contains(errs, "does not honour next") || !strings.Contains(out, "pulled 10 objects in 1 pages") {
		t.Fatalf("pull = %d\n%s%s", code, out, errs)
	}
	if got := dst.held(t, dst.local); len(got) != 10 {
		t.Errorf("held %d, want the first page's 10", len(got))
	}
}

func TestTAXIIUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"taxii", "pull", "--dir", "d", "--collection", "c"}, "--url is required"},
		{[]string{"taxii", "pull", "--dir", "d", "--url", "u", "--collection", "c", "--user", "u"}, "--user needs --password-stdin"},
		{[]string{"taxii", "push", "--url", "u", "--collection", "c", "--password-stdin", "f"}, "--password-stdin needs --user"},
		{[]string{"taxii", "push", "--url", "u", "--collection", "c", "--token-stdin", "--user", "u", "--password-stdin", "f"}, "exclude each other"},
	} {
		code, _, errs := runTAXIICLI("", tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("liaison %s = %d %q, want 2 and %q", strings.Join(tc.args, " "), code, errs, tc.want)
		}
	}
}
