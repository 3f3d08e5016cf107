package node_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// BenchmarkPostMessage posts one message per op on a SQLite store: guard,
// one transaction with the outbox row, the message and the audit entry,
// and its durable commit.
//
// Rules=example runs India's example rules (internal/policy) as well, so
// that the two sub-benchmarks give the cost of the party's own rules.
func BenchmarkPostMessage(b *testing.B) {
	for _, rules := range []bool{false, true} {
		b.Run(rulesName(rules), func(b *testing.B) { benchPostMessage(b, rules) })
	}
}

func rulesName(rules bool) string {
	if rules {
		return "rules=example"
	}
	return "rules=none"
}

func benchPostMessage(b *testing.B, rules bool) {
	ctx := context.Background()
	p := newPair(b)
	if rules {
		withRules(b, p.in)
	}
	c := mustCase(b, p.in, "ca")
	in := node.MessageInput{
		Subject: "Container update", Body: "The container was transhipped at Colombo.",
		Handling: drugsHandling("in"),
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSCU1234566"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.in.PostMessage(ctx, p.in.liaison, c.ID, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceive100 takes one envelope of 100 messages per op on a
// SQLite store: each checked, stored and audited, in one transaction.
//
// Rules=example runs Canada's example rules on every item.
func BenchmarkReceive100(b *testing.B) {
	for _, rules := range []bool{false, true} {
		b.Run(rulesName(rules), func(b *testing.B) { benchReceive100(b, rules) })
	}
}

func benchReceive100(b *testing.B, rules bool) {
	ctx := context.Background()
	p := newPair(b)
	if rules {
		withRules(b, p.ca)
	}
	c := mustCase(b, p.in, "ca")
	carry(b, p.in, p.ca)
	seq := link(b, p.ca, "in").LastInSeq
	items := make([]node.Incoming, 100)
	build := func() {
		for i := range items {
			seq++
			m := &liaison.Message{
				ID: p.in.ids(), CaseID: c.ID, Subject: "Container update",
				Body: "The container was transhipped at Colombo.", Handling: drugsHandling("in"),
				Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSCU1234566"}},
				From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: p.in.liaison.Name, OfficerID: p.in.liaison.ID},
				Created:  time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
			}
			body, err := json.Marshal(m)
			if err != nil {
				b.Fatal(err)
			}
			items[i] = node.Incoming{Seq: seq, Kind: liaison.KindMessage, ID: m.ID, Body: body}
		}
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		b.StopTimer()
		build()
		n++
		b.StartTimer()
		outcomes, err := p.ca.Receive(ctx, "in", "env-bench", p.arr.ID, items)
		if err != nil {
			b.Fatal(err)
		}
		if len(outcomes) != len(items) || outcomes[99].Status != liaison.InboundStored {
			b.Fatalf("outcome %+v", outcomes[99])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*len(items)), "ns/item")
}
