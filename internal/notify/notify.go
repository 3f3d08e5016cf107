// Package notify delivers notices outside the app: e-mail over SMTP and
// webhooks signed with HMAC-SHA256. The node decides who is told and
// stores the notices and webhook items (see node.notify); a [Dispatcher]
// claims what is due, sends it with no transaction open, and records each
// attempt in the delivery log, retrying failures with exponential backoff
// and jitter up to a limit.
//
// # Webhook signatures
//
// Each POST carries the event as JSON and the headers
//
//	X-Liaison-Timestamp: 1763856000
//	X-Liaison-Signature: sha256=HEX
//
// where HEX is the HMAC-SHA256, under the webhook's secret, of the
// timestamp, a full stop and the exact body bytes. A receiver recomputes it
// over the bytes it read (see [Verify]) and refuses a timestamp too far
// from its own clock, so a captured request cannot be replayed later.
package notify

import (
	"context"
	"crypto/tls"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// SMTP is how the dispatcher reaches the mail server.
type SMTP struct {
	Host     string
	Port     int
	From     string
	Username string // "" for no authentication
	Password string
	// RequireTLS refuses to send, or to authenticate, unless the server
	// offers STARTTLS.
	RequireTLS bool
	// TLS, when set, is the configuration for STARTTLS (tests set their
	// own roots); by default the host's name is checked against the
	// system's roots.
	TLS *tls.Config
	// Timeout bounds connecting and each mail sent; defaults to 30
	// seconds.
	Timeout time.Duration
}

// Webhook is where events go and the secret that signs them.
type Webhook struct {
	URL    string
	Secret []byte
}

// Config holds what a Dispatcher needs. Node is required; without SMTP it
// sends no mail (notices wait), without webhooks it posts nothing.
type Config struct {
	Node     *node.Node
	SMTP     *SMTP
	Webhooks []Webhook
	// Client posts webhooks; defaults to a client with a 10-second
	// timeout that follows no redirects.
	Client *http.Client
	// Batch bounds how many mails and how many webhook items one Tick
	// claims; defaults to 100.
	Batch int
	// MaxAttempts bounds the attempts on one webhook item (the node
	// bounds mail by node.MaxMailTries); defaults to 8.
	MaxAttempts int
	// Backoff is the wait after the first failure, doubled after each
	// further one up to MaxBackoff; defaults to 30 seconds and 1 hour.
	Backoff, MaxBackoff time.Duration
	// Rand returns a number in [0, 1) for jitter; defaults to math/rand/v2.
	Rand   func() float64
	Logger *slog.Logger
}

// Dispatcher delivers due notices by e-mail and webhook items by HTTP.
type Dispatcher struct {
	cfg   Config
	hooks map[string][]byte // URL → secret
}

// New returns a dispatcher for cfg.
func New(cfg Config) *Dispatcher {
	if cfg.Client == nil {
		cfg.Client = &http.Client{
			Timeout: 10 * time.Second,
			// A signed event goes to the configured URL or nowhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 100
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 30 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = time.Hour
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Dispatcher{cfg: cfg, hooks: map[string][]byte{}}
	for _, h := range cfg.Webhooks {
		d.hooks[h.URL] = h.Secret
	}
	return d
}

// backoff returns the wait before attempt n+1 after n failed attempts:
// Backoff·2^(n-1), capped at MaxBackoff, of which the second half is
// random (jitter), so that many items failing together do not retry
// together.
func (d *Dispatcher) backoff(n int) time.Duration {
	w := d.cfg.Backoff
	for i := 1; i < n && w < d.cfg.MaxBackoff; i++ {
		w *= 2
	}
	w = min(w, d.cfg.MaxBackoff)
	return w/2 + time.Duration(d.cfg.Rand()*float64(w/2))
}

// Stats counts what one Tick did.
type Stats struct {
	Mails, MailFailures int
	Hooks, HookFailures int
}

// Tick sends what is due now: up to Batch mails, then up to Batch webhook
// items, and records every attempt. It returns the first error of the
// store; failures to deliver are recorded, not returned.
func (d *Dispatcher) Tick(ctx context.Context) (Stats, error) {
	var st Stats
	if d.cfg.SMTP != nil {
		if err := d.mail(ctx, &st); err != nil {
			return st, err
		}
	}
	return st, d.post(ctx, &st)
}

func (d *Dispatcher) mail(ctx context.Context, st *Stats) error {
	mails, err := d.cfg.Node.ClaimMail(ctx, d.cfg.Batch)
	if err != nil || len(mails) == 0 {
		return err
	}
	s := newSession(d.cfg.SMTP)
	defer s.close()
	now := d.cfg.Node.Now()
	var (
		sent     []node.Mail
		outcomes []node.Outcome
	)
	flush := func() error {
		if len(sent) == 0 {
			return nil
		}
		err := d.cfg.Node.RecordMails(ctx, sent, outcomes)
		sent, outcomes = sent[:0], outcomes[:0]
		return err
	}
	for _, m := range mails {
		o := node.Outcome{Status: "250"}
		if err := s.send(ctx, m.To, compose(d.cfg.SMTP, m, now)); err != nil {
			s.close() // a fresh session for the next mail
			tries := 0
			for _, no := range m.Notices {
				tries = max(tries, no.MailTries+1)
			}
			o = node.Outcome{Status: replyCode(err), Err: err, Retry: d.backoff(tries)}
			st.MailFailures++
			d.cfg.Logger.Warn("notify: mail", "to", m.To, "err", err)
		} else {
			st.Mails++
		}
		sent, outcomes = append(sent, m), append(outcomes, o)
		if len(sent) == recordEvery {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// recordEvery is how many mails the dispatcher records per transaction:
// fewer commits, and at most this many mails sent again after a crash
// between sending and recording.
const recordEvery = 16

// workers bounds the webhook posts in flight at once, so that one slow
// receiver does not hold up the others for a whole tick.
const workers = 8

func (d *Dispatcher) post(ctx context.Context, st *Stats) error {
	items, err := d.cfg.Node.ClaimHooks(ctx, d.cfg.Batch)
	if err != nil || len(items) == 0 {
		return err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, workers)
	)
	for _, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			o := d.deliver(ctx, it)
			err := d.cfg.Node.RecordHook(ctx, it, o)
			mu.Lock()
			defer mu.Unlock()
			if o.Err != nil {
				st.HookFailures++
			} else {
				st.Hooks++
			}
			if err != nil && first == nil {
				first = err
			}
		}()
	}
	wg.Wait()
	return first
}

// deliver makes one attempt at a webhook item.
func (d *Dispatcher) deliver(ctx context.Context, it liaison.HookItem) node.Outcome {
	secret, ok := d.hooks[it.Hook]
	if !ok {
		return node.Outcome{Status: "-", Err: errNoHook}
	}
	status, retry, err := d.send(ctx, it.Hook, secret, it)
	o := node.Outcome{Status: status, Err: err}
	if err != nil && retry && it.Attempts+1 < d.cfg.MaxAttempts {
		o.Retry = d.backoff(it.Attempts + 1)
	}
	if err != nil {
		d.cfg.Logger.Warn("notify: webhook", "url", it.Hook, "event", it.EventID, "attempt", it.Attempts+1, "err", err)
	}
	return o
}

// Run calls Tick every interval until ctx ends, in the process that holds
// the lease node.LeaseNotify; holder names this process.
func (d *Dispatcher) Run(ctx context.Context, holder string, interval time.Duration) {
	n := d.cfg.Node
	tick := time.NewTicker(interval)
	defer tick.Stop()
	held := false
	defer func() {
		if held {
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n.Release(rctx, node.LeaseNotify, holder)
		}
	}()
	for {
		ok, err := n.Lease(ctx, node.LeaseNotify, holder, max(3*interval, node.ClaimTTL))
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil:
			d.cfg.Logger.Warn("notify: take lease", "err", err)
		case ok:
			held = true
			if st, err := d.Tick(ctx); err != nil && ctx.Err() == nil {
				d.cfg.Logger.Error("notify: dispatch", "err", err)
			} else if st != (Stats{}) {
				d.cfg.Logger.Info("notify: dispatched", "mails", st.Mails, "mail_failures", st.MailFailures,
					"webhooks", st.Hooks, "webhook_failures", st.HookFailures)
			}
		default:
			held = false
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
