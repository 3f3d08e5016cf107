package node_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// BenchmarkPurgeExpired purges 5,000 expired messages per op on a SQLite
// store, each with an outbox item whose payload the purge rewrites: what
// the purge job does after a day's worth of a busy node's messages
// expire. The messages are stored outside the timer, straight through the
// store. msgs/s is the purge rate.
func BenchmarkPurgeExpired(b *testing.B) {
	const perOp = 5000
	ctx := context.Background()
	p := newPair(b)
	c := mustCase(b, p.in, "ca")
	p.in.clock.advance(48 * time.Hour) // retain_until below is then past
	h := drugsHandling("in")
	h.RetainUntil = "2025-03-01"
	seed := func() {
		err := p.in.store.Update(ctx, func(tx liaison.Tx) error {
			for range perOp {
				m := &liaison.Message{
					ID: p.in.ids(), CaseID: c.ID, Subject: "Container update",
					Body: "The container was transhipped at Colombo.", Handling: h,
					Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSCU1234566"}},
					From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: p.in.liaison.Name, OfficerID: p.in.liaison.ID},
					Created:  time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), State: liaison.StateQueued,
				}
				body, err := json.Marshal(m)
				if err != nil {
					return err
				}
				if err := tx.Enqueue(&liaison.OutboxItem{Peer: "ca", Kind: liaison.KindMessage, ObjectID: m.ID, ArrangementID: c.ArrangementID, Payload: body, Created: m.Created}); err != nil {
					return err
				}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	total := 0
	for b.Loop() {
		b.StopTimer()
		seed()
		b.StartTimer()
		n, err := p.in.PurgeExpired(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if n != perOp {
			b.Fatalf("purged %d, want %d", n, perOp)
		}
		total += n
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "msgs/s")
}
