package node

import (
	"net/netip"
	"sync"
	"time"
)

// Limiter counts failures per key in token buckets: a key holds up to
// burst tokens, a failure spends one, and tokens come back one every
// window/burst. A key without a token is throttled until one comes back.
//
// A bucket is kept as the time it will be full again (the generic cell
// rate algorithm), in whole durations, so the arithmetic is exact.
//
// Only failures create buckets, and a bucket that has filled up again is
// forgotten, so the memory a Limiter holds is bounded by the keys that
// failed in the last window, and never exceeds maxBuckets: beyond it a new
// key's failures go uncounted until buckets fill up again, which a caller
// covers with a global Limiter (one key) consulted first.
//
// The clock is the caller's: every method takes now. A Limiter is safe
// for concurrent use.
type Limiter struct {
	every time.Duration // one token comes back every this long
	slack time.Duration // how far full may lie ahead with a token left: (burst-1) * every

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	full time.Time // when the bucket holds burst tokens again
	// throttled is set when a refusal was first reported for this
	// episode, so that it is reported once; it clears when the bucket
	// has filled up again.
	throttled bool
}

// maxBuckets makes a Limiter sweep its full buckets when it holds more.
const maxBuckets = 4096

// NewLimiter returns a Limiter that lets each key fail burst times, and
// gives a failure back every window/burst. burst MUST be at least 1.
func NewLimiter(burst int, window time.Duration) *Limiter {
	every := window / time.Duration(burst)
	return &Limiter{every: every, slack: every * time.Duration(burst-1), buckets: map[string]*bucket{}}
}

// take reports how long b must wait for a token at now (0: it has one),
// and takes it when spend and there is one.
func (l *Limiter) take(b *bucket, now time.Time, spend bool) (wait time.Duration, first bool) {
	if !b.full.After(now) {
		b.full, b.throttled = now, false
	}
	// A clock set back would otherwise lock a key out for as long.
	if limit := now.Add(l.slack + l.every); b.full.After(limit) {
		b.full = limit
	}
	if ahead := b.full.Sub(now); ahead > l.slack {
		first = !b.throttled
		b.throttled = true
		// Retry-After counts whole seconds: round up, at least one.
		wait = max(time.Second, (ahead-l.slack+time.Second-1)/time.Second*time.Second)
		return wait, first
	}
	if spend {
		b.full = b.full.Add(l.every)
	}
	return 0, false
}

// check reports whether key may try now. When it may not, wait says for
// how long, and first is true for the first refusal since the key was
// last allowed to try freely (so the caller reports the episode once).
func (l *Limiter) Check(key string, now time.Time) (wait time.Duration, first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return 0, false
	}
	if !b.full.After(now) {
		delete(l.buckets, key)
		return 0, false
	}
	return l.take(b, now, false)
}

// spend records a failure of key: it takes a token and returns 0, or,
// when none is left, takes nothing and answers like check.
func (l *Limiter) Spend(key string, now time.Time) (wait time.Duration, first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			if l.sweep(now); len(l.buckets) >= maxBuckets {
				return 0, false
			}
		}
		b = &bucket{full: now}
		l.buckets[key] = b
	}
	return l.take(b, now, true)
}

// sweep forgets the buckets that have filled up again.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if !b.full.After(now) {
			delete(l.buckets, k)
		}
	}
}

// AddressKey returns the key a remote address ("host:port", or a bare
// host) is limited under: an IPv4 address whole, an IPv6 address by its
// /64, which one subscriber usually holds all of, and anything else as it
// is.
func AddressKey(remote string) string {
	ap, err := netip.ParseAddrPort(remote)
	var a netip.Addr
	if err == nil {
		a = ap.Addr()
	} else if a, err = netip.ParseAddr(remote); err != nil {
		return remote
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
