package sqlite

import (
	"context"
	"fmt"

	"github.com/liaison-project/liaison"
)

// AuditEntries returns up to limit entries with Index > after, in order;
// limit <= 0 means 100.
func (s *Store) AuditEntries(ctx context.Context, after int64, limit int) ([]liaison.AuditEntry, error) {
	return auditEntries(ctx, s.r, after, limit)
}

// auditAfter reads entries as AuditEntries does, on the writer, in the
// transaction.
func (t *tx) auditAfter(after int64, limit int) ([]liaison.AuditEntry, error) {
	return auditEntries(t.wctx, t.s.w, after, limit)
}

func auditEntries(ctx context.Context, h *handle, after int64, limit int) ([]liaison.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := h.query(ctx, `SELECT idx, time, party, agency, officer, action, object, decision, reasons, content_hash
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
		// Most entries have no reasons: spare them the JSON decoder,
		// which audit verify would otherwise spend a tenth of its time in.
		switch reasons {
		case "null":
		case "[]":
			e.Reasons = []string{}
		default:
			if err := decode(reasons, &e.Reasons); err != nil {
				return nil, wrap("read audit log", err)
			}
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read audit log", err)
	}
	return es, nil
}

// AppendAudit stores e as the next entry of the log, with its leaf hash,
// and advances the tree, and sets e.Index. The writer is alone, so the log
// has no gaps and no index twice; the tree is read in the transaction, so
// a rolled-back append (a savepoint of a group commit) leaves no trace.
func (t *tx) AppendAudit(e *liaison.AuditEntry) error {
	if err := t.check(); err != nil {
		return err
	}
	reasons, err := encode(e.Reasons)
	if err != nil {
		return wrap("append audit entry", err)
	}
	tree, err := readTree(t.wctx, t.s.w)
	if err != nil {
		return wrap("append audit entry", err)
	}
	idx := tree.Size + 1
	entry := *e
	entry.Index = idx
	leaf, _ := liaison.AuditLeafHash(&entry, nil)
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO audit (idx, time, party, agency, officer, action, object, decision, reasons, content_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		idx, fmtTime(e.Time), e.Party, e.Agency, e.Officer, e.Action, e.Object, e.Decision, reasons, e.ContentHash); err != nil {
		return wrap("append audit entry", err)
	}
	if err := appendLeaf(t.wctx, t.s.w, &tree, leaf); err != nil {
		return wrap("append audit entry", err)
	}
	e.Index = idx
	return nil
}

// appendLeaf stores the leaf hash of entry tree.Size+1 and the tree with
// it.
func appendLeaf(ctx context.Context, w *handle, tree *liaison.AuditTree, leaf liaison.AuditHash) error {
	if _, err := w.exec(ctx, `INSERT INTO audit_leaves (idx, hash) VALUES (?, ?)`, tree.Size+1, leaf[:]); err != nil {
		return err
	}
	tree.Append(leaf)
	_, err := w.exec(ctx, `UPDATE audit_tree SET size = ?, compact = ? WHERE one = 1`, tree.Size, tree.MarshalRange())
	return err
}

// readTree reads the tree's state.
func readTree(ctx context.Context, q *handle) (liaison.AuditTree, error) {
	var (
		size    int64
		compact []byte
	)
	if err := q.queryRow(ctx, `SELECT size, compact FROM audit_tree WHERE one = 1`).Scan(&size, &compact); err != nil {
		return liaison.AuditTree{}, fmt.Errorf("read audit tree: %w", err)
	}
	return liaison.ParseAuditTree(size, compact)
}
