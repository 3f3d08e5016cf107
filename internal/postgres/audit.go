package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// AuditEntries returns up to limit entries with Index > after, in order;
// limit <= 0 means 100.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]liaison.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT idx, time, party, agency, officer, action, object, decision, reasons, content_hash
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

// AppendAudit stores e as the next entry of the log and sets e.Index. One
// statement advances audit_head and inserts the entry; the head's row stays
// locked until the transaction ends, so appends from every process take
// turns, the log has no gaps and no index twice, and entries become visible
// in index order.
func (t *tx) AppendAudit(e *liaison.AuditEntry) error {
	if err := t.check(); err != nil {
		return err
	}
	reasons, err := encode(e.Reasons)
	if err != nil {
		return wrap("append audit entry", err)
	}
	var idx int64
	err = t.tx.QueryRow(t.ctx, `WITH h AS (UPDATE audit_head SET idx = idx + 1 RETURNING idx)
		INSERT INTO audit (idx, time, party, agency, officer, action, object, decision, reasons, content_hash)
		SELECT h.idx, $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM h RETURNING idx`,
		e.Time, e.Party, e.Agency, e.Officer, e.Action, e.Object, e.Decision, reasons, e.ContentHash).Scan(&idx)
	if err != nil {
		return wrap("append audit entry", err)
	}
	e.Index = idx
	return nil
}
