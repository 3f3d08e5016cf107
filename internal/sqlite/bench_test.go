package sqlite_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// benchStore returns a store with peer "in" and one case.
func benchStore(b *testing.B) (*sqlite.Store, string) {
	b.Helper()
	s := mustOpen(b, filepath.Join(b.TempDir(), "liaison.db"))
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
// per Update, one caller at a time: every commit waits for its own fsync.
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
// callers at once, as API requests arrive: their Updates share commits.
func BenchmarkCreateMessageParallel(b *testing.B) {
	s, caseID := benchStore(b)
	b.SetParallelism(16)
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
	// Cursors are positions, so the benchmark can start anywhere.
	i := 0
	for b.Loop() {
		after := strconv.Itoa(i % (total - page))
		ms, _, err := s.Messages(b.Context(), liaison.MessageFilter{Inbound: ptr(true), After: after, Limit: page})
		if err != nil {
			b.Fatal(err)
		}
		if len(ms) != page {
			b.Fatal(fmt.Sprintf("page of %d, want %d", len(ms), page))
		}
		i += 997
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func ptr[T any](v T) *T { return &v }
