package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/pgtest"
)

// The lease of TestReplicasShareLink: short, and shorter than an idle
// link's poll, so that a holder that renewed only between pushes would
// lose its link whenever it idles.
const (
	shareLeaseTTL = time.Second
	sharePoll     = 2 * time.Second
)

// TestReplicasShareLink serves one node on PostgreSQL from two servers in
// this process, in-A and in-B, behind a TCP balancer that is the card's
// federation URL, and a peer ca on SQLite. Messages posted through both
// reach ca exactly once and in order, pushed by one of the two only: the
// lease names one holder throughout, idle periods longer than the lease
// included, and no receipt answers an item twice. When the holder closes,
// it gives the lease up and the other takes the link over and delivers.
func TestReplicasShareLink(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	lns := []net.Listener{listenLoopback(t), listenLoopback(t)}
	lb := newTCPBalancer(t, lns[0].Addr().String(), lns[1].Addr().String())
	dir := filepath.Join(t.TempDir(), "in")
	if err := initNode(dir, "in", "Test node in", "127.0.0.1:0", lns[0].Addr().String(), "https://"+lb.Addr(), dsn); err != nil {
		t.Fatalf("init in: %v", err)
	}
	in := &testNode{t: t, dir: dir, party: "in"}
	ca := newTestNode(t, "ca")
	ca.start()
	link(t, arrangements.InCA, in, ca)
	db, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	holders := watchLease(t, dsn, "link/ca")

	replicas := map[string]*testNode{}
	for k, name := range []string{"in-A", "in-B"} {
		replicas[name] = startReplica(t, in, lns[k], name)
	}
	a, b := replicas["in-A"], replicas["in-B"]

	// Both post in one case; ca posts back, reaching either.
	c := a.openCase("ca")
	var sent []liaison.Message
	for i := range 20 {
		sent = append(sent, []*testNode{a, b}[i%2].post(c.ID, i))
	}
	eventually(t, "the case on ca", func() bool { return ca.do("GET", "/api/v1/cases/"+c.ID, nil, nil) == 200 })
	var back []liaison.Message
	for i := range 5 {
		back = append(back, ca.post(c.ID, 100+i))
	}
	awaitExchange(t, a, ca, c.ID, sent, back)
	// An idle period longer than the lease: the holder keeps it.
	idle := time.Now()
	for time.Since(idle) < 2*shareLeaseTTL+500*time.Millisecond {
		time.Sleep(50 * time.Millisecond)
	}
	seen := holders.stop()
	if len(seen) != 1 {
		t.Fatalf("lease link/ca held by %q while both servers ran; want one holder throughout", seen)
	}
	holderName, otherName := "in-A", "in-B"
	if seen[0] == otherName {
		holderName, otherName = otherName, holderName
	}
	holder, other := replicas[holderName], replicas[otherName]
	checkReceiptsOnce(t, db)

	// The holder closes and gives the lease up: the other takes over.
	closed := time.Now()
	holder.stop()
	for i := range 10 {
		sent = append(sent, other.post(c.ID, 20+i))
	}
	for i := range 5 {
		back = append(back, ca.post(c.ID, 105+i))
	}
	awaitExchange(t, other, ca, c.ID, sent, back)
	t.Logf("%s held link/ca and closed; %s delivered the next 10 messages %v later", holderName, otherName, time.Since(closed).Round(time.Millisecond))
	var now string
	if err := db.QueryRow(t.Context(), `SELECT holder FROM leases WHERE name = 'link/ca'`).Scan(&now); err != nil || now != otherName {
		t.Errorf("after %s closed, lease link/ca is held by %q (%v), want %s", holderName, now, err, otherName)
	}
}

func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// startReplica serves the node of n on ln as the lease holder name.
func startReplica(t *testing.T, n *testNode, ln net.Listener, name string) *testNode {
	t.Helper()
	s, err := newServer(n.dir, serverOptions{FedListener: ln, Log: io.Discard,
		Fed: federation.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond,
			Poll: sharePoll, LeaseTTL: shareLeaseTTL, Holder: name}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		s.Close()
		t.Fatal(err)
	}
	r := &testNode{t: t, dir: n.dir, party: n.party, s: s, token: n.token}
	t.Cleanup(r.stop)
	return r
}

// awaitExchange waits until ca's inbox holds sent and in's holds back,
// and checks that each holds them once, in order.
func awaitExchange(t *testing.T, in, ca *testNode, caseID string, sent, back []liaison.Message) {
	t.Helper()
	eventually(t, "the exchange to settle", func() bool {
		return len(ca.inbox()) >= len(sent) && len(in.inbox()) >= len(back) && in.link("ca").Queued == 0 && ca.link("in").Queued == 0
	})
	for _, x := range []struct {
		who       string
		want, got []liaison.Message
	}{{"ca", sent, ca.inbox()}, {"in", back, in.inbox()}} {
		if len(x.got) != len(x.want) {
			t.Errorf("%s's inbox holds %d messages, want %d", x.who, len(x.got), len(x.want))
		}
		for i := range min(len(x.got), len(x.want)) {
			if g, w := x.got[i], x.want[i]; g.ID != w.ID || g.Body != w.Body || g.CaseID != caseID {
				t.Fatalf("%s's inbox[%d] = %s %q, want %s %q", x.who, i, g.ID, g.Body, w.ID, w.Body)
			}
		}
	}
}

// checkReceiptsOnce checks that no item towards ca was pushed twice: each
// sequence number is answered in one receipt, as stored.
func checkReceiptsOnce(t *testing.T, db *pgx.Conn) {
	t.Helper()
	rows, err := db.Query(t.Context(), `SELECT body FROM receipts WHERE peer = 'ca'`)
	if err != nil {
		t.Fatal(err)
	}
	bodies, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		t.Fatal(err)
	}
	answered := map[int64]int{}
	for _, raw := range bodies {
		var body federation.ReceiptBody
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatal(err)
		}
		for _, o := range body.Items {
			answered[o.Seq]++
			if o.Status != liaison.InboundStored {
				t.Errorf("receipt %s answers seq %d %s, want stored: pushed twice", body.ID, o.Seq, o.Status)
			}
		}
	}
	for seq, n := range answered {
		if n != 1 {
			t.Errorf("seq %d answered in %d receipts, want 1", seq, n)
		}
	}
	if len(answered) == 0 {
		t.Error("no receipt from ca")
	}
}

// leaseWatch records every holder of a lease it sees.
type leaseWatch struct {
	mu      sync.Mutex
	holders []string
	done    chan struct{}
	stopped chan struct{}
}

// watchLease looks at the lease name every few milliseconds, on its own
// connection, until stop.
func watchLease(t *testing.T, dsn, name string) *leaseWatch {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	w := &leaseWatch{done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(w.stopped)
		defer conn.Close(context.Background())
		for {
			var h string
			err := conn.QueryRow(context.Background(), `SELECT holder FROM leases WHERE name = $1 AND expires > clock_timestamp()`, name).Scan(&h)
			switch {
			case err == nil:
				w.mu.Lock()
				if !slices.Contains(w.holders, h) {
					w.holders = append(w.holders, h)
				}
				w.mu.Unlock()
			case !errors.Is(err, pgx.ErrNoRows):
				t.Errorf("watch lease %s: %v", name, err)
				return
			}
			select {
			case <-w.done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() { w.stop() })
	return w
}

// stop ends the watch and returns the holders seen, in order.
func (w *leaseWatch) stop() []string {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	<-w.stopped
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.holders)
}
