package sqlite

import (
	"context"

	"github.com/liaison-project/liaison"
)

// AuditEntries returns up to limit entries with Index > after, in order;
// limit <= 0 means 100.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]liaison.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.query(ctx, `SELECT idx, time, party, agency, officer, action, object, decision, reasons, content_hash
		FROM audit WHERE idx > ? ORDER BY idx LIMIT ?`, after, limit)
	if err != nil {
		return nil, wrap("read audit log", err)
	}
	defer rows.Close()
	var es []liaison.AuditEntry
	for rows.Next() {
		var (
			e           liaison.AuditEntry
			at, reasons string
		)
		if err := rows.Scan(&e.Index, &at, &e.Party, &e.Agency, &e.Officer, &e.Action, &e.Object, &e.Decision,
			&reasons, &e.ContentHash); err != nil {
			return nil, wrap("read audit log", err)
		}
		if e.Time, err = parseTime(at); err != nil {
			return nil, wrap("read audit log", err)
		}
		if err := decode(reasons, &e.Reasons); err != nil {
			return nil, wrap("read audit log", err)
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read audit log", err)
	}
	return es, nil
}

// AppendAudit stores e as the next entry of the log and sets e.Index. The
// index is computed in the INSERT itself: the writer is alone, so the
// log has no gaps and no index twice.
func (t *tx) AppendAudit(e *liaison.AuditEntry) error {
	if err := t.check(); err != nil {
		return err
	}
	reasons, err := encode(e.Reasons)
	if err != nil {
		return wrap("append audit entry", err)
	}
	var idx int64
	err = t.s.w.queryRow(t.wctx, `INSERT INTO audit (idx, time, party, agency, officer, action, object, decision, reasons, content_hash)
		VALUES ((SELECT coalesce(max(idx), 0) + 1 FROM audit), ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING idx`,
		fmtTime(e.Time), e.Party, e.Agency, e.Officer, e.Action, e.Object, e.Decision, reasons, e.ContentHash).Scan(&idx)
	if err != nil {
		return wrap("append audit entry", err)
	}
	e.Index = idx
	return nil
}
