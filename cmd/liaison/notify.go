package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/notify"
)

// NotifyConfig is how the node tells officers of events outside the app:
//
//	[notify]
//	interval = "30s"     # how often the dispatcher looks for due mail and webhooks
//	mail_cap = 12        # single mails per officer per hour; the rest go in the hourly digest
//
//	[notify.smtp]
//	host = "smtp.example.org"
//	port = 587
//	from = "liaison@example.org"
//	username = "liaison"             # optional, with password_file
//	password_file = "smtp.password"  # relative to the node directory
//	require_tls = true               # refuse a server that does not offer STARTTLS
//
//	[[notify.webhook]]
//	url = "https://soc.example.org/hooks/liaison"
//	secret_file = "webhook.secret"
//	events = ["request.*", "approval.pending"]   # none: every event
type NotifyConfig struct {
	Interval string          `toml:"interval,omitempty"`
	MailCap  int             `toml:"mail_cap,omitzero"`
	SMTP     *SMTPConfig     `toml:"smtp,omitempty"`
	Webhooks []WebhookConfig `toml:"webhook,omitempty"`
}

// SMTPConfig is the mail server notices go through.
type SMTPConfig struct {
	Host         string `toml:"host"`
	Port         int    `toml:"port,omitzero"`
	From         string `toml:"from"`
	Username     string `toml:"username,omitempty"`
	PasswordFile string `toml:"password_file,omitempty"`
	RequireTLS   bool   `toml:"require_tls,omitempty"`
}

// WebhookConfig is one receiver of signed events.
type WebhookConfig struct {
	URL        string   `toml:"url"`
	SecretFile string   `toml:"secret_file"`
	Events     []string `toml:"events,omitempty"`
}

// maxWebhooks bounds the webhooks a node posts to.
const maxWebhooks = 32

var eventPattern = regexp.MustCompile(`^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$`)

func (n *NotifyConfig) interval() time.Duration {
	if n == nil {
		return 30 * time.Second
	}
	d, err := time.ParseDuration(n.Interval) // validated by Config.validate
	if err != nil || d <= 0 {
		return 30 * time.Second
	}
	return d
}

// validate adds the problems of the [notify] tables to f.
func (n *NotifyConfig) validate(f *liaison.Fields) {
	if n == nil {
		return
	}
	if n.Interval != "" {
		if d, err := time.ParseDuration(n.Interval); err != nil || d < time.Second || d > time.Hour {
			f.Add("notify.interval", "must be a duration from 1s to 1h, e.g. \"30s\"")
		}
	}
	if n.MailCap < 0 || n.MailCap > 1000 {
		f.Add("notify.mail_cap", "must be from 1 to 1000 (0 for the default, 12)")
	}
	if s := n.SMTP; s != nil {
		if s.Host == "" || strings.ContainsAny(s.Host, " \r\n/:") {
			f.Add("notify.smtp.host", "required: a host name or address, without port")
		}
		if s.Port < 0 || s.Port > 65535 {
			f.Add("notify.smtp.port", "must be from 1 to 65535 (0 for 587)")
		}
		if a, err := mail.ParseAddress(s.From); err != nil || a.Name != "" || strings.ContainsAny(s.From, "\r\n") {
			f.Add("notify.smtp.from", "required: a plain address such as liaison@example.org")
		}
		if (s.Username == "") != (s.PasswordFile == "") {
			f.Add("notify.smtp.username", "username and password_file go together")
		}
		if s.Username != "" && !s.RequireTLS && !loopback(net.JoinHostPort(s.Host, "25")) {
			f.Add("notify.smtp.require_tls", "must be true when a password is sent to a server not on loopback")
		}
	}
	if len(n.Webhooks) > maxWebhooks {
		f.Add("notify.webhook", fmt.Sprintf("at most %d webhooks", maxWebhooks))
	}
	seen := map[string]bool{}
	for i, w := range n.Webhooks {
		key := fmt.Sprintf("notify.webhook[%d]", i)
		u, err := url.Parse(w.URL)
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || len(w.URL) > 2000:
			f.Add(key+".url", "must be an https:// URL without credentials")
		case u.Scheme == "http" && !loopback(hostPort(u)):
			f.Add(key+".url", "plain http:// is allowed to a loopback address only")
		case seen[w.URL]:
			f.Add(key+".url", "listed twice")
		}
		seen[w.URL] = true
		if w.SecretFile == "" {
			f.Add(key+".secret_file", "required: a file holding the shared secret (at least 16 bytes)")
		}
		for j, e := range w.Events {
			if !eventPattern.MatchString(e) {
				f.Add(fmt.Sprintf("%s.events[%d]", key, j), "not an event kind such as request.overdue or request.*")
			}
		}
	}
}

func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	return net.JoinHostPort(u.Hostname(), "80")
}

// nodeConfig is what the node needs to queue webhook items.
func (n *NotifyConfig) nodeConfig() node.NotifyConfig {
	if n == nil {
		return node.NotifyConfig{}
	}
	c := node.NotifyConfig{MailCap: n.MailCap}
	for _, w := range n.Webhooks {
		c.Hooks = append(c.Hooks, node.Hook{URL: w.URL, Events: w.Events})
	}
	return c
}

// dispatcher builds the dispatcher of the node in dir, reading the
// secrets from their files, or returns nil when nothing is configured.
func (n *NotifyConfig) dispatcher(dir string, nd *node.Node, log *slog.Logger) (*notify.Dispatcher, error) {
	if n == nil || (n.SMTP == nil && len(n.Webhooks) == 0) {
		return nil, nil
	}
	cfg := notify.Config{Node: nd, Logger: log}
	if s := n.SMTP; s != nil {
		port := s.Port
		if port == 0 {
			port = 587
		}
		cfg.SMTP = &notify.SMTP{Host: s.Host, Port: port, From: s.From, Username: s.Username, RequireTLS: s.RequireTLS}
		if s.PasswordFile != "" {
			pw, err := readSecret(dir, s.PasswordFile, 1)
			if err != nil {
				return nil, fmt.Errorf("notify.smtp.password_file: %w", err)
			}
			cfg.SMTP.Password = string(pw)
		}
	}
	for i, w := range n.Webhooks {
		secret, err := readSecret(dir, w.SecretFile, 16)
		if err != nil {
			return nil, fmt.Errorf("notify.webhook[%d].secret_file: %w", i, err)
		}
		cfg.Webhooks = append(cfg.Webhooks, notify.Webhook{URL: w.URL, Secret: secret})
	}
	return notify.New(cfg), nil
}

// readSecret reads a secret file (relative to dir), without the line end.
func readSecret(dir, name string, min int) ([]byte, error) {
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.Size() > 4096 {
		return nil, fmt.Errorf("%s: larger than 4 KiB", name)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	b = []byte(strings.TrimRight(string(b), "\r\n"))
	if len(b) < min {
		return nil, fmt.Errorf("%s: shorter than %s bytes", name, strconv.Itoa(min))
	}
	return b, nil
}
