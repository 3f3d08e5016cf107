//go:build linux

package main

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/federation"
)

var crashSeed = flag.Uint64("crash.seed", 0, "seed of TestCrashSIGKILL's kill schedule (0 takes one from the clock)")

const (
	crashMsgsPerPhase = 200 // at least; posting goes on while the killer works
	crashPosters      = 3
	crashContainer    = "CSQU3054383"
)

// TestCrashSIGKILL runs two real liaison serve processes and SIGKILLs
// them at random moments while messages flow: first the receiver, then the
// sender, several times each, restarting them on the same directory and
// ports. Afterwards every message the sender holds is in the receiver's
// inbox exactly once, in the sender's order, intact; every message whose
// post was answered is among them; a post whose connection broke (outcome
// unknown) is there at most once; a last restart changes nothing.
//
// The kill schedule comes from a logged seed; the moments the kills land
// on depend on the machine as well, so a seed replays the schedule, not
// the exact interleaving.
func TestCrashSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills real nodes; skipped with -short")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay the schedule with -args -crash.seed=%d)", seed, seed)
	began := time.Now()

	bin := buildLiaison(t)
	work := t.TempDir()
	in := newCrashNode(t, bin, work, "in", "India NCB liaison node")
	ca := newCrashNode(t, bin, work, "ca", "Canada RCMP liaison node")
	linkCrashNodes(t, work, in, ca)
	in.officer("Priya Sharma", "ncb", "drugs,organised_crime")
	ca.officer("Daniel Singh", "cbsa", "drugs,immigration")
	in.mustStart()
	ca.mustStart()

	var c liaison.Case
	in.mustCall("POST", "/api/v1/cases", map[string]any{
		"title": "NPP consignment to Vancouver", "crime_area": "drugs", "parties": []string{"ca"},
		"handling": map[string]any{"classification": "RESTRICTED", "tlp": "AMBER"},
	}, &c)

	posts := &crashPosts{certain: map[int]string{}, uncertain: map[int]bool{}, read: map[string]bool{}}
	rng := rand.New(rand.NewPCG(seed, 0x11a150))
	kills1 := crashPhase(t, "receiver", in, ca, ca, c.ID, posts, 0, 4+rng.IntN(3), rng.Uint64())
	if t.Failed() {
		t.FailNow()
	}
	kills2 := crashPhase(t, "sender", in, ca, in, c.ID, posts, posts.next, 4+rng.IntN(3), rng.Uint64())
	if t.Failed() {
		t.FailNow()
	}
	posted := time.Now()

	drained(t, in, ca)
	drainedAt := time.Now()
	sent, got := crashCheck(t, in, ca, c.ID, posts)
	resent := crashReceipts(t, in, sent, filepath.Join(work, "ca.card.json"))
	present := 0
	for i := range posts.uncertain {
		if _, ok := got.bySubject[crashSubject(i)]; ok {
			present++
		}
	}
	t.Logf("%d messages sent in %v: %d answered, %d uncertain of which %d stored; kills: receiver %d, sender %d; "+
		"%d delivered on a resend (receipt says duplicate); %d read on the receiver; drained %v after the last post",
		len(sent.msgs), posted.Sub(began).Round(time.Millisecond), len(posts.certain), len(posts.uncertain), present,
		kills1, kills2, resent, len(posts.read), drainedAt.Sub(posted).Round(time.Millisecond))
	if t.Failed() {
		return
	}

	// Kill both once more: nothing held before is lost or changed, and
	// the link still carries a new message.
	in.kill()
	ca.kill()
	in.mustStart()
	ca.mustStart()
	sent2, got2 := crashCheck(t, in, ca, c.ID, posts)
	if diff := cmp.Diff(sent.states(), sent2.states()); diff != "" {
		t.Errorf("sender's messages changed across a restart (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(got.states(), got2.states()); diff != "" {
		t.Errorf("receiver's inbox changed across a restart (-before +after):\n%s", diff)
	}
	out, inbound := in.link("ca"), ca.link("in")
	if out.Queued != 0 || inbound.LastInSeq != out.NextSeq-1 {
		t.Errorf("after restart: in→ca queued %d next_seq %d, ca's last_in_seq from in %d; want nothing queued and last_in_seq = next_seq-1",
			out.Queued, out.NextSeq, inbound.LastInSeq)
	}
	last := posts.next
	var m liaison.Message
	in.mustCall("POST", "/api/v1/cases/"+c.ID+"/messages", crashMessage(last), &m)
	posts.certain[last] = m.ID
	posts.next++
	drained(t, in, ca)
	sent3, _ := crashCheck(t, in, ca, c.ID, posts)
	if n := len(sent3.ids); n != len(sent.ids)+1 || sent3.ids[n-1] != m.ID {
		t.Errorf("after restart: sender holds %d messages, want %d ending with %s", n, len(sent.ids)+1, m.ID)
	}

	// A clean stop, then SQLite's own check of both stores.
	for _, n := range []*crashNode{in, ca} {
		if err := n.stop(); err != nil {
			t.Errorf("%s: stop with SIGTERM: %v", n.party, err)
		}
		integrityCheck(t, n.dbPath())
	}
	t.Logf("%d process starts, %v in all", in.starts+ca.starts, time.Since(began).Round(time.Millisecond))
}

// crashPosts is what the posters learnt, by message index.
type crashPosts struct {
	mu        sync.Mutex
	next      int            // the first index not yet used
	certain   map[int]string // answered 201: index → message id
	uncertain map[int]bool   // connection broke after the request was sent
	answered  [][]int        // per poster, certain indices in the order answered
	ids       []string       // the certain ids, for the reader to pick from
	read      map[string]bool
}

// crashPhase posts messages from sender with crashPosters concurrent
// posters, at least crashMsgsPerPhase and on until victim has been
// SIGKILLed and restarted kills times at random moments. Meanwhile an
// officer on the receiver reads messages that have arrived, which sends
// read notices the other way. It returns the number of kills.
func crashPhase(t *testing.T, name string, sender, receiver, victim *crashNode, caseID string, posts *crashPosts, first, kills int, seed uint64) int {
	t.Helper()
	var (
		next       atomic.Int64
		killerDone atomic.Bool
		abort      atomic.Bool
		wg         sync.WaitGroup
		killed     int
	)
	next.Store(int64(first))
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer killerDone.Store(true)
		rng := rand.New(rand.NewPCG(seed, 1))
		for range kills {
			time.Sleep(time.Duration(50+rng.IntN(351)) * time.Millisecond)
			if abort.Load() {
				return
			}
			victim.kill()
			killed++
			time.Sleep(time.Duration(rng.IntN(200)) * time.Millisecond)
			if err := victim.start(); err != nil {
				t.Errorf("%s phase: restart %s after kill %d: %v", name, victim.party, killed, err)
				abort.Store(true)
				return
			}
		}
	}()
	posts.mu.Lock()
	base := len(posts.answered)
	posts.answered = append(posts.answered, make([][]int, crashPosters)...)
	posts.mu.Unlock()
	for p := range crashPosters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(2+p)))
			for !abort.Load() {
				i := int(next.Add(1) - 1)
				if (i >= first+crashMsgsPerPhase && killerDone.Load()) || i >= first+10*crashMsgsPerPhase {
					return
				}
				if err := crashPost(sender, caseID, i, posts, base+p); err != nil {
					t.Errorf("%s phase: %v", name, err)
					abort.Store(true)
					return
				}
				time.Sleep(time.Duration(rng.IntN(15)) * time.Millisecond)
			}
		}()
	}
	var readers sync.WaitGroup
	var postersDone atomic.Bool
	readers.Add(1)
	go func() {
		defer readers.Done()
		rng := rand.New(rand.NewPCG(seed, 99))
		for !postersDone.Load() && !abort.Load() {
			time.Sleep(time.Duration(10+rng.IntN(40)) * time.Millisecond)
			posts.mu.Lock()
			if len(posts.ids) == 0 {
				posts.mu.Unlock()
				continue
			}
			id := posts.ids[rng.IntN(len(posts.ids))]
			posts.mu.Unlock()
			switch status, err := receiver.call("GET", "/api/v1/messages/"+id, nil, nil); status {
			case http.StatusOK:
				posts.mu.Lock()
				posts.read[id] = true
				posts.mu.Unlock()
			case http.StatusNotFound, 0: // not arrived yet; the receiver is down
			default:
				t.Errorf("%s phase: read %s on %s: %v", name, id, receiver.party, err)
				abort.Store(true)
			}
		}
	}()
	wg.Wait()
	postersDone.Store(true)
	readers.Wait()
	posts.mu.Lock()
	posts.next = max(posts.next, int(next.Load()))
	posts.mu.Unlock()
	return killed
}

// crashPost posts message i once. A post refused at connect never reached
// the node and is tried again; one whose connection broke later may or may
// not have been stored, and is recorded as uncertain, never repeated (a
// repeat would be a second message with a new id).
func crashPost(n *crashNode, caseID string, i int, posts *crashPosts, poster int) error {
	for {
		var m liaison.Message
		status, err := n.call("POST", "/api/v1/cases/"+caseID+"/messages", crashMessage(i), &m)
		switch {
		case err == nil && status == http.StatusCreated:
			posts.mu.Lock()
			posts.certain[i] = m.ID
			posts.ids = append(posts.ids, m.ID)
			posts.answered[poster] = append(posts.answered[poster], i)
			posts.mu.Unlock()
			return nil
		case status == 0 && errors.Is(err, syscall.ECONNREFUSED):
			if err := n.awaitUp(); err != nil {
				return err
			}
		case status == 0:
			posts.mu.Lock()
			posts.uncertain[i] = true
			posts.mu.Unlock()
			return n.awaitUp()
		default:
			return fmt.Errorf("post message %d: status %d: %v", i, status, err)
		}
	}
}

func crashSubject(i int) string { return fmt.Sprintf("msg %04d", i) }

// crashBody is message i's body: a varying length of text and, last, the
// SHA-256 of what comes before it, so a torn or mixed-up body shows.
func crashBody(i int) string {
	text := fmt.Sprintf("crash test message %04d\n%s", i, strings.Repeat(fmt.Sprintf("NPP precursor lot %04d; ", i), 1+i%23))
	return fmt.Sprintf("%s\nsha256:%x", text, sha256.Sum256([]byte(text)))
}

func crashEntities(i int) []liaison.Entity {
	return []liaison.Entity{
		{Kind: liaison.EntityContainer, Value: crashContainer},
		{Kind: liaison.EntityEmail, Value: fmt.Sprintf("courier%04d@example.org", i)},
	}
}

func crashMessage(i int) map[string]any {
	return map[string]any{
		"subject": crashSubject(i), "body": crashBody(i),
		"handling": map[string]any{"classification": "RESTRICTED", "tlp": "AMBER"},
		"entities": crashEntities(i),
	}
}

// crashList is one node's view of the messages, in its order.
type crashList struct {
	msgs      []liaison.Message
	ids       []string
	bySubject map[string]int // subject → position
}

// crashCheck compares the sender's messages in the case with the
// receiver's inbox and both with what the posters know.
func crashCheck(t *testing.T, in, ca *crashNode, caseID string, posts *crashPosts) (sent, got crashList) {
	t.Helper()
	errorf := limited(t, 25)
	sent = newCrashList(t, "sender", in.list("/api/v1/cases/"+caseID+"/messages"))
	got = newCrashList(t, "receiver", ca.list("/api/v1/inbox"))
	if len(sent.msgs) != len(got.msgs) {
		errorf("sender holds %d messages, receiver's inbox %d", len(sent.msgs), len(got.msgs))
	}
	for k := range min(len(sent.msgs), len(got.msgs)) {
		s, r := sent.msgs[k], got.msgs[k]
		if s.ID != r.ID || s.Subject != r.Subject || s.Body != r.Body || r.CaseID != caseID || !r.Inbound || r.From.Party != "in" {
			errorf("position %d: sender %s %q, receiver %s %q (case %s, inbound %v, from %s)",
				k, s.ID, s.Subject, r.ID, r.Subject, r.CaseID, r.Inbound, r.From.Party)
			break
		}
		if diff := cmp.Diff(s.Entities, r.Entities); diff != "" {
			errorf("position %d (%s): entities differ (-sender +receiver):\n%s", k, s.Subject, diff)
		}
		if s.State != liaison.StateDelivered && s.State != liaison.StateRead {
			errorf("position %d (%s): state %s on the sender, want delivered", k, s.Subject, s.State)
		}
	}
	for _, l := range []crashList{sent, got} {
		for _, m := range l.msgs {
			var i int
			if _, err := fmt.Sscanf(m.Subject, "msg %d", &i); err != nil || m.Subject != crashSubject(i) {
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
		if _, ok := got.bySubject[crashSubject(i)]; !ok {
			errorf("%q was answered 201 but is not in the receiver's inbox", crashSubject(i))
		}
	}
	// A message read on the receiver shows read on both sides; one whose
	// read went unanswered (the receiver killed) may show either.
	for k := range min(len(sent.msgs), len(got.msgs)) {
		s, r := sent.msgs[k], got.msgs[k]
		if posts.read[s.ID] && (s.State != liaison.StateRead || r.State != liaison.StateRead) {
			errorf("%q (%s) was read on the receiver: state %s on the sender, %s on the receiver, want read", s.Subject, s.ID, s.State, r.State)
		}
		if s.State == liaison.StateRead && r.State != liaison.StateRead {
			errorf("%q (%s): read on the sender, %s on the receiver", s.Subject, s.ID, r.State)
		}
	}
	// What one poster saw answered in turn, each node holds in that order.
	for p, idx := range posts.answered {
		for k := 1; k < len(idx); k++ {
			a, b := crashSubject(idx[k-1]), crashSubject(idx[k])
			if got.bySubject[a] > got.bySubject[b] {
				errorf("poster %d: %q was answered before %q but arrived after it", p, a, b)
			}
		}
	}
	return sent, got
}

// crashReceipts checks that the sender holds, for every message, one
// receipt signed by the receiver that names it as stored or as a
// duplicate (stored before, its first receipt lost in a crash). It
// returns how many were duplicates.
func crashReceipts(t *testing.T, in *crashNode, sent crashList, caCard string) int {
	t.Helper()
	errorf := limited(t, 25)
	f, err := os.Open(caCard)
	if err != nil {
		t.Fatal(err)
	}
	card, err := federation.DecodeCard(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	dups := 0
	for _, m := range sent.msgs {
		var view struct {
			liaison.Message
			Receipts []liaison.Receipt `json:"receipts"`
		}
		in.mustCall("GET", "/api/v1/messages/"+m.ID, nil, &view)
		if len(view.Receipts) != 1 {
			errorf("%q (%s): %d receipts, want 1", m.Subject, m.ID, len(view.Receipts))
			continue
		}
		r := view.Receipts[0]
		if err := federation.VerifyReceipt(r.Body, r.Sig, card.SigningKey); err != nil {
			errorf("%q (%s): receipt %s: %v", m.Subject, m.ID, r.ID, err)
			continue
		}
		var body federation.ReceiptBody
		if err := json.Unmarshal(r.Body, &body); err != nil {
			errorf("%q (%s): receipt %s: %v", m.Subject, m.ID, r.ID, err)
			continue
		}
		i := slices.IndexFunc(body.Items, func(o federation.Outcome) bool { return o.ID == m.ID })
		switch {
		case i < 0:
			errorf("%q (%s): receipt %s does not name it", m.Subject, m.ID, r.ID)
		case body.Items[i].Status == liaison.InboundDuplicate:
			dups++
		case body.Items[i].Status != liaison.InboundStored:
			errorf("%q (%s): receipt %s says %s %s", m.Subject, m.ID, r.ID, body.Items[i].Status, body.Items[i].Reason)
		}
	}
	return dups
}

// states lists "id state" per message, in order.
func (l crashList) states() []string {
	var out []string
	for _, m := range l.msgs {
		out = append(out, m.ID+" "+string(m.State))
	}
	return out
}

func newCrashList(t *testing.T, who string, msgs []liaison.Message) crashList {
	t.Helper()
	l := crashList{msgs: msgs, bySubject: map[string]int{}}
	seen := map[string]bool{}
	for k, m := range msgs {
		if seen[m.ID] {
			t.Errorf("%s holds message %s twice", who, m.ID)
		}
		seen[m.ID] = true
		if _, dup := l.bySubject[m.Subject]; dup {
			t.Errorf("%s holds %q twice", who, m.Subject)
		}
		l.bySubject[m.Subject] = k
		l.ids = append(l.ids, m.ID)
	}
	return l
}

// limited returns t.Errorf that falls silent after n errors, so that one
// systematic fault does not bury the rest of the log.
func limited(t *testing.T, n int) func(format string, args ...any) {
	count := 0
	return func(format string, args ...any) {
		t.Helper()
		switch count++; {
		case count <= n:
			t.Errorf(format, args...)
		case count == n+1:
			t.Errorf("more errors like these left out")
		}
	}
}

// drained waits until neither node has anything queued for the other.
func drained(t *testing.T, in, ca *crashNode) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		a, b := in.link("ca"), ca.link("in")
		if a.Queued == 0 && b.Queued == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still queued after 2 minutes: in→ca %d (last error %q), ca→in %d (last error %q)", a.Queued, a.LastError, b.Queued, b.LastError)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
