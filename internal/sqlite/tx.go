package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/liaison-project/liaison"
)

// maxGroup bounds how many Update calls share one commit, and so how long
// the first of them waits for it.
const maxGroup = 256

// group is the writer's state: the transaction that a group of Update
// calls shares (see the package documentation).
type group struct {
	mu      sync.Mutex   // held by the Update call running on the writer
	waiting atomic.Int64 // Update calls blocked on mu; the holder commits only when none are
	open    *batch       // the transaction open on the writer; nil between transactions
	closed  bool
}

// batch is one write transaction and the Update calls it holds.
type batch struct {
	n    int           // Update calls whose writes it holds
	done chan struct{} // closed when it has committed or failed
	err  error         // how it ended; set before done is closed
}

// Update runs fn in a write transaction and returns once the transaction
// is durable on disk. fn runs with the writer to itself; it MUST NOT call
// Update (that waits for itself) and MUST NOT keep the Tx.
//
// Cancelling ctx stops fn at its next Tx call (which returns ctx's error)
// and is never able to interrupt a statement halfway: an interrupted
// statement would make SQLite roll back the other calls in the group too.
func (s *Store) Update(ctx context.Context, fn func(liaison.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g := &s.g
	g.waiting.Add(1)
	g.mu.Lock()
	g.waiting.Add(-1)
	if g.closed {
		g.mu.Unlock()
		return liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	if err := ctx.Err(); err != nil {
		s.settle()
		g.mu.Unlock()
		return err
	}

	b, err := s.begin()
	if err != nil {
		g.mu.Unlock()
		return err
	}
	// The first call of a transaction needs no savepoint: if it fails,
	// ROLLBACK undoes exactly its writes.
	sp := b.n > 0
	if sp {
		if err := s.exec("SAVEPOINT u"); err != nil {
			s.abort(b, err)
			g.mu.Unlock()
			return b.err
		}
	}

	t := &tx{s: s, ctx: ctx, wctx: context.WithoutCancel(ctx)}
	p, ferr := call(t, fn)
	t.done = true

	switch {
	case ferr == nil && p == nil:
		if sp {
			if err := s.exec("RELEASE u"); err != nil {
				s.abort(b, err)
				break
			}
		}
		b.n++
	case sp:
		if err := s.exec("ROLLBACK TO u"); err != nil {
			// SQLite rolled the whole transaction back on its own (after
			// an I/O error, say): the group's writes are gone.
			s.abort(b, err)
		} else if err := s.exec("RELEASE u"); err != nil {
			s.abort(b, err)
		}
	default:
		// A failed statement may already have ended the transaction;
		// either way nothing of it remains.
		_ = s.exec("ROLLBACK")
		g.open = nil
	}
	s.settle()
	g.mu.Unlock()

	if p != nil {
		panic(p)
	}
	if ferr != nil {
		return ferr
	}
	<-b.done
	return b.err
}

// call runs fn and turns a panic into a value, so that Update can undo the
// call's writes and release the writer before panicking again.
func call(t *tx, fn func(liaison.Tx) error) (p any, err error) {
	defer func() {
		if v := recover(); v != nil {
			p = v
		}
	}()
	return nil, fn(t)
}

// begin returns the open transaction, or opens one. g.mu is held.
func (s *Store) begin() (*batch, error) {
	if b := s.g.open; b != nil {
		return b, nil
	}
	if err := s.exec("BEGIN IMMEDIATE"); err != nil {
		return nil, wrap("begin transaction", err)
	}
	b := &batch{done: make(chan struct{})}
	s.g.open = b
	return b, nil
}

// settle commits the open transaction unless another Update call is about
// to join it. g.mu is held. A call counted in waiting always takes g.mu
// later and settles in turn, so a transaction is never left open.
func (s *Store) settle() {
	if b := s.g.open; b != nil && (s.g.waiting.Load() == 0 || b.n >= maxGroup) {
		s.finish(b)
	}
}

// finish commits b and wakes the calls it holds. g.mu is held.
func (s *Store) finish(b *batch) {
	if err := s.exec("COMMIT"); err != nil {
		_ = s.exec("ROLLBACK")
		b.err = wrap("commit", err)
	}
	s.g.open = nil
	close(b.done)
}

// abort ends b without committing after the database failed under it, and
// fails every call it holds. g.mu is held.
func (s *Store) abort(b *batch, cause error) {
	_ = s.exec("ROLLBACK")
	b.err = wrap("transaction aborted", cause)
	s.g.open = nil
	close(b.done)
}

// exec runs a transaction-control statement on the writer. No caller's
// context applies: these statements end or protect everyone's writes.
func (s *Store) exec(query string) error {
	_, err := s.w.exec(context.Background(), query)
	return err
}

// tx is the liaison.Tx of one Update call.
type tx struct {
	s    *Store
	ctx  context.Context // the caller's; checked before every method
	wctx context.Context // for statements: never cancelled (see Update)
	done bool
}

var errTxDone = errors.New("sqlite: Tx used after its Update function returned")

// check reports whether the Tx may still be used.
func (t *tx) check() error {
	if t.done {
		return errTxDone
	}
	if err := t.ctx.Err(); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}
