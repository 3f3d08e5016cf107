package postgres_test

import (
	"testing"

	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/storetest"
)

// BenchmarkRequests runs the request queries with 1,000,000 requests
// stored (-short: 100,000) on PostgreSQL.
func BenchmarkRequests(b *testing.B) {
	n := 1000000
	if testing.Short() {
		n = 100000
	}
	storetest.BenchmarkRequests(b, mustOpen(b, pgtest.NewDatabase(b)), n)
}
