package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// conn is what a handle runs statements on: the reader pool (*sql.DB) or
// the writer's connection (*sql.Conn).
type conn interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// handle runs statements on a conn, preparing each query text once: the
// queries are constants, so the cache is bounded by the program's text.
// Parsing and planning a statement costs more than running most of ours.
type handle struct {
	c     conn
	mu    sync.RWMutex // readers look up statements far more often than they add one
	stmts map[string]*sql.Stmt
}

func newHandle(c conn) *handle {
	return &handle{c: c, stmts: make(map[string]*sql.Stmt)}
}

func (h *handle) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	h.mu.RLock()
	st, ok := h.stmts[query]
	h.mu.RUnlock()
	if ok {
		return st, nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if st, ok := h.stmts[query]; ok {
		return st, nil
	}
	st, err := h.c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	h.stmts[query] = st
	return st, nil
}

func (h *handle) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := h.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (h *handle) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := h.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (h *handle) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := h.stmt(ctx, query)
	if err != nil {
		// An unprepared query fails the same way again, and the Row then
		// carries the error to Scan, where every caller checks it.
		return h.c.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (h *handle) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for q, st := range h.stmts {
		st.Close()
		delete(h.stmts, q)
	}
}

// queryer runs a query: a handle, or a handle's statements inside a
// read transaction (inTx).
type queryer interface {
	query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// inTx runs a handle's prepared statements inside the read transaction t,
// so that several queries see one snapshot.
type inTx struct {
	h *handle
	t *sql.Tx
}

func (q inTx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := q.h.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return q.t.StmtContext(ctx, st).QueryContext(ctx, args...)
}
