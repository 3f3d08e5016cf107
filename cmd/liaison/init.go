package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-project/liaison/examples/policies"
	"github.com/liaison-project/liaison/internal/federation"
)

func runInit(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "init", "--dir DIR --party CODE --name NAME [--api ADDR] [--api-tls-cert FILE --api-tls-key FILE] [--federation ADDR] [--federation-url URL] [--store DSN] [--policies example|none]",
		"Create a node in DIR: an Ed25519 signing key, an HPKE MLKEM768-X25519 key pair and a\nself-signed TLS certificate (private keys mode 0600), the configuration file, the store, and\nDIR/policies with the party's example rules (Cedar files) where the project ships them.")
	dir := fs.String("dir", "", "the node's directory (created if missing; must not hold a node)")
	party := fs.String("party", "", "this node's party code, e.g. in or ca")
	name := fs.String("name", "", "this node's name, e.g. \"India NCB liaison node\"")
	apiAddr := fs.String("api", "127.0.0.1:8080", "officers' API listen address")
	fedAddr := fs.String("federation", "127.0.0.1:9443", "federation listen address")
	fedURL := fs.String("federation-url", "", "URL peers use to reach this node (default https://ADDR of --federation)")
	store := fs.String("store", "liaison.db", "SQLite file in DIR, or a postgres:// DSN")
	tlsCert := fs.String("api-tls-cert", "", "TLS certificate (PEM) of the officers' API, needed when --api is not loopback (api.tls_cert)")
	tlsKey := fs.String("api-tls-key", "", "the certificate's private key (PEM) (api.tls_key)")
	rules := fs.String("policies", "example", "the party's own rules to start with in DIR/policies: example (the project's example rules for in and ca, to review) or none")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir, "party", *party, "name", *name); err != nil {
		return err
	}
	if *rules != "example" && *rules != "none" {
		fmt.Fprintf(fs.Output(), "liaison init: --policies must be example or none, not %q\n", *rules)
		fs.Usage()
		return errUsage
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		fmt.Fprintf(fs.Output(), "liaison init: --api-tls-cert and --api-tls-key go together\n")
		fs.Usage()
		return errUsage
	}
	api := APIConfig{Addr: *apiAddr}
	if *tlsCert != "" {
		var err error
		if api.TLSCert, api.TLSKey, err = apiTLSFiles(*tlsCert, *tlsKey); err != nil {
			return err
		}
	}
	if err := createNode(*dir, newConfig(*party, *name, api, *fedAddr, *fedURL, *store), *rules == "example"); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "initialised node %s (%s) in %s\n", *party, *name, *dir)
	return nil
}

// initNode creates a node directory. It refuses a directory that already
// holds a node, so keys are never overwritten.
func initNode(dir, party, name, apiAddr, fedAddr, fedURL, store string) error {
	return createNode(dir, newConfig(party, name, APIConfig{Addr: apiAddr}, fedAddr, fedURL, store), true)
}

// newConfig is the configuration init writes.
func newConfig(party, name string, api APIConfig, fedAddr, fedURL, store string) *Config {
	if fedURL == "" {
		fedURL = "https://" + fedAddr
	}
	return &Config{
		Party: party, Name: name, Store: store,
		API:        api,
		Federation: FederationConfig{Addr: fedAddr, URL: fedURL},
		Log:        LogConfig{Level: "info"},
	}
}

// apiTLSFiles checks that cert and key make a TLS key pair now rather than
// when serve starts, and returns them as absolute paths: serve may run
// from another directory.
func apiTLSFiles(cert, key string) (string, string, error) {
	if _, err := tls.LoadX509KeyPair(cert, key); err != nil {
		return "", "", fmt.Errorf("--api-tls-cert, --api-tls-key: %w", err)
	}
	cert, err := filepath.Abs(cert)
	if err != nil {
		return "", "", err
	}
	key, err = filepath.Abs(key)
	return cert, key, err
}

// createNode creates dir holding a node with configuration cfg.
func createNode(dir string, cfg *Config, examples bool) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, configFile)); err == nil {
		return fmt.Errorf("%s already holds a node; choose another --dir", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// The store first: a PostgreSQL DSN that does not work fails here,
	// before any key is made. Opening applies the migrations.
	s, err := openStore(context.Background(), cfg, dir)
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	if err := s.Close(); err != nil {
		return err
	}
	keys, err := federation.GenerateKeys(cfg.Party, cfg.Name, certHosts(cfg.Federation.Addr, cfg.Federation.URL))
	if err != nil {
		return fmt.Errorf("generate keys: %w", err)
	}
	if err := keys.Save(dir); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	if _, err := installPolicies(dir, cfg.Party, examples); err != nil {
		return fmt.Errorf("install policies: %w", err)
	}
	return cfg.write(dir)
}

// certHosts lists the names the TLS certificate should carry. Peers pin
// the certificate's fingerprint, so the names matter only to tools that
// look at them.
func certHosts(addr, rawURL string) []string {
	var hosts []string
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	if h, ok := strings.CutPrefix(rawURL, "https://"); ok {
		h, _, _ = strings.Cut(h, "/")
		if host, _, err := net.SplitHostPort(h); err == nil {
			h = host
		}
		hosts = append(hosts, h)
	}
	return hosts
}

// policyDir is the directory, in a node's directory, of the party's own
// rules as Cedar policy files.
const policyDir = "policies"

// installPolicies creates the node's policy directory and, when the
// project ships example rules for party (examples/policies), copies them
// there for the administrators to review and edit. It returns how many
// files it copied.
func installPolicies(dir, party string, examples bool) (int, error) {
	pdir := filepath.Join(dir, policyDir)
	if err := os.MkdirAll(pdir, 0o700); err != nil {
		return 0, err
	}
	if !examples {
		return 0, nil
	}
	entries, err := fs.ReadDir(policies.FS, party)
	if err != nil {
		return 0, nil // no example rules for this party
	}
	n := 0
	for _, e := range entries {
		data, err := fs.ReadFile(policies.FS, party+"/"+e.Name())
		if err != nil {
			return n, err
		}
		if err := os.WriteFile(filepath.Join(pdir, e.Name()), data, 0o600); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
