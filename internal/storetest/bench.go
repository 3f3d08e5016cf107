package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
)

// Benchmark runs the same benchmarks on every store, so the stores
// compare: `go test -run='^$' -bench=. ./internal/sqlite ./internal/postgres`.
// open returns a new, empty store for one benchmark.
func Benchmark(b *testing.B, open func(b *testing.B) liaison.Store) {
	for _, c := range []struct {
		name string
		run  func(*testing.B, liaison.Store, string)
	}{
		{"CreateMessage", benchCreateMessage},
		{"CreateMessageParallel", benchCreateMessageParallel},
		{"CreateMessageBatch", benchCreateMessageBatch},
		{"InboxPage", benchInboxPage},
		{"AppendAudit", benchAppendAudit},
		{"AppendAuditParallel", benchAppendAuditParallel},
		{"Purge", benchPurge},
		{"AddSTIX", benchAddSTIX},
		{"PageSTIX", benchPageSTIX},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := open(b)
			c.run(b, s, benchCase(b, s))
		})
	}
}

// benchNow is the time of every benchmark row, to the microsecond as the
// node keeps times.
var benchNow = time.Date(2026, 11, 22, 10, 0, 0, 123456000, time.UTC)

// benchCase gives s the peer "in" and one case, and returns the case id.
func benchCase(b *testing.B, s liaison.Store) string {
	b.Helper()
	caseID := uuid.Must(uuid.NewV7()).String()
	err := s.Update(b.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "in", Name: "in", SigningKey: make([]byte, 32), HPKEKey: make([]byte, 1216)}, Added: benchNow}); err != nil {
			return err
		}
		return tx.CreateCase(&liaison.Case{ID: caseID, Title: "bench", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca", "in"}, Origin: "ca", Created: benchNow})
	})
	if err != nil {
		b.Fatal(err)
	}
	return caseID
}

func benchMessage(caseID string) *liaison.Message {
	return &liaison.Message{
		ID:      uuid.Must(uuid.NewV7()).String(),
		CaseID:  caseID,
		Subject: "Container MSKU 123456-5",
		Body:    "Shipment of 4-AP declared as solvent; consignee shares a phone with last month's seizure.",
		Handling: liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber,
			Codes: []string{liaison.CodeLawEnforcementOnly}, CrimeArea: liaison.AreaDrugs, LegalBasis: "mlat", PersonalData: true, Subjects: []string{liaison.SubjectSuspect}},
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSKU1234565"}, {Kind: liaison.EntityPhone, Value: "+919812345678"}},
		From:     liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay"},
		Created:  benchNow,
		State:    liaison.StateQueued,
	}
}

// benchSend is what the node does to send one message: queue it for the
// peer, store it, audit it.
func benchSend(tx liaison.Tx, m *liaison.Message) error {
	if err := tx.Enqueue(&liaison.OutboxItem{Peer: "in", Kind: liaison.KindMessage, ObjectID: m.ID, Payload: make([]byte, 600), Created: benchNow}); err != nil {
		return err
	}
	if err := tx.CreateMessage(m); err != nil {
		return err
	}
	return tx.AppendAudit(benchEntry("message.send", m.ID))
}

func benchEntry(action, object string) *liaison.AuditEntry {
	return &liaison.AuditEntry{Time: benchNow, Party: "ca", Agency: "rcmp", Officer: "o1", Action: action,
		Object: object, Decision: "allow", Reasons: []string{"in scope"}, ContentHash: "sha256:00"}
}

func rate(b *testing.B, n int, unit string) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), unit)
}

// benchCreateMessage is one message, its outbox row and its audit entry per
// Update, one caller at a time: every commit waits for its own flush.
func benchCreateMessage(b *testing.B, s liaison.Store, caseID string) {
	for b.Loop() {
		if err := s.Update(b.Context(), func(tx liaison.Tx) error { return benchSend(tx, benchMessage(caseID)) }); err != nil {
			b.Fatal(err)
		}
	}
	rate(b, b.N, "msgs/s")
}

// benchCreateMessageParallel is the same from many callers at once, as API
// requests arrive: a store may let their Updates share commits.
func benchCreateMessageParallel(b *testing.B, s liaison.Store, caseID string) {
	b.SetParallelism(16)
	b.ResetTimer() // RunParallel, unlike b.Loop, times the setup too
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Update(b.Context(), func(tx liaison.Tx) error { return benchSend(tx, benchMessage(caseID)) }); err != nil {
				b.Error(err)
				return
			}
		}
	})
	rate(b, b.N, "msgs/s")
}

// benchCreateMessageBatch is 100 messages per Update, as an envelope of many
// items is taken on the receiving side.
func benchCreateMessageBatch(b *testing.B, s liaison.Store, caseID string) {
	const batch = 100
	for b.Loop() {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for range batch {
				if err := benchSend(tx, benchMessage(caseID)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	rate(b, b.N*batch, "msgs/s")
}

// benchInboxPage reads pages of 50 received messages from an inbox of
// 20,000, as GET /api/v1/inbox?after=CURSOR does.
func benchInboxPage(b *testing.B, s liaison.Store, caseID string) {
	const total, page = 20000, 50
	for i := 0; i < total; i += 1000 {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for range 1000 {
				m := benchMessage(caseID)
				m.Inbound, m.State, m.Received = true, liaison.StateDelivered, &benchNow
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
	// Cursors are opaque, so the benchmark collects them in one walk first.
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
	rate(b, b.N, "pages/s")
}

// benchAppendAudit is one Update appending one audit entry, one caller at a
// time: the entry, its leaf hash and the tree, committed durably. It bounds
// the acts per second a node audits alone.
func benchAppendAudit(b *testing.B, s liaison.Store, _ string) {
	for b.Loop() {
		if err := s.Update(b.Context(), func(tx liaison.Tx) error { return tx.AppendAudit(benchEntry("message.read", "x")) }); err != nil {
			b.Fatal(err)
		}
	}
	rate(b, b.N, "appends/s")
}

// benchAppendAuditParallel is the same from many callers at once: the
// appends take turns on the tree; their commits may share a flush.
func benchAppendAuditParallel(b *testing.B, s liaison.Store, _ string) {
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Update(b.Context(), func(tx liaison.Tx) error { return tx.AppendAudit(benchEntry("message.read", "x")) }); err != nil {
				b.Error(err)
				return
			}
		}
	})
	rate(b, b.N, "appends/s")
}
