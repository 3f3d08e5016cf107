package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// maxAttempts bounds how often Update runs a function whose transaction
// PostgreSQL aborted for a deadlock or a serialization conflict.
const maxAttempts = 5

// Update runs fn in one transaction and returns once its commit is durable
// (PostgreSQL's synchronous_commit, on by default, decides durability; the
// store never turns it off). When fn returns an error or panics, the
// transaction rolls back. A transaction aborted for a deadlock or a
// serialization conflict runs fn again, up to a few times, then fails with
// EUNAVAILABLE. fn MUST NOT call Update and MUST NOT keep the Tx.
//
// Cancelling ctx stops the statement running and fails the Update; the
// commit itself, once fn has returned nil, is never cancelled halfway, so
// the outcome is certain when Update returns.
func (s *Store) Update(ctx context.Context, fn func(liaison.Tx) error) error {
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.closed.Load() {
			return liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
		}
		err := s.update(ctx, fn)
		if err == nil || attempt == maxAttempts || !retryable(err) {
			return err
		}
		// Back off a little, at random, so that the transactions that
		// deadlocked do not meet again at once.
		d := time.Duration(rand.Int64N(int64(attempt) * int64(5*time.Millisecond)))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
	}
}

// update makes one attempt at Update.
func (s *Store) update(ctx context.Context, fn func(liaison.Tx) error) error {
	ptx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return wrap("begin transaction", err)
	}
	// Rollback and commit end the transaction whatever happened to ctx:
	// they release the connection, and the outcome must be known. The
	// deferred rollback also runs when fn panics or calls runtime.Goexit
	// (t.Fatal in a test), and does nothing after a commit.
	end := context.WithoutCancel(ctx)
	t := &tx{ctx: ctx, tx: ptx}
	defer func() {
		t.done = true
		_ = ptx.Rollback(end)
	}()
	if err := fn(t); err != nil {
		return err
	}
	t.done = true
	if err := ptx.Commit(end); err != nil {
		// pgx reports a transaction that a failed statement had already
		// aborted (fn ignored the error) as ErrTxCommitRollback.
		return wrap("commit", err)
	}
	return nil
}

// tx is the liaison.Tx of one Update attempt.
type tx struct {
	ctx  context.Context
	tx   pgx.Tx
	done bool
}

var errTxDone = errors.New("postgres: Tx used after its Update function returned")

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
