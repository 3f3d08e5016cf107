package main

// PostgreSQL for the sending node (--store postgres), and the TCP balancer
// in front of its replicas' federation listeners (--replicas 2).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison/internal/pgtest"
)

// pgServer is the bench's throwaway PostgreSQL server, started from the
// machine's binaries on first use (fsync on, as in production) and
// stopped when the bench ends.
type pgServer struct {
	s     *pgtest.Server
	admin *pgx.Conn
	n     int
}

// newDatabase creates an empty database on the bench's PostgreSQL,
// starting the server first if needed, and returns its DSN.
func (b *bench) newDatabase(name string) (string, error) {
	ctx := context.Background()
	if b.pg == nil {
		b.logf("starting a throwaway PostgreSQL from this machine's binaries...")
		s, err := pgtest.Start()
		if errors.Is(err, pgtest.ErrNotInstalled) {
			return "", fmt.Errorf("--store postgres: %w", err)
		}
		if err != nil {
			return "", err
		}
		admin, err := pgx.Connect(ctx, s.DSN("postgres"))
		if err != nil {
			s.Stop()
			return "", err
		}
		b.pg = &pgServer{s: s, admin: admin}
	}
	b.pg.n++
	db := fmt.Sprintf("bench_%d_%s", b.pg.n, name)
	if _, err := b.pg.admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{db}.Sanitize()); err != nil {
		return "", fmt.Errorf("create database %s: %w", db, err)
	}
	return b.pg.s.DSN(db), nil
}

// stopPostgres stops the bench's PostgreSQL, if it started one.
func (b *bench) stopPostgres() error {
	if b.pg == nil {
		return nil
	}
	b.pg.admin.Close(context.Background())
	err := b.pg.s.Stop()
	b.pg = nil
	return err
}

// pgSize is the size of the database of dsn on disk.
func (b *bench) pgSize(dsn string) int64 {
	if b.pg == nil {
		return 0
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return 0
	}
	var n int64
	b.pg.admin.QueryRow(context.Background(), `SELECT pg_database_size($1)`, cfg.Database).Scan(&n)
	return n
}

// balancer accepts connections on a loopback port and relays each one,
// byte for byte, to one of its backends in turn, skipping a backend that
// does not accept: a TCP load balancer in front of a node's federation
// listeners. TLS passes through untouched, so the peer's pinning holds.
// (The logic of cmd/liaison's test balancer.)
type balancer struct {
	ln       net.Listener
	backends []string
	next     atomic.Uint64
	conns    []atomic.Int64 // relayed, per backend

	mu     sync.Mutex
	open   map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// newBalancer starts a balancer on a free loopback port in front of
// backends (host:port each).
func newBalancer(backends ...string) (*balancer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &balancer{ln: ln, backends: backends, conns: make([]atomic.Int64, len(backends)), open: map[net.Conn]struct{}{}}
	b.wg.Add(1)
	go b.serve()
	return b, nil
}

// addr is the balancer's host:port.
func (b *balancer) addr() string { return b.ln.Addr().String() }

func (b *balancer) serve() {
	defer b.wg.Done()
	for {
		c, err := b.ln.Accept()
		if err != nil {
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
// until either side ends, then closes both.
func (b *balancer) relay(c net.Conn) {
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
		b.conns[i].Add(1)
		done := make(chan struct{}, 2)
		pipe := func(dst, src net.Conn) {
			io.Copy(dst, src)
			done <- struct{}{}
		}
		go pipe(be, c)
		go pipe(c, be)
		<-done
		c.Close()
		be.Close()
		<-done
		return
	}
}

func (b *balancer) track(c net.Conn) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.open[c] = struct{}{}
	return true
}

func (b *balancer) untrack(c net.Conn) {
	c.Close()
	b.mu.Lock()
	delete(b.open, c)
	b.mu.Unlock()
}

// close stops accepting, ends every relayed connection and waits.
func (b *balancer) close() {
	b.ln.Close()
	b.mu.Lock()
	b.closed = true
	for c := range b.open {
		c.Close()
	}
	b.mu.Unlock()
	b.wg.Wait()
}

// pgCPU is the CPU time the bench's PostgreSQL used so far: the
// postmaster, its live children, and the children it has reaped. 0
// without a server.
func (b *bench) pgCPU() time.Duration {
	if b.pg == nil {
		return 0
	}
	raw, err := os.ReadFile(filepath.Join(b.pg.s.Dir, "data", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil {
		return 0
	}
	var total int64
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		f := statFields(pid)
		if len(f) < 15 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		if pid != pm && ppid != pm {
			continue
		}
		for _, k := range []int{11, 12} { // utime, stime
			v, _ := strconv.ParseInt(f[k], 10, 64)
			total += v
		}
		if pid == pm {
			for _, k := range []int{13, 14} { // cutime, cstime: reaped children
				v, _ := strconv.ParseInt(f[k], 10, 64)
				total += v
			}
		}
	}
	return time.Duration(total) * time.Second / clockTicks
}

// statFields are the fields of /proc/PID/stat after the command name.
func statFields(pid int) []string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}
