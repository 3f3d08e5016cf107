package storetest

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/liaison-project/liaison"
)

func testConcurrent(t *testing.T, open Open) {
	t.Run("Writers", func(t *testing.T) {
		// Writers racing on one link get every sequence number and every
		// audit index exactly once.
		const writers, each = 8, 50
		s := open(t)
		seed(t, s)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for n := range each {
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						if err := tx.Enqueue(newItem("in", fmt.Sprintf("w%d-%d", w, n))); err != nil {
							return err
						}
						return tx.AppendAudit(newEntry(n))
					})
					if err != nil {
						t.Errorf("writer %d, update %d: %v", w, n, err)
						return
					}
				}
			})
		}
		wg.Wait()

		items, err := s.Outbox(t.Context(), "in", writers*each+10)
		wantNoError(t, "Outbox", err)
		var seqs []int64
		objects := make(map[string]bool)
		for _, it := range items {
			seqs = append(seqs, it.Seq)
			objects[it.ObjectID] = true
		}
		diff(t, "sequences", seqs, count(writers*each))
		if len(objects) != writers*each {
			t.Errorf("outbox holds %d distinct objects, want %d", len(objects), writers*each)
		}
		entries, err := s.AuditEntries(t.Context(), 0, writers*each+10)
		wantNoError(t, "AuditEntries", err)
		var idxs []int64
		for _, e := range entries {
			idxs = append(idxs, e.Index)
		}
		diff(t, "audit indexes", idxs, count(writers*each))
		links, err := s.Links(t.Context())
		wantNoError(t, "Links", err)
		if l := links[0]; l.NextSeq != writers*each+1 || l.Queued != writers*each {
			t.Errorf("link: next seq %d, queued %d; want %d, %d", l.NextSeq, l.Queued, writers*each+1, writers*each)
		}
	})
	t.Run("Failures", func(t *testing.T) {
		// Updates that fail, among concurrent ones that succeed, leave
		// nothing; the others are all there.
		const writers, each = 8, 30
		s := open(t)
		seed(t, s)
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			kept []string
		)
		for w := range writers {
			wg.Go(func() {
				for n := range each {
					c := newCase(1000 + w*each + n)
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						if err := tx.CreateCase(c); err != nil {
							return err
						}
						if err := tx.AppendAudit(newEntry(n)); err != nil {
							return err
						}
						switch n % 3 {
						case 1:
							return errRollback
						case 2:
							return tx.CreateCase(newCase(1)) // exists: ECONFLICT
						}
						return nil
					})
					switch {
					case n%3 == 0 && err != nil:
						t.Errorf("writer %d, update %d: %v", w, n, err)
					case n%3 == 1 && err != errRollback:
						t.Errorf("writer %d, update %d = %v, want the function's error", w, n, err)
					case n%3 == 2 && liaison.ErrorCode(err) != liaison.ECONFLICT:
						t.Errorf("writer %d, update %d = %v, want ECONFLICT", w, n, err)
					}
					if err == nil {
						mu.Lock()
						kept = append(kept, c.ID)
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()

		var got []string
		for _, c := range pageAll(t, s, liaison.CaseFilter{Limit: 1000}) {
			if c.ID != id(kindCase, 1) {
				got = append(got, c.ID)
			}
		}
		slices.Sort(got)
		slices.Sort(kept)
		diff(t, "stored cases", got, kept)
		entries, err := s.AuditEntries(t.Context(), 0, 1000)
		wantNoError(t, "AuditEntries", err)
		if len(entries) != len(kept) || len(entries) > 0 && entries[len(entries)-1].Index != int64(len(kept)) {
			t.Errorf("audit log holds %d entries, want %d numbered from 1", len(entries), len(kept))
		}
	})
	t.Run("QueueOrder", func(t *testing.T) {
		// Messages stored by racing transactions that queue them before
		// any other write list in the order of their sequence numbers: the
		// order in which the peer receives and lists them.
		const writers, each = 8, 40
		s := open(t)
		c := seed(t, s)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for n := range each {
					m := newMessage(w*each+n+1, c.ID)
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						if err := tx.Enqueue(newItem("in", m.ID)); err != nil {
							return err
						}
						if err := tx.CreateMessage(m); err != nil {
							return err
						}
						return tx.AppendAudit(newEntry(n))
					})
					if err != nil {
						t.Errorf("writer %d, update %d: %v", w, n, err)
						return
					}
				}
			})
		}
		wg.Wait()

		items, err := s.Outbox(t.Context(), "in", writers*each+10)
		wantNoError(t, "Outbox", err)
		var queued, listed []string
		for _, it := range items {
			queued = append(queued, it.ObjectID)
		}
		for after := ""; ; {
			ms, next, err := s.Messages(t.Context(), liaison.MessageFilter{After: after, Limit: 50})
			wantNoError(t, "Messages", err)
			for _, m := range ms {
				listed = append(listed, m.ID)
			}
			if next == "" {
				break
			}
			after = next
		}
		diff(t, "messages listed (want the outbox's sequence order)", listed, queued)
	})
	t.Run("ReadsDuringWrites", func(t *testing.T) {
		// Readers never wait for writers, and never see half of an Update:
		// a message is always seen with its delivery.
		const writers, each, readers = 4, 40, 4
		s := open(t)
		c := seed(t, s)
		var (
			wg, rg sync.WaitGroup
			done   atomic.Bool
			reads  atomic.Int64
		)
		for r := range readers {
			rg.Go(func() {
				for !done.Load() || reads.Load() < readers {
					reads.Add(1)
					ms, _, err := s.Messages(t.Context(), liaison.MessageFilter{Limit: 1000})
					if err != nil {
						t.Errorf("reader %d: Messages: %v", r, err)
						return
					}
					for _, m := range ms {
						if len(m.Deliveries) != 1 {
							t.Errorf("reader %d: message %s seen with %d deliveries, want 1", r, m.ID, len(m.Deliveries))
							return
						}
					}
					if _, err := s.Links(t.Context()); err != nil {
						t.Errorf("reader %d: Links: %v", r, err)
						return
					}
					if _, err := s.Case(t.Context(), c.ID); err != nil {
						t.Errorf("reader %d: Case: %v", r, err)
						return
					}
				}
			})
		}
		for w := range writers {
			wg.Go(func() {
				for n := range each {
					m := newMessage(w*each+n+1, c.ID)
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						if err := tx.CreateMessage(m); err != nil {
							return err
						}
						if err := tx.Enqueue(newItem("in", m.ID)); err != nil {
							return err
						}
						return tx.AppendAudit(newEntry(n))
					})
					if err != nil {
						t.Errorf("writer %d: %v", w, err)
						return
					}
				}
			})
		}
		wg.Wait()
		done.Store(true)
		rg.Wait()

		ms, _, err := s.Messages(t.Context(), liaison.MessageFilter{Limit: 1000})
		wantNoError(t, "Messages", err)
		if len(ms) != writers*each {
			t.Errorf("Messages = %d, want %d", len(ms), writers*each)
		}
	})
}

// count returns 1, 2, ..., n.
func count(n int) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i + 1)
	}
	return s
}
