package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/report"
)

// reportBenchMessages is the history the report benchmark reads: half
// received from the peer through Receive, half sent, a third of each with
// personal data.
const reportBenchMessages = 10_000

// BenchmarkOversightReport computes the oversight report of a node
// holding reportBenchMessages messages in the period (SQLite), then
// renders it in each format:
//
//	go test ./internal/node/ -run '^$' -bench OversightReport -benchtime 10x
func BenchmarkOversightReport(b *testing.B) {
	ctx := context.Background()
	p := newPair(b)
	c := mustCase(b, p.ca, "in")
	carry(b, p.ca, p.in)
	half := reportBenchMessages / 2
	day := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	wire := func(i int, party, agency, basis string) *liaison.Message {
		h := drugsHandling(party)
		if i%3 == 0 {
			h.PersonalData, h.LegalBasis, h.Subjects = true, basis, []string{liaison.SubjectSuspect}
		}
		if i%5 == 0 {
			h.TLP = liaison.TLPGreen
		}
		return &liaison.Message{
			ID: fmt.Sprintf("0195%04x-0000-7000-8000-%012x", i%2, i), CaseID: c.ID, Subject: "Container update",
			Body: "The container was transhipped at Colombo.", Handling: h, Entities: []liaison.Entity{},
			From: liaison.Sender{Party: party, Agency: agency, Officer: "Officer", OfficerID: "o-" + party}, Created: day,
		}
	}

	// Received: from ca, in envelopes of 500, through the receiving path.
	seq := link(b, p.in, "ca").LastInSeq
	for start := 0; start < half; start += 500 {
		items := make([]node.Incoming, 0, 500)
		for i := start; i < start+500; i++ {
			m := wire(2*i+1, "ca", "rcmp", "ca-privacy-act-8-2-f")
			body, err := json.Marshal(m)
			if err != nil {
				b.Fatal(err)
			}
			seq++
			items = append(items, node.Incoming{Seq: seq, Kind: liaison.KindMessage, ID: m.ID, Body: body})
		}
		if _, err := p.in.Receive(ctx, "ca", fmt.Sprintf("env-%d", start), p.arr.ID, items); err != nil {
			b.Fatal(err)
		}
	}
	// Sent: stored with their audit entries as send stores them, in
	// batches; the report reads the store, not the outbox.
	for start := 0; start < half; start += 500 {
		err := p.in.store.Update(ctx, func(tx liaison.Tx) error {
			for i := start; i < start+500; i++ {
				m := wire(2*i, "in", "ncb", "ca-in-mlat-1995")
				m.State = liaison.StateQueued
				if i%2 == 0 {
					m.Assessment = &liaison.Assessment{Risk: liaison.RiskNone}
				}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				e := &liaison.AuditEntry{Time: day, Party: "in", Agency: "ncb", Officer: "o-in", Action: "message.send", Object: m.ID, Decision: "allow"}
				if i%50 == 0 {
					e.Decision, e.Reasons = "deny", []string{"the arrangement's ceiling is CONFIDENTIAL"}
				}
				if err := tx.AppendAudit(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	in := node.ReportInput{From: "2025-03-01", To: "2025-03-01"}
	r, err := p.in.OversightReport(ctx, p.in.auditor, in)
	if err != nil {
		b.Fatal(err)
	}
	if got := r.ByDirection[0].Total + r.ByDirection[1].Total; got != reportBenchMessages {
		b.Fatalf("report counts %d messages, want %d", got, reportBenchMessages)
	}

	b.Run("compute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.in.OversightReport(ctx, p.in.auditor, in); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
	})
	for _, f := range report.Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := r.Write(io.Discard, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
