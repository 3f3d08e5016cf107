package postgres_test

import (
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/storetest"
)

// BenchmarkStore runs the benchmarks every store runs (internal/storetest),
// on a fresh database of the test binary's PostgreSQL server (fsync on).
func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) liaison.Store {
		return mustOpen(b, pgtest.NewDatabase(b))
	})
}
