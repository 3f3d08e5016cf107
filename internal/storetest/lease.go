package storetest

import (
	"context"
	"testing"
	"time"
)

// testLease checks that a lease has one holder at a time, is renewed by
// its holder, passes to another once expired or released, and that leases
// of different names are independent.
func testLease(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t)
	take := func(name, holder string, ttl time.Duration, want bool) {
		t.Helper()
		got, err := s.Lease(ctx, name, holder, ttl)
		if err != nil {
			t.Fatalf("Lease(%s, %s) error: %v", name, holder, err)
		}
		if got != want {
			t.Errorf("Lease(%s, %s) = %v, want %v", name, holder, got, want)
		}
	}
	take("link/ca", "a", time.Minute, true)
	take("link/ca", "b", time.Minute, false)
	take("link/ca", "a", time.Minute, true) // renewal
	take("link/us", "b", time.Minute, true) // another name
	if err := s.Release(ctx, "link/ca", "b"); err != nil {
		t.Fatalf("Release by a non-holder: %v", err)
	}
	take("link/ca", "b", time.Minute, false)
	if err := s.Release(ctx, "link/ca", "a"); err != nil {
		t.Fatalf("Release: %v", err)
	}
	take("link/ca", "b", time.Minute, true)
	// An expired lease passes to whoever asks next; a negative ttl makes
	// one already expired without waiting.
	take("job/purge", "a", -time.Second, true)
	take("job/purge", "b", time.Minute, true)
	take("job/purge", "a", time.Minute, false)
}
