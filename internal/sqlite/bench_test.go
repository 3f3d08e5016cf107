package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/storetest"
)

// BenchmarkStore runs the benchmarks every store runs (internal/storetest),
// on a SQLite file in a temporary directory.
func BenchmarkStore(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) liaison.Store {
		return mustOpen(b, filepath.Join(b.TempDir(), "liaison.db"))
	})
}
