package node_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
)

// benchPlan builds on in a plan of 100 objectives of 10 actions each,
// then changes and notes until in has queued ops workplan items for ca,
// and returns the pair and the items.
func benchPlan(b *testing.B, ops int) (*pair, []liaison.OutboxItem) {
	b.Helper()
	ctx := context.Background()
	p := newPair(b)
	var acts []string
	count := 0
	for i := range 100 {
		o, err := p.in.CreateObjective(ctx, p.in.liaison, node.ObjectiveInput{Title: fmt.Sprintf("Objective %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		count++
		for j := range 10 {
			a, err := p.in.AddAction(ctx, p.in.liaison, o.ID, node.ActionInput{
				Title: fmt.Sprintf("Action %d.%d", i, j), Due: "2025-02-28",
				Counterpart: liaison.Side{Party: "ca", Agency: "rcmp"},
			})
			if err != nil {
				b.Fatal(err)
			}
			acts = append(acts, a.ID)
			count++
		}
	}
	statuses := []liaison.ActionStatus{liaison.ActionInProgress, liaison.ActionBlocked, liaison.ActionInProgress, liaison.ActionDone}
	for i := 0; count < ops; i++ {
		id := acts[i%len(acts)]
		var err error
		if i%2 == 0 {
			st := statuses[(i/2/len(acts))%len(statuses)]
			_, err = p.in.UpdateAction(ctx, p.in.liaison, id, node.ActionUpdate{Status: &st})
		} else {
			_, err = p.in.AddNote(ctx, p.in.liaison, id, node.NoteInput{Text: fmt.Sprintf("Progress note %d.", i)})
		}
		if err != nil {
			b.Fatal(err)
		}
		count++
	}
	items := pending(b, p.in, "ca")
	if len(items) < ops {
		items, _ = p.in.Pending(ctx, "ca", ops)
	}
	if len(items) != ops {
		b.Fatalf("queued %d items, want %d", len(items), ops)
	}
	return p, items
}

// BenchmarkWorkplanApply applies 10,000 workplan items (100 objectives,
// 1,000 actions, 4,450 changes and 4,450 notes) on a fresh receiving node,
// in envelopes of 512 as the federation link carries them (SQLite):
//
//	go test ./internal/node/ -run '^$' -bench WorkplanApply -benchtime 3x
func BenchmarkWorkplanApply(b *testing.B) {
	const ops = 10_000
	ctx := context.Background()
	_, items := benchPlan(b, ops)
	in := incoming(items)
	for i := range in {
		in[i].Seq = int64(i + 1) // a fresh link
	}
	for b.Loop() {
		b.StopTimer()
		ca := newTestNode(b, "ca", nil)
		a, err := ca.ApplyArrangement(ctx, arrangements.InCA)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ca.AddPeer(ctx, card("in")); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for start := 0; start < len(in); start += 512 {
			end := min(start+512, len(in))
			out, err := ca.Receive(ctx, "in", fmt.Sprintf("env-%d", start), a.ID, in[start:end])
			if err != nil {
				b.Fatal(err)
			}
			for _, o := range out {
				if o.Status != liaison.InboundStored {
					b.Fatalf("item %d %s: %s", o.Seq, o.Status, o.Reason)
				}
			}
		}
	}
	b.ReportMetric(float64(ops*b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkWorkplanReport computes and renders the workplan report of a
// plan of 1,000 actions with 4,450 notes (SQLite):
//
//	go test ./internal/node/ -run '^$' -bench WorkplanReport -benchtime 10x
func BenchmarkWorkplanReport(b *testing.B) {
	ctx := context.Background()
	p, _ := benchPlan(b, 10_000)
	for b.Loop() {
		w, err := p.in.WorkplanReport(ctx, nil, "2025-01-01")
		if err != nil {
			b.Fatal(err)
		}
		if err := w.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
		if err := w.WriteMarkdown(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
