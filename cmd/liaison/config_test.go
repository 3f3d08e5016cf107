package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/federation"
)

func TestConfigTokenAuditInterval(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, // the node's default
		{"1m", time.Minute, true},
		{"1h", time.Hour, true},
		{"24h", 24 * time.Hour, true},
		{"59s", 0, false},
		{"25h", 0, false},
		{"hourly", 0, false},
	} {
		c := Config{Party: "in", Name: "n", Store: "liaison.db",
			API:        APIConfig{Addr: "127.0.0.1:8080", TokenAuditInterval: tc.in},
			Federation: FederationConfig{Addr: "127.0.0.1:9443", URL: "https://127.0.0.1:9443"}}
		err := c.validate()
		if tc.ok != (err == nil) {
			t.Errorf("validate(token_audit_interval = %q) = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "api.token_audit_interval" {
				t.Errorf("validate(token_audit_interval = %q) fields = %+v, want api.token_audit_interval", tc.in, fs)
			}
			continue
		}
		if got := c.API.tokenAuditInterval(); got != tc.want {
			t.Errorf("tokenAuditInterval(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestConfigBackoffMax(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, // the federation default
		{"2s", 2 * time.Second, true},
		{"100ms", 100 * time.Millisecond, true},
		{"24h", 24 * time.Hour, true},
		{"fast", 0, false},
		{"30", 0, false},
		{"50ms", 0, false},
		{"-1s", 0, false},
		{"25h", 0, false},
	} {
		c := Config{Party: "in", Name: "n", Store: "liaison.db",
			API:        APIConfig{Addr: "127.0.0.1:8080"},
			Federation: FederationConfig{Addr: "127.0.0.1:9443", URL: "https://127.0.0.1:9443", BackoffMax: tc.in}}
		err := c.validate()
		if tc.ok != (err == nil) {
			t.Errorf("validate(backoff_max = %q) = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "federation.backoff_max" {
				t.Errorf("validate(backoff_max = %q) fields = %+v, want federation.backoff_max", tc.in, fs)
			}
			continue
		}
		if got := c.Federation.backoffMax(); got != tc.want {
			t.Errorf("backoffMax(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestServeBackoffMaxFromConfig: backoff_max in liaison.toml reaches the
// federation, and options given in code still win.
func TestServeBackoffMaxFromConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	if err := initNode(dir, "in", "Test node", "127.0.0.1:0", "127.0.0.1:0", "https://127.0.0.1:9", "liaison.db"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, configFile)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(raw), "[federation]\n", "[federation]\n  backoff_max = \"2s\"\n", 1)
	if edited == string(raw) {
		t.Fatalf("no [federation] table in\n%s", raw)
	}
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		given, want time.Duration
	}{
		{0, 2 * time.Second},
		{time.Second, time.Second},
	} {
		s, err := newServer(dir, serverOptions{Log: io.Discard, Fed: federation.Options{BackoffMax: tc.given}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.opts.Fed.BackoffMax; got != tc.want {
			t.Errorf("given %v: federation BackoffMax = %v, want %v", tc.given, got, tc.want)
		}
		s.Close()
	}
}

func TestConfigLeaseTTL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, // the federation default
		{"2s", 2 * time.Second, true},
		{"1s", time.Second, true},
		{"5m", 5 * time.Minute, true},
		{"soon", 0, false},
		{"6", 0, false},
		{"999ms", 0, false},
		{"-2s", 0, false},
		{"5m1s", 0, false},
	} {
		c := Config{Party: "in", Name: "n", Store: "liaison.db",
			API:        APIConfig{Addr: "127.0.0.1:8080"},
			Federation: FederationConfig{Addr: "127.0.0.1:9443", URL: "https://127.0.0.1:9443", LeaseTTL: tc.in}}
		err := c.validate()
		if tc.ok != (err == nil) {
			t.Errorf("validate(lease_ttl = %q) = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "federation.lease_ttl" {
				t.Errorf("validate(lease_ttl = %q) fields = %+v, want federation.lease_ttl", tc.in, fs)
			}
			continue
		}
		if got := c.Federation.leaseTTL(); got != tc.want {
			t.Errorf("leaseTTL(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestServeLeaseTTLFromConfig: lease_ttl in liaison.toml reaches the
// federation, and options given in code still win.
func TestServeLeaseTTLFromConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	if err := initNode(dir, "in", "Test node", "127.0.0.1:0", "127.0.0.1:0", "https://127.0.0.1:9", "liaison.db"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, configFile)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(raw), "[federation]\n", "[federation]\n  lease_ttl = \"3s\"\n", 1)
	if edited == string(raw) {
		t.Fatalf("no [federation] table in\n%s", raw)
	}
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		given, want time.Duration
	}{
		{0, 3 * time.Second},
		{time.Second, time.Second},
	} {
		s, err := newServer(dir, serverOptions{Log: io.Discard, Fed: federation.Options{LeaseTTL: tc.given}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.opts.Fed.LeaseTTL; got != tc.want {
			t.Errorf("given %v: federation LeaseTTL = %v, want %v", tc.given, got, tc.want)
		}
		s.Close()
	}
}
