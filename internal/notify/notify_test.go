package notify_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/notify"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// clock is the node's injected clock; tests move it, nothing sleeps.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	node  *node.Node
	clock *clock
	store *sqlite.Store
}

func newFixture(tb testing.TB, cfg node.NotifyConfig) *fixture {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "in.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	c := &clock{t: time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC)}
	n, err := node.New(node.Config{Party: "in", Name: "in node", Store: st, Now: c.Now})
	if err != nil {
		tb.Fatal(err)
	}
	n.SetNotify(cfg)
	return &fixture{node: n, clock: c, store: st}
}

// officer adds an officer with an address and the given e-mail digest
// ("" for no e-mail).
func (f *fixture) officer(tb testing.TB, name string, digest liaison.Digest) *liaison.Officer {
	tb.Helper()
	ctx := context.Background()
	o, _, err := f.node.AddOfficer(ctx, liaison.Officer{Name: name, Agency: "ncb", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, "")
	if err != nil {
		tb.Fatal(err)
	}
	if digest == "" {
		return o
	}
	if err := f.node.SetAddress(ctx, o.ID, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.org"); err != nil {
		tb.Fatal(err)
	}
	if _, err := f.node.SetSubscription(ctx, o, liaison.Subscription{Email: true, Digest: digest}); err != nil {
		tb.Fatal(err)
	}
	return o
}

func (f *fixture) tell(tb testing.TB, id, kind string, officers ...*liaison.Officer) {
	tb.Helper()
	ids := make([]string, len(officers))
	for i, o := range officers {
		ids[i] = o.ID
	}
	err := f.node.Notify(context.Background(), liaison.Event{ID: id, Kind: kind, Object: "r-" + id, CaseID: "c-1",
		Area: liaison.AreaDrugs, Priority: liaison.PriorityUrgent, Officers: ids, Text: "Request r-" + id + " (urgent, drugs) is due in 4 hours"})
	if err != nil {
		tb.Fatal(err)
	}
}

func tick(tb testing.TB, d *notify.Dispatcher) notify.Stats {
	tb.Helper()
	st, err := d.Tick(context.Background())
	if err != nil {
		tb.Fatalf("Tick: %v", err)
	}
	return st
}

func deliveries(tb testing.TB, f *fixture, channel string) []liaison.NotifyDelivery {
	tb.Helper()
	admin := &liaison.Officer{ID: "admin", Party: "in", Role: liaison.RoleAdmin}
	ds, _, err := f.node.NotifyDeliveries(context.Background(), admin, liaison.NotifyDeliveryFilter{Channel: channel, Limit: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func smtpConfig(s *smtpd) *notify.SMTP {
	return &notify.SMTP{Host: "127.0.0.1", Port: s.port(), From: "liaison@in.example", Timeout: 5 * time.Second}
}

func TestMailAndDigest(t *testing.T) {
	srv := startSMTP(t, nil)
	f := newFixture(t, node.NotifyConfig{})
	now, hourly, none := f.officer(t, "Asha Rao", liaison.DigestNone), f.officer(t, "Ben Gill", liaison.DigestHourly), f.officer(t, "Chen Li", "")
	d := notify.New(notify.Config{Node: f.node, SMTP: smtpConfig(srv), Rand: func() float64 { return 0.5 }})
	for i := range 3 {
		f.tell(t, fmt.Sprint("e", i), "request.reminder", now, hourly, none)
	}
	if st := tick(t, d); st.Mails != 3 || st.MailFailures != 0 {
		t.Fatalf("first tick = %+v, want 3 mails (one per notice for Asha)", st)
	}
	got := srv.mails()
	for _, m := range got {
		if m.To != "asha.rao@example.org" || m.From != "liaison@in.example" {
			t.Errorf("mail from %s to %s, want liaison@in.example to asha.rao@example.org", m.From, m.To)
		}
	}
	if !strings.Contains(got[0].Data, "Subject: [Liaison] Request r-e0 (urgent, drugs) is due in 4 hours\r\n") ||
		!strings.Contains(got[0].Data, "request.reminder r-e0 (case c-1)") {
		t.Errorf("mail =\n%s", got[0].Data)
	}
	if st := tick(t, d); st != (notify.Stats{}) {
		t.Errorf("second tick = %+v, want nothing: each notice mailed once", st)
	}
	// The hourly digest is due at the top of the hour: 11:00.
	f.clock.Add(44 * time.Minute)
	if st := tick(t, d); st.Mails != 0 {
		t.Errorf("tick at 10:59 = %+v, want no digest yet", st)
	}
	f.clock.Add(time.Minute)
	if st := tick(t, d); st.Mails != 1 {
		t.Fatalf("tick at 11:00 = %+v, want one digest", st)
	}
	got = srv.mails()
	dg := got[len(got)-1]
	if dg.To != "ben.gill@example.org" || !strings.Contains(dg.Data, "Subject: [Liaison] 3 notices") ||
		strings.Count(dg.Data, "request.reminder r-e") != 3 {
		t.Errorf("digest to %s =\n%s", dg.To, dg.Data)
	}
	log := deliveries(t, f, liaison.ChannelEmail)
	if len(log) != 4 || !log[0].Digest || !log[0].OK || log[0].Status != "250" || log[0].Officer != hourly.ID {
		t.Errorf("delivery log = %+v, want 4 with the digest newest", log)
	}
}

func TestMailCap(t *testing.T) {
	srv := startSMTP(t, nil)
	f := newFixture(t, node.NotifyConfig{MailCap: 2})
	o := f.officer(t, "Asha Rao", liaison.DigestNone)
	d := notify.New(notify.Config{Node: f.node, SMTP: smtpConfig(srv)})
	for i := range 5 {
		f.tell(t, fmt.Sprint("e", i), "request.overdue", o)
	}
	if st := tick(t, d); st.Mails != 2 {
		t.Fatalf("tick = %+v, want 2 mails: the cap", st)
	}
	f.clock.Add(10 * time.Minute)
	f.tell(t, "e5", "request.overdue", o)
	if st := tick(t, d); st.Mails != 0 {
		t.Errorf("tick past the cap = %+v, want none", st)
	}
	f.clock.Add(35 * time.Minute) // 11:00
	if st := tick(t, d); st.Mails != 1 {
		t.Fatalf("tick at the hour = %+v, want one digest of the rest", st)
	}
	got := srv.mails()
	if n := len(got); n != 3 || !strings.Contains(got[2].Data, "[Liaison] 4 notices") {
		t.Errorf("mails = %d, last:\n%s", n, got[n-1].Data)
	}
}

func TestMailRetry(t *testing.T) {
	srv := startSMTP(t, nil)
	srv.fail = 1
	f := newFixture(t, node.NotifyConfig{})
	o := f.officer(t, "Asha Rao", liaison.DigestNone)
	d := notify.New(notify.Config{Node: f.node, SMTP: smtpConfig(srv), Backoff: time.Minute, Rand: func() float64 { return 0 }})
	f.tell(t, "e0", "request.overdue", o)
	if st := tick(t, d); st.MailFailures != 1 {
		t.Fatalf("tick = %+v, want one failure (451)", st)
	}
	if st := tick(t, d); st != (notify.Stats{}) {
		t.Errorf("tick before the backoff = %+v, want nothing", st)
	}
	f.clock.Add(30 * time.Second) // half the backoff, with no jitter
	if st := tick(t, d); st.Mails != 1 {
		t.Errorf("tick after the backoff = %+v, want the mail", st)
	}
	log := deliveries(t, f, liaison.ChannelEmail)
	if len(log) != 2 || log[1].OK || log[1].Status != "451" || !log[0].OK || log[0].Attempt != 2 {
		t.Errorf("delivery log = %+v, want a 451 then a success at attempt 2", log)
	}
}

func TestMailTLS(t *testing.T) {
	server, client := selfSigned(t)
	srv := startSMTP(t, server)
	f := newFixture(t, node.NotifyConfig{})
	o := f.officer(t, "Asha Rao", liaison.DigestNone)
	cfg := smtpConfig(srv)
	cfg.TLS, cfg.RequireTLS = client, true
	d := notify.New(notify.Config{Node: f.node, SMTP: cfg})
	f.tell(t, "e0", "request.overdue", o)
	if st := tick(t, d); st.Mails != 1 {
		t.Fatalf("tick = %+v", st)
	}
	if m := srv.mails(); len(m) != 1 || !m[0].TLS {
		t.Errorf("mail over STARTTLS: %+v", m)
	}

	plain := startSMTP(t, nil)
	cfg = smtpConfig(plain)
	cfg.RequireTLS = true
	d = notify.New(notify.Config{Node: f.node, SMTP: cfg})
	f.tell(t, "e1", "request.overdue", o)
	if st := tick(t, d); st.MailFailures != 1 || len(plain.mails()) != 0 {
		t.Errorf("require_tls to a server without STARTTLS: %+v, %d mails; want a failure and none", st, len(plain.mails()))
	}
	if log := deliveries(t, f, liaison.ChannelEmail); !strings.Contains(log[0].Error, "STARTTLS") {
		t.Errorf("log = %+v, want the reason", log[0])
	}
}

// hookServer verifies each request as a receiver should and answers 503
// to the first fail ones.
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	fail   int
	bodies []string
	errs   []error
}

func startHookB(tb testing.TB, secret []byte, c *clock) *hookServer {
	return startHook(tb, secret, c, 0)
}

func startHook(t testing.TB, secret []byte, c *clock, fail int) *hookServer {
	h := &hookServer{fail: fail}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := notify.Verify(secret, r.Header.Get(notify.HeaderSignature), r.Header.Get(notify.HeaderTimestamp), body, c.Now(), 5*time.Minute)
		h.mu.Lock()
		defer h.mu.Unlock()
		if err != nil {
			h.errs = append(h.errs, err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if h.fail > 0 {
			h.fail--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		h.bodies = append(h.bodies, r.Header.Get(notify.HeaderEvent)+" "+string(body))
	}))
	t.Cleanup(h.Close)
	return h
}

func TestWebhook(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	f := newFixture(t, node.NotifyConfig{})
	h := startHook(t, secret, f.clock, 2)
	only := startHook(t, secret, f.clock, 0)
	f.node.SetNotify(node.NotifyConfig{Hooks: []node.Hook{{URL: h.URL}, {URL: only.URL, Events: []string{"approval.*"}}}})
	d := notify.New(notify.Config{Node: f.node, Webhooks: []notify.Webhook{{URL: h.URL, Secret: secret}, {URL: only.URL, Secret: secret}},
		Backoff: time.Minute, Rand: func() float64 { return 1 }})
	o := f.officer(t, "Asha Rao", "")
	f.tell(t, "e0", "request.overdue", o)
	f.tell(t, "e0", "request.overdue", o) // told twice: one item
	if st := tick(t, d); st.HookFailures != 1 || st.Hooks != 0 {
		t.Fatalf("tick 1 = %+v, want one failure (503)", st)
	}
	f.clock.Add(59 * time.Second)
	if st := tick(t, d); st != (notify.Stats{}) {
		t.Errorf("tick before the backoff = %+v, want nothing", st)
	}
	f.clock.Add(time.Second) // 1 minute: the first backoff
	if st := tick(t, d); st.HookFailures != 1 {
		t.Fatalf("tick 2 = %+v, want the second failure", st)
	}
	f.clock.Add(2 * time.Minute) // doubled
	if st := tick(t, d); st.Hooks != 1 {
		t.Fatalf("tick 3 = %+v, want delivery", st)
	}
	if len(h.errs) != 0 {
		t.Errorf("the receiver refused signatures: %v", h.errs)
	}
	if len(h.bodies) != 1 || !strings.HasPrefix(h.bodies[0], `request.overdue {"party":"in","id":"e0","kind":"request.overdue"`) {
		t.Errorf("received %q", h.bodies)
	}
	if len(only.bodies) != 0 {
		t.Errorf("the approval.* webhook received %q", only.bodies)
	}
	log := deliveries(t, f, liaison.ChannelWebhook)
	if len(log) != 3 || !log[0].OK || log[0].Attempt != 3 || log[1].Status != "503" || log[2].Attempt != 1 {
		t.Errorf("delivery log = %+v, want 503, 503, 200 at attempts 1-3", log)
	}
	// A receiver refuses a tampered body or an old timestamp.
	ts := f.clock.Now().Unix()
	sig := notify.Sign(secret, ts, []byte(`{"a":1}`))
	if err := notify.Verify(secret, sig, fmt.Sprint(ts), []byte(`{"a":2}`), f.clock.Now(), time.Minute); err == nil {
		t.Errorf("Verify(tampered) = nil")
	}
	if err := notify.Verify(secret, sig, fmt.Sprint(ts), []byte(`{"a":1}`), f.clock.Now().Add(time.Hour), time.Minute); err == nil {
		t.Errorf("Verify(replayed an hour later) = nil")
	}
}

func TestWebhookGivesUp(t *testing.T) {
	secret := []byte("s3cr3t-s3cr3t-s3cr3t")
	f := newFixture(t, node.NotifyConfig{})
	h := startHook(t, secret, f.clock, 100)
	f.node.SetNotify(node.NotifyConfig{Hooks: []node.Hook{{URL: h.URL}}})
	d := notify.New(notify.Config{Node: f.node, Webhooks: []notify.Webhook{{URL: h.URL, Secret: secret}},
		MaxAttempts: 3, Backoff: time.Second, MaxBackoff: 4 * time.Second})
	o := f.officer(t, "Asha Rao", "")
	f.tell(t, "e0", "approval.pending", o)
	for range 10 {
		tick(t, d)
		f.clock.Add(5 * time.Second)
	}
	log := deliveries(t, f, liaison.ChannelWebhook)
	if len(log) != 3 || log[0].OK {
		t.Errorf("delivery log = %+v, want three failed attempts, then none", log)
	}
}

// TestMailServerDown: with no server listening, a tick fails its whole
// batch after one connection attempt, records each, and retries later.
func TestMailServerDown(t *testing.T) {
	srv := startSMTP(t, nil)
	port := srv.port()
	srv.ln.Close()
	f := newFixture(t, node.NotifyConfig{})
	o := f.officer(t, "Asha Rao", liaison.DigestNone)
	d := notify.New(notify.Config{Node: f.node, SMTP: &notify.SMTP{Host: "127.0.0.1", Port: port, From: "liaison@in.example", Timeout: time.Second},
		Backoff: time.Minute})
	for i := range 3 {
		f.tell(t, fmt.Sprint("e", i), "request.overdue", o)
	}
	if st := tick(t, d); st.MailFailures != 3 {
		t.Fatalf("tick = %+v, want three failures", st)
	}
	if log := deliveries(t, f, liaison.ChannelEmail); len(log) != 3 || log[0].OK || log[0].Status != "-" {
		t.Errorf("delivery log = %+v", log)
	}
}
