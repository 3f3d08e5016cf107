package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// AuditEntries returns up to limit entries with Index > after, in order;
// limit <= 0 means 100.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]liaison.AuditEntry, error) {
	return auditEntries(ctx, s.pool, after, limit)
}

func auditEntries(ctx context.Context, q querier, after int64, limit int) ([]liaison.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.Query(ctx, `SELECT idx, time, party, agency, officer, action, object, decision, reasons, content_hash
		FROM audit WHERE idx > $1 ORDER BY idx LIMIT $2`, after, limit)
	if err != nil {
		return nil, wrap("read audit log", err)
	}
	es, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.AuditEntry, error) {
		var (
			e       liaison.AuditEntry
			reasons []byte
		)
		if err := r.Scan(&e.Index, &e.Time, &e.Party, &e.Agency, &e.Officer, &e.Action, &e.Object, &e.Decision,
			&reasons, &e.ContentHash); err != nil {
			return e, err
		}
		return e, decode(reasons, &e.Reasons)
	})
	if err != nil {
		return nil, wrap("read audit log", err)
	}
	return nilIfEmpty(es), nil
}

// AppendAudit stores e as the next entry of the log, with its leaf hash,
// and advances the tree, and sets e.Index. It locks the tree's one row
// until the transaction ends, so appends from every process take turns,
// the log has no gaps and no index twice, and entries become visible in
// index order; a rolled-back append gives its index back.
func (t *tx) AppendAudit(e *liaison.AuditEntry) error {
	if err := t.check(); err != nil {
		return err
	}
	reasons, err := encode(e.Reasons)
	if err != nil {
		return wrap("append audit entry", err)
	}
	tree, err := lockTree(t.ctx, t.tx)
	if err != nil {
		return wrap("append audit entry", err)
	}
	entry := *e
	entry.Index = tree.Size + 1
	leaf, _ := liaison.AuditLeafHash(&entry, nil)
	tree.Append(leaf)
	_, err = t.tx.Exec(t.ctx, `WITH a AS (
			INSERT INTO audit (idx, time, party, agency, officer, action, object, decision, reasons, content_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		), l AS (
			INSERT INTO audit_leaves (idx, hash) VALUES ($1, $11)
		)
		UPDATE audit_tree SET size = $1, compact = $12`,
		entry.Index, e.Time, e.Party, e.Agency, e.Officer, e.Action, e.Object, e.Decision, reasons, e.ContentHash,
		leaf[:], tree.MarshalRange())
	if err != nil {
		return wrap("append audit entry", err)
	}
	e.Index = entry.Index
	return nil
}

// lockTree reads the tree's state and locks its row until the transaction
// ends.
func lockTree(ctx context.Context, q pgx.Tx) (liaison.AuditTree, error) {
	var (
		size    int64
		compact []byte
	)
	if err := q.QueryRow(ctx, `SELECT size, compact FROM audit_tree FOR UPDATE`).Scan(&size, &compact); err != nil {
		return liaison.AuditTree{}, fmt.Errorf("read audit tree: %w", err)
	}
	return liaison.ParseAuditTree(size, compact)
}
