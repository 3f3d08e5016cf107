package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/sqlite"
)

var migrateMessages = flag.Int("migrate.messages", 10000, "messages in the node BenchmarkMigrate moves")

// BenchmarkMigrate moves a node holding -migrate.messages messages, each
// with its outbox row and audit entry as a node stores them, half of them
// receipted, from SQLite to PostgreSQL with liaison migrate, checks
// included. Building the node is not timed.
func BenchmarkMigrate(b *testing.B) {
	n := *migrateMessages
	master := filepath.Join(b.TempDir(), "in")
	if err := initNode(master, "in", "Bench node", "127.0.0.1:0", "127.0.0.1:1", "", "liaison.db"); err != nil {
		b.Fatal(err)
	}
	fillNode(b, filepath.Join(master, "liaison.db"), n)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "in")
		copyDir(b, master, dir)
		dsn := pgtest.NewDatabase(b)
		b.StartTimer()
		var errb bytes.Buffer
		if code := run([]string{"migrate", "--from", dir, "--to", dsn}, &env{stdout: io.Discard, stderr: &errb}); code != 0 {
			b.Fatalf("liaison migrate: exit %d: %s", code, errb.String())
		}
		b.StopTimer()
		for _, l := range strings.Split(errb.String(), "\n") {
			if strings.HasPrefix(l, "moved") || strings.HasPrefix(l, "checked") {
				b.Log(l) // how the time splits between the copy and the checks
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "messages/s")
}

// fillNode stores n messages in a case sent to peer ca, as the node
// does: message, outbox item, audit entry; every other one receipted.
func fillNode(tb testing.TB, path string, n int) {
	tb.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	h := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs, Codes: []string{liaison.CodeLawEnforcementOnly}}
	err = s.Update(tb.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "ca", Name: "ca", FederationURL: "https://ca.example"}, Added: at}); err != nil {
			return err
		}
		return tx.CreateCase(&liaison.Case{ID: "case", Title: "NPP shipment", CrimeArea: liaison.AreaDrugs, Parties: []string{"in", "ca"},
			Origin: "in", Handling: h, Created: at})
	})
	if err != nil {
		tb.Fatal(err)
	}
	const batch = 1000
	for first := 0; first < n; first += batch {
		err := s.Update(tb.Context(), func(tx liaison.Tx) error {
			for i := first; i < min(first+batch, n); i++ {
				t := at.Add(time.Duration(i) * time.Millisecond)
				m := &liaison.Message{ID: fmt.Sprintf("m-%08d", i), CaseID: "case", Subject: fmt.Sprintf("update %d", i),
					Body: fmt.Sprintf("Container CSQU3054383 left Mundra on the %dth; consignee unchanged.", i), Handling: h,
					Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "CSQU3054383"}},
					From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: "Priya Sharma"}, Created: t, State: liaison.StateQueued}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				it := &liaison.OutboxItem{Peer: "ca", Kind: liaison.KindMessage, ObjectID: m.ID, Payload: bytes.Repeat([]byte("x"), 400), Created: t}
				if err := tx.Enqueue(it); err != nil {
					return err
				}
				if i%2 == 0 {
					if err := tx.Settle("ca", it.Seq, liaison.StateDelivered, "", "", t); err != nil {
						return err
					}
				}
				if err := tx.AppendAudit(&liaison.AuditEntry{Time: t, Party: "in", Agency: "ncb", Action: "message.send", Object: m.ID,
					Decision: "allow", ContentHash: fmt.Sprintf("%064d", i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// copyDir copies the files of a node directory, keys included.
func copyDir(tb testing.TB, from, to string) {
	tb.Helper()
	err := os.CopyFS(to, os.DirFS(from))
	if err != nil {
		tb.Fatal(err)
	}
}
