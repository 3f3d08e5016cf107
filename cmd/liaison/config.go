package main

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/liaison-project/liaison"
)

// configFile is the name of a node's configuration inside its directory.
const configFile = "liaison.toml"

// Config is a node's configuration, parsed once here and passed down.
type Config struct {
	Party string `toml:"party"`
	Name  string `toml:"name"`
	// Store is the SQLite file (relative to the node directory) or, later,
	// a postgres:// DSN.
	Store      string           `toml:"store"`
	API        APIConfig        `toml:"api"`
	Federation FederationConfig `toml:"federation"`
	Log        LogConfig        `toml:"log"`
	Retention  RetentionConfig  `toml:"retention,omitempty"`
	Policy     PolicyConfig     `toml:"policy,omitempty"`
	Notify     *NotifyConfig    `toml:"notify,omitempty"`
}

// PolicyConfig tunes how the party's own rules, the Cedar files in the
// node's policies directory, are kept current.
type PolicyConfig struct {
	// ReloadInterval is how often serve looks for changed policy files,
	// as a Go duration from 1s to 1h (default "5s").
	ReloadInterval string `toml:"reload_interval,omitempty"`
}

func (p PolicyConfig) reloadInterval() time.Duration {
	d, err := time.ParseDuration(p.ReloadInterval) // validated by Config.validate
	if err != nil || d <= 0 {
		return 5 * time.Second
	}
	return d
}

// RetentionConfig tunes the purge job that enforces retention dates.
type RetentionConfig struct {
	// PurgeInterval is how often one serve process purges the content
	// whose retention has passed, as a Go duration from 1m to 24h
	// (default "1h").
	PurgeInterval string `toml:"purge_interval,omitempty"`
}

// purgeInterval returns the configured interval, or the default.
func (r RetentionConfig) purgeInterval() time.Duration {
	d, err := time.ParseDuration(r.PurgeInterval) // validated by Config.validate
	if err != nil || d <= 0 {
		return time.Hour
	}
	return d
}

// APIConfig is the officer-facing listener.
type APIConfig struct {
	Addr    string `toml:"addr"`
	TLSCert string `toml:"tls_cert"`
	TLSKey  string `toml:"tls_key"`
	// TokenAuditInterval is how often an officer's use of an API token
	// is audited, as a Go duration from 1m to 24h (default "1h"): the
	// first request in each interval appends "auth.token", so tools show
	// in the audit log without an entry per request.
	TokenAuditInterval string `toml:"token_audit_interval,omitempty"`
}

// tokenAuditInterval returns the configured interval, or 0 for the default.
func (a APIConfig) tokenAuditInterval() time.Duration {
	d, _ := time.ParseDuration(a.TokenAuditInterval) // validated by Config.validate
	return d
}

// FederationConfig is the peer-facing listener and the URL peers use.
type FederationConfig struct {
	Addr string `toml:"addr"`
	URL  string `toml:"url"`
	// BackoffMax caps the wait between failed pushes to a peer, as a Go
	// duration from 100ms to 24h (default "30s"). The wait starts at 200ms
	// and doubles after each failure; a lower cap brings a link back
	// sooner after an outage, at the cost of more attempts while it lasts.
	BackoffMax string `toml:"backoff_max,omitempty"`
	// LeaseTTL is how long one of several serve processes on a PostgreSQL
	// store keeps a peer link after its last renewal, as a Go duration from
	// 1s to 5m (default "6s"). Another process takes the link over within
	// about that time after the holder dies; a shorter lease means a faster
	// takeover and more renewals.
	LeaseTTL string `toml:"lease_ttl,omitempty"`
}

// backoffMax returns the configured cap, or 0 for the default.
func (f FederationConfig) backoffMax() time.Duration {
	d, _ := time.ParseDuration(f.BackoffMax) // validated by Config.validate
	return d
}

// leaseTTL returns the configured lease time, or 0 for the default.
func (f FederationConfig) leaseTTL() time.Duration {
	d, _ := time.ParseDuration(f.LeaseTTL) // validated by Config.validate
	return d
}

// LogConfig sets the log level: debug, info, warn or error.
type LogConfig struct {
	Level string `toml:"level"`
}

// loadConfig reads and validates dir's configuration.
func loadConfig(dir string) (*Config, error) {
	path := filepath.Join(dir, configFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no node here; run liaison init --dir %s first", path, dir)
		}
		return nil, err
	}
	if len(raw) > 64<<10 {
		return nil, fmt.Errorf("%s: larger than 64 KiB", path)
	}
	var c Config
	md, err := toml.NewDecoder(bytes.NewReader(raw)).Decode(&c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s", path, und[0])
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// validate checks every field and names the first one that is wrong.
func (c *Config) validate() error {
	var f liaison.Fields
	if !liaison.ValidParty(c.Party) {
		f.Add("party", "must be 2 to 8 lower-case letters, e.g. in or ca")
	}
	if strings.TrimSpace(c.Name) == "" || len(c.Name) > 200 {
		f.Add("name", "required, at most 200 bytes")
	}
	if c.Store == "" {
		f.Add("store", "required: a SQLite file name or a postgres:// DSN")
	}
	if _, _, err := net.SplitHostPort(c.API.Addr); err != nil {
		f.Add("api.addr", "must be host:port: "+err.Error())
	} else if (c.API.TLSCert == "") != (c.API.TLSKey == "") {
		f.Add("api.tls_cert", "tls_cert and tls_key go together")
	} else if c.API.TLSCert == "" && !loopback(c.API.Addr) {
		f.Add("api.addr", "plain HTTP is allowed on a loopback address only; set api.tls_cert and api.tls_key to listen on "+c.API.Addr)
	}
	if _, _, err := net.SplitHostPort(c.Federation.Addr); err != nil {
		f.Add("federation.addr", "must be host:port: "+err.Error())
	}
	if u, err := url.Parse(c.Federation.URL); err != nil || u.Scheme != "https" || u.Host == "" {
		f.Add("federation.url", "must be an https:// URL that peers can reach")
	}
	if c.API.TokenAuditInterval != "" {
		if d, err := time.ParseDuration(c.API.TokenAuditInterval); err != nil || d < time.Minute || d > 24*time.Hour {
			f.Add("api.token_audit_interval", "must be a duration from 1m to 24h, e.g. \"1h\"")
		}
	}
	if c.Federation.BackoffMax != "" {
		if d, err := time.ParseDuration(c.Federation.BackoffMax); err != nil || d < 100*time.Millisecond || d > 24*time.Hour {
			f.Add("federation.backoff_max", "must be a duration from 100ms to 24h, e.g. \"30s\" or \"2m\"")
		}
	}
	if c.Federation.LeaseTTL != "" {
		if d, err := time.ParseDuration(c.Federation.LeaseTTL); err != nil || d < time.Second || d > 5*time.Minute {
			f.Add("federation.lease_ttl", "must be a duration from 1s to 5m, e.g. \"6s\"")
		}
	}
	if c.Policy.ReloadInterval != "" {
		if d, err := time.ParseDuration(c.Policy.ReloadInterval); err != nil || d < time.Second || d > time.Hour {
			f.Add("policy.reload_interval", "must be a duration from 1s to 1h, e.g. \"5s\"")
		}
	}
	if c.Retention.PurgeInterval != "" {
		if d, err := time.ParseDuration(c.Retention.PurgeInterval); err != nil || d < time.Minute || d > 24*time.Hour {
			f.Add("retention.purge_interval", "must be a duration from 1m to 24h, e.g. \"1h\"")
		}
	}
	c.Notify.validate(&f)
	switch c.Log.Level {
	case "", "debug", "info", "warn", "error":
	default:
		f.Add("log.level", "unknown level "+c.Log.Level, "debug", "info", "warn", "error")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return nil
}

// storePath returns the SQLite file of the node in dir.
func (c *Config) storePath(dir string) string {
	if filepath.IsAbs(c.Store) {
		return c.Store
	}
	return filepath.Join(dir, c.Store)
}

// write saves c into dir, refusing to overwrite an existing node.
func (c *Config) write(dir string) error {
	var b bytes.Buffer
	b.WriteString("# Liaison node configuration. Edit, then restart liaison serve.\n")
	if err := toml.NewEncoder(&b).Encode(c); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, configFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loopback reports whether addr's host is a loopback address or localhost.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
