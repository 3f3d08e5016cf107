package node

import (
	"testing"
	"time"
)

// TestLimiter drives a Limiter of 3 failures a minute (a token back every
// 20 s) with a fake clock: each step is an offset from the start, a call
// (spend or check) and the answer wanted.
func TestLimiter(t *testing.T) {
	type step struct {
		at    time.Duration
		op    string // "spend" or "check"
		key   string
		wait  time.Duration
		first bool
	}
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"OK", []step{
			{0, "check", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "check", "a", 0, false},
		}},
		{"ErrThrottled", []step{
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "check", "a", 20 * time.Second, true},
			{time.Second, "check", "a", 19 * time.Second, false},
			{time.Second, "spend", "a", 19 * time.Second, false},
			// Other keys are not affected.
			{time.Second, "check", "b", 0, false},
			{time.Second, "spend", "b", 0, false},
		}},
		{"TokenComesBack", []step{
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{10 * time.Second, "check", "a", 10 * time.Second, true},
			{20 * time.Second, "check", "a", 0, false},
			{20 * time.Second, "spend", "a", 0, false},
			// Still the same episode: the bucket never filled up again.
			{21 * time.Second, "check", "a", 19 * time.Second, false},
		}},
		{"NewEpisodeAfterFull", []step{
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "check", "a", 20 * time.Second, true},
			{time.Minute, "check", "a", 0, false},
			{time.Minute, "spend", "a", 0, false},
			{time.Minute, "spend", "a", 0, false},
			{time.Minute, "spend", "a", 0, false},
			{time.Minute, "spend", "a", 20 * time.Second, true},
		}},
		{"WaitRoundsUp", []step{
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{0, "spend", "a", 0, false},
			{19*time.Second + time.Millisecond, "check", "a", time.Second, true},
		}},
		{"ClockBackwards", []step{
			{time.Minute, "spend", "a", 0, false},
			{time.Minute, "spend", "a", 0, false},
			{time.Minute, "spend", "a", 0, false},
			{0, "check", "a", 20 * time.Second, true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLimiter(3, time.Minute)
			for i, s := range tc.steps {
				f := l.Check
				if s.op == "spend" {
					f = l.Spend
				}
				wait, first := f(s.key, start.Add(s.at))
				if wait != s.wait || first != s.first {
					t.Fatalf("step %d: %s(%s) at +%s = %s, %v; want %s, %v", i, s.op, s.key, s.at, wait, first, s.wait, s.first)
				}
			}
		})
	}
}

// TestLimiterForgets: buckets that filled up again are dropped, so a
// Limiter holds only the keys that failed of late.
func TestLimiterForgets(t *testing.T) {
	l := NewLimiter(3, time.Minute)
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range maxBuckets {
		l.Spend(string(rune(i)), start)
	}
	if len(l.buckets) != maxBuckets {
		t.Fatalf("%d buckets, want %d", len(l.buckets), maxBuckets)
	}
	// Full of keys failing now: a new key goes uncounted.
	if wait, _ := l.Spend("new", start); wait != 0 || len(l.buckets) != maxBuckets {
		t.Fatalf("Spend(new) at the cap = %s, %d buckets; want 0, %d", wait, len(l.buckets), maxBuckets)
	}
	l.Spend("late", start.Add(time.Minute))
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after a minute, want 1", len(l.buckets))
	}
}

func TestAddressKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"203.0.113.7:51234", "203.0.113.7"},
		{"203.0.113.7", "203.0.113.7"},
		{"[::ffff:203.0.113.7]:443", "203.0.113.7"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:80", "2001:db8:1:2::/64"},
		{"@", "@"},
		{"", ""},
	} {
		if got := AddressKey(tc.in); got != tc.want {
			t.Errorf("AddressKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
