package sqlite_test

import (
	"testing"

	"github.com/liaison-project/liaison"
)

// BenchmarkAppendAudit is one Update appending one audit entry, one caller
// at a time: the entry, its leaf hash and the tree's row, committed
// durably. It bounds the acts per second a node audits alone.
func BenchmarkAppendAudit(b *testing.B) {
	s, _ := benchStore(b)
	for b.Loop() {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Agency: "rcmp", Officer: "o1", Action: "message.read",
				Object: "0195696e-0000-7000-8000-000000000001", Decision: "allow", ContentHash: "sha256:00"})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkAppendAuditParallel is the same from many callers at once, as
// API requests arrive: the appends serialise on the tree, their commits
// may share a flush.
func BenchmarkAppendAuditParallel(b *testing.B) {
	s, _ := benchStore(b)
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := s.Update(b.Context(), func(tx liaison.Tx) error {
				return tx.AppendAudit(&liaison.AuditEntry{Time: now, Party: "ca", Agency: "rcmp", Officer: "o1", Action: "message.read",
					Object: "0195696e-0000-7000-8000-000000000001", Decision: "allow", ContentHash: "sha256:00"})
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}
