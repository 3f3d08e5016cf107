package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/liaison-project/liaison"
)

func TestConfigNotify(t *testing.T) {
	smtp := func(mod func(*SMTPConfig)) NotifyConfig {
		s := &SMTPConfig{Host: "smtp.example.org", Port: 587, From: "liaison@example.org", Username: "u", PasswordFile: "pw", RequireTLS: true}
		mod(s)
		return NotifyConfig{SMTP: s}
	}
	hook := func(url string, events ...string) NotifyConfig {
		return NotifyConfig{Webhooks: []WebhookConfig{{URL: url, SecretFile: "hook.secret", Events: events}}}
	}
	for _, tc := range []struct {
		name  string
		n     NotifyConfig
		field string // "" for valid
	}{
		{"OK", NotifyConfig{}, ""},
		{"OKFull", smtp(func(*SMTPConfig) {}), ""},
		{"OKLoopbackPlain", smtp(func(s *SMTPConfig) { s.Host, s.RequireTLS = "127.0.0.1", false }), ""},
		{"OKHook", hook("https://soc.example.org/hook", "request.*", "approval.pending", "*"), ""},
		{"OKHookLoopbackHTTP", hook("http://127.0.0.1:9000/hook"), ""},
		{"ErrInterval", NotifyConfig{Interval: "10ms"}, "notify.interval"},
		{"ErrMailCap", NotifyConfig{MailCap: -1}, "notify.mail_cap"},
		{"ErrHost", smtp(func(s *SMTPConfig) { s.Host = "smtp.example.org:25" }), "notify.smtp.host"},
		{"ErrPort", smtp(func(s *SMTPConfig) { s.Port = 70000 }), "notify.smtp.port"},
		{"ErrFrom", smtp(func(s *SMTPConfig) { s.From = "Liaison <liaison@example.org>" }), "notify.smtp.from"},
		{"ErrFromInjection", smtp(func(s *SMTPConfig) { s.From = "a@example.org\r\nBcc: x@y" }), "notify.smtp.from"},
		{"ErrUsernameAlone", smtp(func(s *SMTPConfig) { s.PasswordFile = "" }), "notify.smtp.username"},
		{"ErrPasswordInClear", smtp(func(s *SMTPConfig) { s.RequireTLS = false }), "notify.smtp.require_tls"},
		{"ErrHookScheme", hook("ftp://soc.example.org/"), "notify.webhook[0].url"},
		{"ErrHookHTTP", hook("http://soc.example.org/hook"), "notify.webhook[0].url"},
		{"ErrHookCredentials", hook("https://u:p@soc.example.org/hook"), "notify.webhook[0].url"},
		{"ErrHookEvent", hook("https://soc.example.org/hook", "Request Overdue"), "notify.webhook[0].events[0]"},
		{"ErrHookSecret", NotifyConfig{Webhooks: []WebhookConfig{{URL: "https://soc.example.org/hook"}}}, "notify.webhook[0].secret_file"},
		{"ErrHookTwice", NotifyConfig{Webhooks: []WebhookConfig{{URL: "https://a.example/h", SecretFile: "s"}, {URL: "https://a.example/h", SecretFile: "s"}}}, "notify.webhook[1].url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Config{Party: "in", Name: "n", Store: "liaison.db",
				API:        APIConfig{Addr: "127.0.0.1:8080"},
				Federation: FederationConfig{Addr: "127.0.0.1:9443", URL: "https://127.0.0.1:9443"}, Notify: &tc.n}
			err := c.validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("validate = %v, want nil", err)
				}
				return
			}
			if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != tc.field {
				t.Errorf("validate fields = %+v, want one on %s", fs, tc.field)
			}
		})
	}
}

// TestConfigNotifyTOML reads the [notify] tables as an operator writes
// them, and builds the dispatcher from the secret files.
func TestConfigNotifyTOML(t *testing.T) {
	const text = `
[notify]
interval = "10s"
mail_cap = 5

[notify.smtp]
host = "127.0.0.1"
port = 2525
from = "liaison@in.example"
username = "liaison"
password_file = "smtp.password"

[[notify.webhook]]
url = "https://soc.example.org/hook"
secret_file = "hook.secret"
events = ["request.*"]
`
	var c Config
	md, err := toml.Decode(text, &c)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("undecoded keys %v", und)
	}
	var f liaison.Fields
	c.Notify.validate(&f)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	if c.Notify.interval().String() != "10s" || c.Notify.SMTP.Port != 2525 || c.Notify.Webhooks[0].Events[0] != "request.*" {
		t.Errorf("parsed %+v", c.Notify)
	}
	nc := c.Notify.nodeConfig()
	if nc.MailCap != 5 || len(nc.Hooks) != 1 || !nc.Hooks[0].Wants("request.overdue") || nc.Hooks[0].Wants("approval.pending") {
		t.Errorf("node config %+v", nc)
	}
	dir := t.TempDir()
	if _, err := c.Notify.dispatcher(dir, nil, nil); err == nil || !strings.Contains(err.Error(), "notify.smtp.password_file") {
		t.Errorf("dispatcher without the password file = %v, want an error naming the key", err)
	}
	os.WriteFile(filepath.Join(dir, "smtp.password"), []byte("pw\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "hook.secret"), []byte("short\n"), 0o600)
	if _, err := c.Notify.dispatcher(dir, nil, nil); err == nil || !strings.Contains(err.Error(), "notify.webhook[0].secret_file") {
		t.Errorf("dispatcher with a short secret = %v, want an error naming the key", err)
	}
	os.WriteFile(filepath.Join(dir, "hook.secret"), []byte("0123456789abcdef0123\n"), 0o600)
	if d, err := c.Notify.dispatcher(dir, nil, nil); err != nil || d == nil {
		t.Errorf("dispatcher = %v, %v", d, err)
	}
}
