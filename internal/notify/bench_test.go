package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/notify"
)

// BenchmarkDispatchMail sends 100 mails a tick (one event to 100
// officers who want e-mail at once) to the loopback SMTP server: claim,
// send over one session, record each.
func BenchmarkDispatchMail(b *testing.B) {
	srv := startSMTP(b, nil)
	f := newFixture(b, node.NotifyConfig{})
	var os []*liaison.Officer
	for i := range 100 {
		os = append(os, f.officer(b, fmt.Sprint("Officer ", i), liaison.DigestNone))
	}
	d := notify.New(notify.Config{Node: f.node, SMTP: smtpConfig(srv), Batch: 100})
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		f.tell(b, fmt.Sprint("e", i), "request.overdue", os...)
		f.clock.Add(time.Hour) // stay under the hourly cap
		b.StartTimer()
		if st := tick(b, d); st.Mails != 100 {
			b.Fatalf("tick = %+v, want 100 mails", st)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/100, "µs/mail")
}

// BenchmarkDispatchWebhook posts 100 signed events a tick to a loopback
// HTTP server, eight at a time.
func BenchmarkDispatchWebhook(b *testing.B) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	f := newFixture(b, node.NotifyConfig{})
	h := startHookB(b, secret, f.clock)
	f.node.SetNotify(node.NotifyConfig{Hooks: []node.Hook{{URL: h.URL}}})
	d := notify.New(notify.Config{Node: f.node, Webhooks: []notify.Webhook{{URL: h.URL, Secret: secret}}, Batch: 100})
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		for j := range 100 {
			if err := f.node.Notify(ctx, liaison.Event{ID: fmt.Sprint("e", i, "-", j), Kind: "request.overdue", Object: "r", Text: "t"}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if st := tick(b, d); st.Hooks != 100 {
			b.Fatalf("tick = %+v, want 100 posts", st)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/100, "µs/post")
}
