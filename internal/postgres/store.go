// Package postgres is the [liaison.Store] on PostgreSQL, for a node that
// outgrows one machine: several `liaison serve` processes share one
// database, and every guarantee of the Store holds across them. The driver
// is github.com/jackc/pgx/v5, through its connection pool.
//
// # Transactions
//
// Each [Store.Update] is one READ COMMITTED transaction on a pooled
// connection; the read methods use the pool directly. What must not race is
// held by row locks that last until commit, taken by the statement that
// changes the row, so concurrent Updates from any number of processes queue
// only where they touch the same thing:
//
//   - the link row of a peer: Enqueue draws the next sequence by updating it,
//     Take reads the last inbound sequence FOR UPDATE, so a link's sequences
//     have no gap and no duplicate, and one of two processes taking the same
//     item wins;
//   - the one row of audit_head: AppendAudit advances it, so the audit log's
//     indexes are dense and become visible in order. Every Update that
//     audits takes its turn there, which bounds the rate of audited writes
//     by the commit latency; the Merkle log built on the indexes needs that
//     order;
//   - transaction-scoped advisory locks per party: ReplaceDirectory, and
//     Enqueue before it updates the link row (see Pages).
//
// Locks are taken in the order links (by party), then audit_head, when
// callers enqueue before they audit, as the node does. A transaction that
// PostgreSQL aborts to break a deadlock, or that fails on a serialization
// conflict or on a connection that broke before anything was sent, runs
// again from the start, up to a few times; fn MUST therefore leave no trace
// outside the Tx but values it sets again on each run.
//
// On PostgreSQL a statement that fails ends its transaction. The Tx
// methods therefore never let the database fail on what they report as
// ECONFLICT or ENOTFOUND (an existing id is an INSERT ... ON CONFLICT DO
// NOTHING that inserts nothing, a missing case or peer a guarded INSERT), so
// that fn may go on after those, as with SQLite. After any other failure,
// the transaction is over and later calls fail too; fn should return the
// error.
//
// PostgreSQL makes each commit durable itself, and flushes the commits of
// concurrent transactions together where their locks let them; the group
// commit of internal/sqlite is not needed.
//
// # Pages
//
// Cases, messages and approvals are listed in the order of the
// transactions that stored them, and a page shows only what no running
// transaction can still precede (see migrations/0001_init.sql): a client
// paging with a cursor never skips a row, even when many processes write at
// once. The price is that a row shows only once every transaction that
// began writing before it has ended: a write transaction left open on the
// same server (a forgotten psql session) delays what pages show, though it
// loses nothing. Set the server's idle_in_transaction_session_timeout.
//
// The order of the transactions is the order in which they first wrote,
// not the order of their commits. A caller that wants the rows it queues to
// a peer listed in the order of the link's sequence, as the peer lists
// them, calls Enqueue before any other write of the transaction, as the
// node does; Enqueue's advisory lock does the rest (see outbox.go).
//
// # Values
//
// Times are kept to the microsecond, PostgreSQL's precision, and read back
// in UTC. JSON values are kept as written, byte strings exactly.
//
// # Schema
//
// Migrations are the SQL files in migrations/, embedded in the binary and
// applied by [Open] in one transaction under an advisory lock;
// schema_migrations records which ones ran. The role in the DSN must be able
// to create tables in the database's search path the first time.
package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/liaison-project/liaison"
)

var _ liaison.Store = (*Store)(nil)

// Store is a Liaison store in a PostgreSQL database. It is safe for
// concurrent use, and several Stores, in one process or many, may share a
// database. Close it when done.
type Store struct {
	pool      *pgxpool.Pool
	closed    atomic.Bool
	closeOnce sync.Once
}

// Open connects to the PostgreSQL database named by dsn (a URL,
// postgres://user:password@host:port/database?sslmode=verify-full, or
// key=value pairs, as libpq takes them; pool_max_conns and the other pgxpool
// settings are accepted) and applies the migrations it has not seen yet.
// The error is EUNAVAILABLE when the server cannot be reached. Errors never
// contain the password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgconn redacts the password from the error it returns.
		return nil, &liaison.Error{Code: liaison.EINVALID, Message: "invalid PostgreSQL DSN", Err: err}
	}
	where := fmt.Sprintf("postgres database %q on %s:%d", cfg.ConnConfig.Database, cfg.ConnConfig.Host, cfg.ConnConfig.Port)
	if _, ok := cfg.ConnConfig.RuntimeParams["timezone"]; !ok {
		// Times travel in binary, as instants; this only makes what the
		// server prints (logs, psql) read as the store means it.
		cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	}
	after := cfg.AfterConnect
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		c.TypeMap().RegisterType(&pgtype.Type{
			Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
		})
		if after != nil {
			return after(ctx, c)
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrap("open "+where, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, wrap("open "+where, err)
	}
	s := &Store{pool: pool}
	if err := s.catchUpAudit(ctx); err != nil {
		pool.Close()
		return nil, wrap("open "+where, err)
	}
	return s, nil
}

// Close closes the store's connections, waiting for the Update calls in
// progress to end. Update calls after Close fail with EUNAVAILABLE.
// Closing again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		s.pool.Close()
	})
	return nil
}
