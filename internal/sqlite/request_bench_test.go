package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/liaison-project/liaison/internal/storetest"
)

// BenchmarkRequests runs the request queries with 1,000,000 requests
// stored (-short: 100,000) on a SQLite file.
func BenchmarkRequests(b *testing.B) {
	n := 1000000
	if testing.Short() {
		n = 100000
	}
	storetest.BenchmarkRequests(b, mustOpen(b, filepath.Join(b.TempDir(), "liaison.db")), n)
}
