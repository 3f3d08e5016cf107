package postgres_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/postgres"
)

// The tests in this file open two Stores on one database, as two `liaison
// serve` processes sharing PostgreSQL have: nothing held in Go memory
// (mutexes, counters) can keep them apart, only the database.

// twoStores returns two stores on one new database, with peer "in" and a
// case.
func twoStores(t *testing.T) (a, b *postgres.Store, caseID string) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	a, b = mustOpen(t, dsn), mustOpen(t, dsn)
	caseID = "0193c000-0000-7000-8000-000000000001"
	err := a.Update(t.Context(), func(tx liaison.Tx) error {
		if err := tx.PutPeer(&liaison.Peer{Card: liaison.Card{Party: "in", Name: "in"}, Added: now}); err != nil {
			return err
		}
		return tx.CreateCase(&liaison.Case{ID: caseID, Title: "t", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca", "in"}, Origin: "ca", Created: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b, caseID
}

// TestProcessesEnqueueAudit: writers on two stores get every sequence
// number of the link and every audit index exactly once, and each index
// holds the entry it was given for.
func TestProcessesEnqueueAudit(t *testing.T) {
	const writers, each = 8, 40 // per store
	a, b, _ := twoStores(t)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seqs = make(map[int64]string)
		idxs = make(map[int64]string)
	)
	for si, s := range []*postgres.Store{a, b} {
		for w := range writers {
			wg.Go(func() {
				for n := range each {
					name := fmt.Sprintf("s%d-w%d-%d", si, w, n)
					it := &liaison.OutboxItem{Peer: "in", Kind: liaison.KindMessage, ObjectID: name, Payload: []byte("{}"), Created: now}
					e := &liaison.AuditEntry{Time: now, Party: "ca", Action: "message.send", Object: name}
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						if err := tx.Enqueue(it); err != nil {
							return err
						}
						return tx.AppendAudit(e)
					})
					if err != nil {
						t.Errorf("%s: %v", name, err)
						return
					}
					mu.Lock()
					if seqs[it.Seq] != "" || idxs[e.Index] != "" {
						t.Errorf("%s: seq %d or index %d given twice (%q, %q)", name, it.Seq, e.Index, seqs[it.Seq], idxs[e.Index])
					}
					seqs[it.Seq], idxs[e.Index] = name, name
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()

	const total = 2 * writers * each
	items, err := a.Outbox(t.Context(), "in", total+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != total {
		t.Fatalf("Outbox = %d items, want %d", len(items), total)
	}
	for i, it := range items {
		if it.Seq != int64(i+1) || seqs[it.Seq] != it.ObjectID {
			t.Fatalf("outbox item %d = seq %d, object %s; want seq %d, object %s", i, it.Seq, it.ObjectID, i+1, seqs[it.Seq])
		}
	}
	entries, err := b.AuditEntries(t.Context(), 0, total+10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != total {
		t.Fatalf("AuditEntries = %d, want %d", len(entries), total)
	}
	for i, e := range entries {
		if e.Index != int64(i+1) || idxs[e.Index] != e.Object {
			t.Fatalf("audit entry %d = index %d, object %s; want index %d, object %s", i, e.Index, e.Object, i+1, idxs[e.Index])
		}
	}
	links, err := b.Links(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if l := links[0]; l.NextSeq != total+1 || l.Queued != total {
		t.Errorf("link: next seq %d, queued %d; want %d, %d", l.NextSeq, l.Queued, total+1, total)
	}
}

// TestProcessesTake: two stores take the same inbound items at once, as
// two processes given the same envelope would; for each sequence exactly
// one stores the message, the other sees a duplicate and stores nothing.
func TestProcessesTake(t *testing.T) {
	const items = 60
	a, b, caseID := twoStores(t)
	var wins [2]int
	for seq := int64(1); seq <= items; seq++ {
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			dup   [2]bool
		)
		for i, s := range []*postgres.Store{a, b} {
			wg.Go(func() {
				<-start
				err := s.Update(t.Context(), func(tx liaison.Tx) error {
					var err error
					dup[i], err = tx.Take(&liaison.InboundItem{Peer: "in", Seq: seq, EnvelopeID: "e", Kind: liaison.KindMessage,
						ObjectID: fmt.Sprint(seq), Status: liaison.InboundStored, Received: now})
					if err != nil || dup[i] {
						return err
					}
					// What the node does with an item it has not seen.
					return tx.CreateMessage(&liaison.Message{ID: fmt.Sprintf("m%d", seq), CaseID: caseID, Inbound: true,
						State: liaison.StateDelivered, Created: now, Received: &now})
				})
				if err != nil {
					t.Errorf("store %d, Take(%d): %v", i, seq, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if dup[0] == dup[1] {
			t.Fatalf("Take(%d): duplicate = %v on both stores, want exactly one winner", seq, dup[0])
		}
		if !dup[0] {
			wins[0]++
		} else {
			wins[1]++
		}
	}
	ms, _, err := a.Messages(t.Context(), liaison.MessageFilter{Inbound: new(true), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != items {
		t.Errorf("stored %d inbound messages, want %d", len(ms), items)
	}
	links, err := b.Links(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if links[0].LastInSeq != items {
		t.Errorf("LastInSeq = %d, want %d", links[0].LastInSeq, items)
	}
	t.Logf("wins: store a %d, store b %d", wins[0], wins[1])
}

// TestProcessesSettle: two stores settle the same item at once; both
// succeed and the item is settled once, by one of them.
func TestProcessesSettle(t *testing.T) {
	a, b, _ := twoStores(t)
	err := a.Update(t.Context(), func(tx liaison.Tx) error {
		return tx.Enqueue(&liaison.OutboxItem{Peer: "in", Kind: liaison.KindMessage, ObjectID: "x", Payload: []byte("{}"), Created: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i, s := range []*postgres.Store{a, b} {
		wg.Go(func() {
			<-start
			err := s.Update(t.Context(), func(tx liaison.Tx) error {
				return tx.Settle("in", 1, liaison.StateDelivered, "", fmt.Sprintf("r%d", i), now)
			})
			if err != nil {
				t.Errorf("store %d: Settle: %v", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if items, err := a.Outbox(t.Context(), "in", 10); err != nil || len(items) != 0 {
		t.Errorf("Outbox after Settle = %v, %v; want empty", items, err)
	}
}

// TestProcessesDirectory: two stores replace the same party's directory at
// once, again and again; none fails, and the directory is one of theirs.
func TestProcessesDirectory(t *testing.T) {
	const rounds = 20
	a, b, _ := twoStores(t)
	var wg sync.WaitGroup
	for i, s := range []*postgres.Store{a, b} {
		wg.Go(func() {
			for r := range rounds {
				agencies := []liaison.Agency{{Party: "in", Code: "ncb", Name: fmt.Sprintf("NCB %d/%d", i, r)}, {Party: "in", Code: "nia", Name: "NIA"}}
				officers := []liaison.Officer{{ID: "in-o1", Party: "in", Agency: "ncb", Name: "Insp. Rao", Role: liaison.RoleLiaison, Created: now}}
				err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.ReplaceDirectory("in", agencies, officers) })
				if err != nil {
					t.Errorf("store %d, round %d: ReplaceDirectory: %v", i, r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	agencies, officers, err := a.Directory(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(agencies) != 2 || len(officers) != 1 || !strings.HasPrefix(agencies[0].Name, "NCB ") {
		t.Errorf("Directory = %v, %v; want two agencies and one officer", agencies, officers)
	}
}

// TestPageNeverSkips: a message whose transaction commits after a later
// one's is not skipped by a client that pages with cursors. Store a's
// Update stores message A and waits; store b's stores B1 and B2 and commits
// first. A client reading pages meanwhile, then going on from the last
// cursor it was given once A commits, sees every message.
func TestPageNeverSkips(t *testing.T) {
	a, b, caseID := twoStores(t)
	msg := func(id string) *liaison.Message {
		return &liaison.Message{ID: id, CaseID: caseID, Inbound: true, State: liaison.StateDelivered, Created: now, Received: &now}
	}
	create := func(s *postgres.Store, ids ...string) {
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			for _, id := range ids {
				if err := tx.CreateMessage(msg(id)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	create(b, "m0", "m1")

	created, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- a.Update(t.Context(), func(tx liaison.Tx) error {
			if err := tx.CreateMessage(msg("A")); err != nil {
				return err
			}
			close(created)
			<-release
			return nil
		})
	}()
	<-created
	create(b, "B1", "B2")

	// The client reads pages of one, as an inbox poller would, keeping the
	// cursor it passed for the page it is on.
	seen := make(map[string]int)
	after := ""
	read := func() {
		for range 20 {
			ms, next, err := b.Messages(t.Context(), liaison.MessageFilter{Inbound: new(true), After: after, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				seen[m.ID]++
			}
			if next == "" {
				return
			}
			after = next
		}
		t.Fatal("too many pages")
	}
	read()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	read()

	var missing []string
	for _, id := range []string{"m0", "m1", "A", "B1", "B2"} {
		if seen[id] == 0 {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("the client never saw %v (saw %v)", missing, seen)
	}
}
