//go:build linux

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
)

var replicaSeed = flag.Uint64("replica.seed", 0, "seed of TestReplicasSIGKILL's kill schedule (0 takes one from the clock)")

const (
	replicaKills     = 4   // at least; up to two more, the victims alternating
	replicaInMsgs    = 150 // at least, from in through both of its processes
	replicaCaMsgs    = 50  // at least, from ca back to in
	replicaInPosters = 2
	replicaLeaseTTL  = 2 * time.Second
)

// TestReplicasSIGKILL runs the node in as two liaison serve processes on
// one PostgreSQL database, behind a TCP balancer that is the federation
// URL of in's card, and the node ca as one process on SQLite. Officers
// post messages in one case through both of in's processes (two writers
// of one outbox) and from ca back to in (which either of in's processes
// receives), while one of in's processes at a time is killed with SIGKILL
// and restarted, the victims alternating and at least one of them the
// holder of the lease on the link to ca, which another process must take
// over. Afterwards each direction is exactly once and in order: the
// receiver's inbox is the sender's list, every answered post is there, an
// unanswered one at most once, the link's sequence numbers are 1..N on
// both sides, and each message has one receipt signed by the receiver.
// Both processes took envelopes from ca, PostgreSQL broke no deadlock, and
// stopping both cleanly leaves the lease free.
//
// The kill schedule comes from a logged seed; the moments the kills land
// on depend on the machine as well.
func TestReplicasSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills real processes; skipped with -short")
	}
	dsn := pgtest.NewDatabase(t)
	seed := *replicaSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay the schedule with -args -replica.seed=%d)", seed, seed)
	began := time.Now()

	bin := buildLiaison(t)
	work := t.TempDir()
	lb, in := newReplicas(t, bin, work, dsn)
	ca := newCrashNode(t, bin, work, "ca", "Canada RCMP liaison node")
	linkCrashNodes(t, work, in[0], ca)
	in[0].officer("Priya Sharma", "ncb", "drugs,organised_crime")
	in[1].token = in[0].token // one store: the token works on both
	ca.officer("Daniel Singh", "cbsa", "drugs,immigration")
	for _, n := range []*crashNode{in[0], in[1], ca} {
		n.mustStart()
	}
	db, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })

	var c liaison.Case
	in[1].mustCall("POST", "/api/v1/cases", map[string]any{
		"title": "NPP consignment to Vancouver", "crime_area": "drugs", "parties": []string{"ca"},
		"handling": map[string]any{"classification": "RESTRICTED", "tlp": "AMBER"},
	}, &c)
	awaitCase(t, ca, c.ID)

	inPosts := newCrashPosts(replicaInPosters)
	caPosts := newCrashPosts(1)
	kills, holderKills := replicaPhase(t, db, in, ca, c.ID, inPosts, caPosts, seed)
	if t.Failed() {
		t.FailNow()
	}
	posted := time.Now()

	drained(t, in[0], ca)
	drainedAt := time.Now()
	sentIn, _ := replicaCheck(t, "in", in[0], ca, c.ID, inPosts)
	sentCa, _ := replicaCheck(t, "ca", ca, in[1], c.ID, caPosts)
	dupsIn := crashReceipts(t, in[1], sentIn, filepath.Join(work, "ca.card.json"))
	dupsCa := crashReceipts(t, ca, sentCa, filepath.Join(work, "in.card.json"))
	replicaSeqs(t, db, in[0], ca)
	for i := range lb.stats {
		st := &lb.stats[i]
		t.Logf("balancer → %s: %d connections, %d bytes up, %d down", []string{"in-A", "in-B"}[i], st.conns.Load(), st.up.Load(), st.down.Load())
		// A connection that carried envelopes carries far more than a
		// TLS handshake: both processes took envelopes from ca.
		if st.conns.Load() == 0 || st.up.Load() < 16<<10 {
			t.Errorf("balancer → %s: %d connections, %d bytes up; want both processes to take envelopes", []string{"in-A", "in-B"}[i], st.conns.Load(), st.up.Load())
		}
	}
	t.Logf("in→ca: %d messages (%d answered, %d uncertain), ca→in: %d (%d answered, %d uncertain); "+
		"kills %d, of the lease holder %d; delivered on a resend: in→ca %d, ca→in %d; posting took %v, drained %v after",
		len(sentIn.msgs), len(inPosts.certain), len(inPosts.uncertain), len(sentCa.msgs), len(caPosts.certain), len(caPosts.uncertain),
		kills, holderKills, dupsIn, dupsCa, posted.Sub(began).Round(time.Millisecond), drainedAt.Sub(posted).Round(time.Millisecond))
	var deadlocks int64
	if err := db.QueryRow(context.Background(), `SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`).Scan(&deadlocks); err != nil {
		t.Error(err)
	}
	// The node takes its locks in one order (links, then the audit log):
	// two processes posting to and receiving from ca never wait in a circle.
	if deadlocks != 0 {
		t.Errorf("PostgreSQL broke %d deadlocks in in's database, want none", deadlocks)
	}
	if t.Failed() {
		return
	}

	// A clean stop of both gives the lease back.
	for k, n := range in {
		if err := n.stop(); err != nil {
			t.Errorf("in-%c: stop with SIGTERM: %v", 'A'+k, err)
		}
	}
	if h := leaseHolder(t, db); h != "" {
		t.Errorf("after both processes stopped, %s still holds link/ca", h)
	}
	t.Logf("%d process starts, %v in all", in[0].starts+in[1].starts+ca.starts, time.Since(began).Round(time.Millisecond))
}

// newReplicas initialises the node in on the PostgreSQL database dsn and
// returns two processes of it, in-A and in-B, each with its own API and
// federation address, and the balancer in front of their federation
// listeners, whose address is the card's federation URL.
func newReplicas(t *testing.T, bin, work, dsn string) (*tcpBalancer, []*crashNode) {
	t.Helper()
	addrs := freeAddrs(t, 4)
	lb := newTCPBalancer(t, addrs[1], addrs[3])
	dir := filepath.Join(work, "in")
	liaisonCmd(t, bin, "init", "--dir", dir, "--party", "in", "--name", "India NCB liaison node",
		"--api", addrs[0], "--federation", addrs[1], "--federation-url", "https://"+lb.Addr(), "--store", dsn)
	setFederation(t, dir, `backoff_max = "1s"`, fmt.Sprintf("lease_ttl = %q", replicaLeaseTTL))
	var nodes []*crashNode
	for k := range 2 {
		name := fmt.Sprintf("in-%c", 'A'+k)
		n := &crashNode{
			t: t, bin: bin, dir: dir, party: "in",
			api: "http://" + addrs[2*k], log: filepath.Join(work, name+".log"),
			client:    &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: replicaInPosters + 2}},
			serveArgs: []string{"--api", addrs[2*k], "--federation", addrs[2*k+1]},
		}
		t.Cleanup(func() {
			n.kill()
			if t.Failed() {
				t.Logf("%s: tail of %s:\n%s", name, n.log, tail(n.log, 40))
			}
		})
		nodes = append(nodes, n)
	}
	return lb, nodes
}

func newCrashPosts(posters int) *crashPosts {
	return &crashPosts{certain: map[int]string{}, uncertain: map[int]bool{}, read: map[string]bool{}, answered: make([][]int, posters)}
}

// awaitCase waits until the case has reached n.
func awaitCase(t *testing.T, n *crashNode, id string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		status, err := n.call("GET", "/api/v1/cases/"+id, nil, nil)
		if status == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("case %s not on %s after a minute: %d %v", id, n.party, status, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// replicaPhase posts from both processes of in and from ca until at least
// replicaInMsgs and replicaCaMsgs are posted and a killer has SIGKILLed
// and restarted in's processes replicaKills times, alternately. It
// returns the number of kills and how many of them hit the holder of the
// lease on link/ca.
func replicaPhase(t *testing.T, db *pgx.Conn, in []*crashNode, ca *crashNode, caseID string, inPosts, caPosts *crashPosts, seed uint64) (kills, holderKills int) {
	t.Helper()
	var (
		killerDone atomic.Bool
		abort      atomic.Bool
		wg         sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer killerDone.Store(true)
		rng := rand.New(rand.NewPCG(seed, 0x5e1ec7))
		victim := rng.IntN(2)
		total := replicaKills + rng.IntN(3)
		for k := range total {
			time.Sleep(time.Duration(300+rng.IntN(1200)) * time.Millisecond)
			if abort.Load() {
				return
			}
			holder := leaseHolder(t, db)
			pids := []int{in[0].pid(), in[1].pid()}
			// The last kill takes the holder if none has yet.
			if k == total-1 && holderKills == 0 && holderPID(holder) == pids[1-victim] {
				victim = 1 - victim
			}
			v := in[victim]
			isHolder := holderPID(holder) == pids[victim]
			what := "not the holder"
			if isHolder {
				what = "the holder"
			}
			t.Logf("kill %d: in-%c (pid %d), %s; lease link/ca held by %q", k+1, 'A'+victim, pids[victim], what, holder)
			v.kill()
			killedAt := time.Now()
			kills++
			if isHolder {
				holderKills++
			}
			time.Sleep(time.Duration(rng.IntN(500)) * time.Millisecond)
			if err := v.start(); err != nil {
				t.Errorf("restart in-%c after kill %d: %v", 'A'+victim, k+1, err)
				abort.Store(true)
				return
			}
			if isHolder {
				// Another process takes the link over within seconds.
				for {
					h := leaseHolder(t, db)
					if p := holderPID(h); p != 0 && p != pids[victim] {
						t.Logf("kill %d: %q took link/ca over %v after the kill", k+1, h, time.Since(killedAt).Round(time.Millisecond))
						break
					}
					if time.Since(killedAt) > 30*time.Second {
						t.Errorf("kill %d: no process took link/ca over within 30s (holder %q)", k+1, h)
						abort.Store(true)
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			victim = 1 - victim
		}
	}()

	poster := func(name string, nodes []*crashNode, posts *crashPosts, p, first, least, pause int, from string, next *atomic.Int64) {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(seed, uint64(first+p)))
		for !abort.Load() {
			i := int(next.Add(1) - 1)
			if (i >= least && killerDone.Load()) || i >= 20*least {
				return
			}
			// Alternate the processes: two writers of one outbox.
			if err := replicaPost(nodes, i, caseID, replicaMessage(from, i), posts, p); err != nil {
				t.Errorf("%s: %v", name, err)
				abort.Store(true)
				return
			}
			time.Sleep(time.Duration(rng.IntN(pause)) * time.Millisecond)
		}
	}
	var inNext, caNext atomic.Int64
	for p := range replicaInPosters {
		wg.Add(1)
		go poster(fmt.Sprintf("in poster %d", p), in, inPosts, p, 1000, replicaInMsgs, 15, "in", &inNext)
	}
	// ca is quicker (SQLite, never killed): it pauses longer.
	wg.Add(1)
	go poster("ca poster", []*crashNode{ca}, caPosts, 0, 2000, replicaCaMsgs, 60, "ca", &caNext)
	wg.Wait()
	inPosts.next, caPosts.next = int(inNext.Load()), int(caNext.Load())
	return kills, holderKills
}

// replicaPost posts message i once, first to nodes[i%len(nodes)]. A post
// refused at connect never reached a process and goes to the next one; one
// whose connection broke later may or may not have been stored, and is
// recorded as uncertain, never repeated.
func replicaPost(nodes []*crashNode, i int, caseID string, msg map[string]any, posts *crashPosts, poster int) error {
	deadline := time.Now().Add(time.Minute)
	for k := i; ; k++ {
		n := nodes[k%len(nodes)]
		var m liaison.Message
		status, err := n.call("POST", "/api/v1/cases/"+caseID+"/messages", msg, &m)
		switch {
		case err == nil && status == http.StatusCreated:
			posts.mu.Lock()
			posts.certain[i] = m.ID
			posts.ids = append(posts.ids, m.ID)
			posts.answered[poster] = append(posts.answered[poster], i)
			posts.mu.Unlock()
			return nil
		case status == 0 && errors.Is(err, syscall.ECONNREFUSED):
			if time.Now().After(deadline) {
				return fmt.Errorf("post message %d: no process answered for a minute: %v", i, err)
			}
			if (k+1)%len(nodes) == i%len(nodes) {
				time.Sleep(20 * time.Millisecond) // all refused: one is starting
			}
		case status == 0:
			posts.mu.Lock()
			posts.uncertain[i] = true
			posts.mu.Unlock()
			return nil
		default:
			return fmt.Errorf("post message %d: status %d: %v", i, status, err)
		}
	}
}

func replicaSubject(from string, i int) string { return fmt.Sprintf("%s %04d", from, i) }

// replicaMessage is message i from party from, with crash_test.go's
// self-checking body.
func replicaMessage(from string, i int) map[string]any {
	return map[string]any{
		"subject": replicaSubject(from, i), "body": crashBody(i),
		"handling": map[string]any{"classification": classFor(from, "RESTRICTED"), "tlp": "AMBER"},
		"entities": crashEntities(i),
	}
}

// replicaCheck compares the messages that from (the sender's party)
// posted in the case with the receiver's inbox, and both with what the
// posters know.
func replicaCheck(t *testing.T, from string, sender, receiver *crashNode, caseID string, posts *crashPosts) (sent, got crashList) {
	t.Helper()
	errorf := limited(t, 25)
	var own []liaison.Message
	for _, m := range sender.list("/api/v1/cases/" + caseID + "/messages") {
		if !m.Inbound {
			own = append(own, m)
		}
	}
	sent = newCrashList(t, from+" (sender)", own)
	got = newCrashList(t, receiver.party+" (receiver)", receiver.list("/api/v1/inbox"))
	if len(sent.msgs) != len(got.msgs) {
		errorf("%s→%s: sender holds %d messages, receiver's inbox %d", from, receiver.party, len(sent.msgs), len(got.msgs))
	}
	for k := range min(len(sent.msgs), len(got.msgs)) {
		s, r := sent.msgs[k], got.msgs[k]
		if s.ID != r.ID || s.Subject != r.Subject || s.Body != r.Body || r.CaseID != caseID || !r.Inbound || r.From.Party != from {
			errorf("%s→%s position %d: sender %s %q, receiver %s %q (case %s, inbound %v, from %s)",
				from, receiver.party, k, s.ID, s.Subject, r.ID, r.Subject, r.CaseID, r.Inbound, r.From.Party)
			break
		}
		if s.State != liaison.StateDelivered {
			errorf("%s→%s position %d (%s): state %s on the sender, want delivered", from, receiver.party, k, s.Subject, s.State)
		}
	}
	for _, l := range []crashList{sent, got} {
		for _, m := range l.msgs {
			num, ok := strings.CutPrefix(m.Subject, from+" ")
			i, err := strconv.Atoi(num)
			if !ok || err != nil || m.Subject != replicaSubject(from, i) {
				errorf("message %s has subject %q, which no poster wrote", m.ID, m.Subject)
				continue
			}
			if id, ok := posts.certain[i]; ok && id != m.ID {
				errorf("%q has id %s, the post was answered with %s", m.Subject, m.ID, id)
			} else if !ok && !posts.uncertain[i] {
				errorf("%q (%s) is held, but its post never reached the node", m.Subject, m.ID)
			}
			if m.Body != crashBody(i) {
				errorf("%q (%s): body not intact: %q", m.Subject, m.ID, m.Body)
			}
			want := crashEntities(i)
			if len(m.Entities) != len(want) || m.Entities[0].Value != want[0].Value || m.Entities[1].Value != want[1].Value {
				errorf("%q (%s): entities %+v, want %+v", m.Subject, m.ID, m.Entities, want)
			}
		}
	}
	for i := range posts.certain {
		if _, ok := got.bySubject[replicaSubject(from, i)]; !ok {
			errorf("%q was answered 201 but is not in %s's inbox", replicaSubject(from, i), receiver.party)
		}
	}
	// What one poster saw answered in turn, the receiver holds in that
	// order, whichever process took each post.
	for p, idx := range posts.answered {
		for k := 1; k < len(idx); k++ {
			a, b := replicaSubject(from, idx[k-1]), replicaSubject(from, idx[k])
			if got.bySubject[a] > got.bySubject[b] {
				errorf("%s poster %d: %q was answered before %q but arrived after it", from, p, a, b)
			}
		}
	}
	return sent, got
}

// replicaSeqs checks both links' sequence numbers: in's outbox towards ca
// is 1..N with no gap, all settled, and ca took exactly N; ca's towards in
// likewise, and in's inbound rows from ca are 1..M.
func replicaSeqs(t *testing.T, db *pgx.Conn, in, ca *crashNode) {
	t.Helper()
	ctx := context.Background()
	var n, lo, hi, distinct, queued int64
	if err := db.QueryRow(ctx, `SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0), count(DISTINCT seq),
		count(*) FILTER (WHERE state = 'queued') FROM outbox WHERE peer = 'ca'`).Scan(&n, &lo, &hi, &distinct, &queued); err != nil {
		t.Fatal(err)
	}
	if n == 0 || lo != 1 || hi != n || distinct != n || queued != 0 {
		t.Errorf("in's outbox to ca: %d rows, seq %d..%d, %d distinct, %d queued; want 1..N without gap, none queued", n, lo, hi, distinct, queued)
	}
	out, took := in.link("ca"), ca.link("in")
	if took.LastInSeq != n || out.NextSeq != n+1 {
		t.Errorf("in→ca: outbox 1..%d, in's next_seq %d, ca's last_in_seq %d; want %d, %d", n, out.NextSeq, took.LastInSeq, n+1, n)
	}
	var m, mlo, mhi int64
	if err := db.QueryRow(ctx, `SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0) FROM inbound WHERE peer = 'ca'`).Scan(&m, &mlo, &mhi); err != nil {
		t.Fatal(err)
	}
	back := ca.link("in")
	if m == 0 || mlo != 1 || mhi != m || out.LastInSeq != m || back.NextSeq != m+1 {
		t.Errorf("ca→in: in's inbound rows %d, seq %d..%d, in's last_in_seq %d, ca's next_seq %d; want 1..M, M, M+1", m, mlo, mhi, out.LastInSeq, back.NextSeq)
	}
	t.Logf("link sequences: in→ca 1..%d, ca→in 1..%d", n, m)
}

// leaseHolder returns the live holder of the lease on link/ca, or "".
func leaseHolder(t *testing.T, db *pgx.Conn) string {
	var h string
	err := db.QueryRow(context.Background(), `SELECT holder FROM leases WHERE name = 'link/ca' AND expires > clock_timestamp()`).Scan(&h)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Errorf("read lease link/ca: %v", err)
	}
	return h
}

// holderPID is the process id in a lease holder's name (host/pid/random),
// or 0.
func holderPID(holder string) int {
	parts := strings.Split(holder, "/")
	if len(parts) != 3 {
		return 0
	}
	pid, _ := strconv.Atoi(parts[1])
	return pid
}

// pid is the running process's id, or 0.
func (n *crashNode) pid() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return 0
	}
	return n.cmd.Process.Pid
}
