package postgres_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/postgres"
)

// The benchmarks are those of internal/sqlite, on the test binary's
// PostgreSQL server (fsync on, on this machine's disk), so that the two
// stores compare.

// benchStore returns a store with peer "in" and one case.
func benchStore(b *testing.B) (*postgres.Store, string) {
	b.Helper()
	s := mustOpen(b, pgtest.NewDatabase(b))
	caseID := uuid.Must(uuid.NewV7()).String()
	err := s.Update(b.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "in", Name: "in", SigningKey: make([]byte, 32), HPKEKey: make([]byte, 1216)}, Added: now}); err != nil {
			return err
		}
		return tx.CreateCase(&liaison.Case{ID: caseID, Title: "bench", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca", "in"}, Origin: "ca", Created: now})
	})
	if err != nil {
		b.Fatal(err)
	}
	return s, caseID
}

func benchMessage(caseID string) *liaison.Message {
	return &liaison.Message{
		ID:      uuid.Must(uuid.NewV7()).String(),
		CaseID:  caseID,
		Subject: "Container MSKU 123456-5",
		Body:    "Shipment of 4-AP declared as solvent; consignee shares a phone with last month's seizure.",
		Handling: liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber,
			Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs, LegalBasis: "mlat", PersonalData: true},
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSKU1234565"}, {Kind: liaison.EntityPhone, Value: "+919812345678"}},
		From:     liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay"},
		Created:  now,
		State:    liaison.StateQueued,
	}
}

// send is what the node does to send one message: store it, queue it for
// the peer, audit it.
func send(tx liaison.Tx, m *liaison.Message) error {
	if err := tx.CreateMessage(m); err != nil {
		return err
	}
	payload := make([]byte, 600)
	if err := tx.Enqueue(&liaison.OutboxItem{Peer: "in", Kind: liaison.KindMessage, ObjectID: m.ID, Payload: payload, Created: now}); err != nil {
		return err
	}
	return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Agency: "rcmp", Officer: "o1", Action: "message.send",
		Object: m.ID, Decision: "allow", Reasons: []string{"in scope"}, ContentHash: "sha256:00"})
}

func reportRate(b *testing.B, messages int) {
	b.ReportMetric(float64(messages)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkCreateMessage is one message, its outbox row and its audit entry
// per Update, one caller at a time: every commit waits for its own flush
// of the WAL.
func BenchmarkCreateMessage(b *testing.B) {
	s, caseID := benchStore(b)
	for b.Loop() {
		if err := s.Update(b.Context(), func(tx liaison.Tx) error { return send(tx, benchMessage(caseID)) }); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N)
}

// BenchmarkCreateMessageParallel is BenchmarkCreateMessage from many
// callers at once, as API requests arrive. They take turns on the link's
// row and on audit_head, each held until its commit.
func BenchmarkCreateMessageParallel(b *testing.B) {
	s, caseID := benchStore(b)
	b.SetParallelism(16)
	b.ResetTimer() // RunParallel, unlike b.Loop, times the setup too
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Update(b.Context(), func(tx liaison.Tx) error { return send(tx, benchMessage(caseID)) }); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b, b.N)
}

// BenchmarkCreateMessageBatch is 100 messages per Update, as an envelope
// of many items is taken on the receiving side.
func BenchmarkCreateMessageBatch(b *testing.B) {
	const batch = 100
	s, caseID := benchStore(b)
	for b.Loop() {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for range batch {
				if err := send(tx, benchMessage(caseID)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N*batch)
}

// BenchmarkInboxPage reads pages of 50 received messages from an inbox of
// 20,000, as GET /api/v1/inbox?after=CURSOR does.
func BenchmarkInboxPage(b *testing.B) {
	const total, page = 20000, 50
	s, caseID := benchStore(b)
	for i := 0; i < total; i += 1000 {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for range 1000 {
				m := benchMessage(caseID)
				m.Inbound, m.State, m.Received = true, liaison.StateDelivered, &now
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
	// Cursors name rows, so the benchmark collects them in one walk first.
	inbound := true
	cursors := []string{""}
	for {
		_, next, err := s.Messages(b.Context(), liaison.MessageFilter{Inbound: &inbound, After: cursors[len(cursors)-1], Limit: page})
		if err != nil {
			b.Fatal(err)
		}
		if next == "" {
			break
		}
		cursors = append(cursors, next)
	}
	if len(cursors) != total/page {
		b.Fatalf("%d pages, want %d", len(cursors), total/page)
	}
	i := 0
	for b.Loop() {
		ms, _, err := s.Messages(b.Context(), liaison.MessageFilter{Inbound: &inbound, After: cursors[i%len(cursors)], Limit: page})
		if err != nil {
			b.Fatal(err)
		}
		if len(ms) != page {
			b.Fatalf("page of %d, want %d", len(ms), page)
		}
		i += 97
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
