package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
)

var auditBenchEntries = flag.Int("audit-entries", 100_000, "entries in the log of the audit benchmarks (1000000 for the figures in the README)")

// auditBenchNode returns a node directory whose SQLite log holds
// -audit-entries entries, with one own checkpoint of them all.
func auditBenchNode(b *testing.B) string { return auditNode(b, *auditBenchEntries) }

// auditNode returns a node directory whose SQLite log holds entries
// entries, with one own checkpoint of them all.
func auditNode(b testing.TB, entries int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "in")
	{
		if err := initNode(dir, "in", "Bench node in", "127.0.0.1:0", "127.0.0.1:0", "", "liaison.db"); err != nil {
			b.Fatal(err)
		}
		s, err := sqlite.Open(filepath.Join(dir, "liaison.db"))
		if err != nil {
			b.Fatal(err)
		}
		start, at := time.Now(), time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for done := 0; done < entries; {
			err := s.Update(b.Context(), func(tx liaison.Tx) error {
				for i := 0; i < 10_000 && done+i < entries; i++ {
					e := &liaison.AuditEntry{Time: at.Add(time.Duration(done+i) * time.Millisecond), Party: "in", Agency: "ncb",
						Officer: "0195696e-0000-7000-8000-000000000001", Action: "message.send",
						Object: fmt.Sprintf("0195696e-0000-7000-8000-%012d", done+i), Decision: "allow",
						ContentHash: strings.Repeat("ab", 32)}
					if err := tx.AppendAudit(e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			done = min(done+10_000, entries)
		}
		s.Close()
		b.Logf("generated %d entries in %v", entries, time.Since(start).Round(time.Millisecond))
	}
	if code, _, errText := runCLI("audit", "prove", "--dir", dir, "1"); code != 0 {
		b.Fatalf("audit prove: exit %d: %s", code, errText)
	}
	return dir
}

// BenchmarkAuditVerify runs liaison audit verify on a log of
// -audit-entries entries in SQLite: the whole log read through the Store,
// every entry encoded and hashed, compared with its leaf, the tree rebuilt.
func BenchmarkAuditVerify(b *testing.B) {
	dir := auditBenchNode(b)
	cpu0 := cpuTime(b)
	for b.Loop() {
		if code, out, errText := runCLI("audit", "verify", "--dir", dir); code != 0 {
			b.Fatalf("audit verify: exit %d\n%s%s", code, out, errText)
		}
	}
	b.ReportMetric(float64(*auditBenchEntries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	// CPU time, all threads: what the verify costs whatever else the
	// machine runs, which the wall clock of a shared machine does not say.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/float64(*auditBenchEntries)/float64(b.N), "cpu-ns/entry")
}

// BenchmarkAuditProve runs liaison audit prove of an entry in the middle
// of the log: the inclusion proof reads every leaf hash from SQLite.
func BenchmarkAuditProve(b *testing.B) {
	dir := auditBenchNode(b)
	entry := fmt.Sprint(*auditBenchEntries / 2)
	for b.Loop() {
		if code, _, errText := runCLI("audit", "prove", "--dir", dir, entry); code != 0 {
			b.Fatalf("audit prove: exit %d: %s", code, errText)
		}
	}
}
