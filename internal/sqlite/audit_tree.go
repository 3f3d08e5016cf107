package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-project/liaison"
)

// AuditTree returns the audit log's tree state.
func (s *Store) AuditTree(ctx context.Context) (liaison.AuditTree, error) {
	t, err := readTree(ctx, s.r)
	if err != nil {
		return liaison.AuditTree{}, wrap("read audit tree", err)
	}
	return t, nil
}

// AuditLeaves returns the leaf hashes of tree positions [from, to).
func (s *Store) AuditLeaves(ctx context.Context, from, to int64) ([]liaison.AuditHash, error) {
	if from < 0 || from > to {
		return nil, liaison.Errorf(liaison.EINVALID, "audit leaves %d to %d: out of order", from, to)
	}
	rows, err := s.r.query(ctx, `SELECT idx, hash FROM audit_leaves WHERE idx > ? AND idx <= ? ORDER BY idx`, from, to)
	if err != nil {
		return nil, wrap("read audit leaves", err)
	}
	defer rows.Close()
	hs := make([]liaison.AuditHash, 0, to-from)
	for rows.Next() {
		var (
			idx int64
			h   []byte
		)
		if err := rows.Scan(&idx, &h); err != nil {
			return nil, wrap("read audit leaves", err)
		}
		if idx != from+int64(len(hs))+1 || len(h) != len(liaison.AuditHash{}) {
			return nil, fmt.Errorf("read audit leaves: leaf %d is missing or damaged", from+int64(len(hs))+1)
		}
		hs = append(hs, liaison.AuditHash(h))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read audit leaves", err)
	}
	if int64(len(hs)) != to-from {
		return nil, liaison.Errorf(liaison.EINVALID, "audit leaves %d to %d: the log has %d", from, to, from+int64(len(hs)))
	}
	return hs, nil
}

// Checkpoints returns up to limit checkpoints of party, largest first;
// limit <= 0 means 100.
func (s *Store) Checkpoints(ctx context.Context, party string, limit int) ([]liaison.AuditCheckpoint, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.query(ctx, `SELECT party, size, root, note, received FROM audit_checkpoints
		WHERE party = ? ORDER BY size DESC LIMIT ?`, party, limit)
	if err != nil {
		return nil, wrap("read checkpoints", err)
	}
	defer rows.Close()
	var cs []liaison.AuditCheckpoint
	for rows.Next() {
		var (
			c          liaison.AuditCheckpoint
			root       []byte
			receivedAt string
		)
		if err := rows.Scan(&c.Party, &c.Size, &root, &c.Note, &receivedAt); err != nil {
			return nil, wrap("read checkpoints", err)
		}
		copy(c.Root[:], root)
		if c.Received, err = parseTime(receivedAt); err != nil {
			return nil, wrap("read checkpoints", err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read checkpoints", err)
	}
	return cs, nil
}

// PutCheckpoint stores c unless the party has one of that size; ECONFLICT
// when that one has another root.
func (t *tx) PutCheckpoint(c *liaison.AuditCheckpoint) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `INSERT INTO audit_checkpoints (party, size, root, note, received)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (party, size) DO NOTHING`,
		c.Party, c.Size, c.Root[:], c.Note, fmtTime(c.Received))
	if err != nil {
		return wrap("store checkpoint", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var root []byte
	if err := t.s.w.queryRow(t.wctx, `SELECT root FROM audit_checkpoints WHERE party = ? AND size = ?`, c.Party, c.Size).Scan(&root); err != nil {
		return wrap("store checkpoint", err)
	}
	if liaison.AuditHash(root) != c.Root {
		return liaison.Errorf(liaison.ECONFLICT, "checkpoint %d of %s: another root is stored for that size", c.Size, c.Party)
	}
	return nil
}

// SetAuditAlarm records the latest failed check of peer's audit log.
func (t *tx) SetAuditAlarm(peer string, at time.Time, text string) error {
	if err := t.check(); err != nil {
		return err
	}
	var atv any
	if text != "" {
		atv = fmtTime(at)
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE links SET audit_alarm = ?, audit_alarm_at = ? WHERE peer = ?`, text, atv, peer)
	if err != nil {
		return wrap("set audit alarm", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return liaison.Errorf(liaison.ENOTFOUND, "set audit alarm: no peer %q", peer)
	}
	return nil
}

// catchUpAudit gives the entries appended before the tree existed (by a
// binary older than migration 0003) their leaf hashes, in one transaction.
// It does so only while the tree is empty: entries beyond a tree that has
// grown were not appended by Liaison, and hashing them would bless them;
// they are left for audit verify to name.
func (s *Store) catchUpAudit(ctx context.Context) error {
	return s.Update(ctx, func(ltx liaison.Tx) error {
		t := ltx.(*tx)
		tree, err := readTree(t.wctx, t.s.w)
		if err != nil {
			return err
		}
		if tree.Size > 0 {
			return nil
		}
		for {
			es, err := t.auditAfter(tree.Size, 1000)
			if err != nil || len(es) == 0 {
				return err
			}
			for i := range es {
				if es[i].Index != tree.Size+1 {
					return fmt.Errorf("audit entry %d is missing", tree.Size+1)
				}
				leaf, _ := liaison.AuditLeafHash(&es[i], nil)
				if err := appendLeaf(t.wctx, t.s.w, &tree, leaf); err != nil {
					return fmt.Errorf("catch up audit tree: %w", err)
				}
			}
		}
	})
}
