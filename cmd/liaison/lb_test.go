package main

// A TCP load balancer for tests that run one node as several processes.

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tcpBalancer accepts connections on a loopback port and relays each one,
// byte for byte, to one of its backends, in turn, skipping a backend that
// does not accept: a TCP load balancer in front of a node's federation
// listeners. TLS passes through untouched, so the peer's pinning holds.
type tcpBalancer struct {
	t        *testing.T
	ln       net.Listener
	backends []string
	next     atomic.Uint64
	stats    []balancerStats // per backend

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// balancerStats counts what a balancer relayed to one backend.
type balancerStats struct {
	conns atomic.Int64 // connections relayed
	up    atomic.Int64 // bytes from clients to the backend
	down  atomic.Int64 // bytes from the backend to clients
}

// newTCPBalancer starts a balancer on a free loopback port in front of
// backends (host:port each); it stops when the test ends.
func newTCPBalancer(t *testing.T, backends ...string) *tcpBalancer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &tcpBalancer{t: t, ln: ln, backends: backends, stats: make([]balancerStats, len(backends)), conns: map[net.Conn]struct{}{}}
	b.wg.Add(1)
	go b.serve()
	t.Cleanup(b.close)
	return b
}

// Addr is the balancer's host:port.
func (b *tcpBalancer) Addr() string { return b.ln.Addr().String() }

func (b *tcpBalancer) serve() {
	defer b.wg.Done()
	for {
		c, err := b.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				b.t.Errorf("balancer: accept: %v", err)
			}
			return
		}
		if !b.track(c) {
			c.Close()
			return
		}
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			defer b.untrack(c)
			b.relay(c)
		}()
	}
}

// relay connects c to the next backend that accepts and copies both ways
// until either side ends; then it closes both, as a balancer does when a
// backend dies. When no backend accepts, c is closed unanswered.
func (b *tcpBalancer) relay(c net.Conn) {
	first := int(b.next.Add(1)-1) % len(b.backends)
	for k := range b.backends {
		i := (first + k) % len(b.backends)
		be, err := net.DialTimeout("tcp", b.backends[i], 2*time.Second)
		if err != nil {
			continue
		}
		if !b.track(be) {
			be.Close()
			return
		}
		defer b.untrack(be)
		st := &b.stats[i]
		st.conns.Add(1)
		done := make(chan struct{}, 2)
		pipe := func(dst, src net.Conn, n *atomic.Int64) {
			w, _ := io.Copy(dst, src)
			n.Add(w)
			done <- struct{}{}
		}
		go pipe(be, c, &st.up)
		go pipe(c, be, &st.down)
		<-done
		c.Close()
		be.Close()
		<-done
		return
	}
}

// track records an open connection so that close can end it; false once
// the balancer is closed.
func (b *tcpBalancer) track(c net.Conn) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.conns[c] = struct{}{}
	return true
}

func (b *tcpBalancer) untrack(c net.Conn) {
	c.Close()
	b.mu.Lock()
	delete(b.conns, c)
	b.mu.Unlock()
}

// close stops accepting, ends every relayed connection and waits.
func (b *tcpBalancer) close() {
	b.ln.Close()
	b.mu.Lock()
	b.closed = true
	for c := range b.conns {
		c.Close()
	}
	b.mu.Unlock()
	b.wg.Wait()
}
