package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// AuditTree returns the audit log's tree state.
func (s *Store) AuditTree(ctx context.Context) (liaison.AuditTree, error) {
	var (
		size    int64
		compact []byte
	)
	if err := s.pool.QueryRow(ctx, `SELECT size, compact FROM audit_tree`).Scan(&size, &compact); err != nil {
		return liaison.AuditTree{}, wrap("read audit tree", err)
	}
	t, err := liaison.ParseAuditTree(size, compact)
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
	rows, err := s.pool.Query(ctx, `SELECT idx, hash FROM audit_leaves WHERE idx > $1 AND idx <= $2 ORDER BY idx`, from, to)
	if err != nil {
		return nil, wrap("read audit leaves", err)
	}
	defer rows.Close()
	hs := make([]liaison.AuditHash, 0, to-from)
	var (
		idx int64
		h   []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&idx, &h}, func() error {
		if idx != from+int64(len(hs))+1 || len(h) != len(liaison.AuditHash{}) {
			return fmt.Errorf("leaf %d is missing or damaged", from+int64(len(hs))+1)
		}
		hs = append(hs, liaison.AuditHash(h))
		return nil
	})
	if err != nil {
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
	rows, err := s.pool.Query(ctx, `SELECT party, size, root, note, received FROM audit_checkpoints
		WHERE party = $1 ORDER BY size DESC LIMIT $2`, party, limit)
	if err != nil {
		return nil, wrap("read checkpoints", err)
	}
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.AuditCheckpoint, error) {
		var (
			c    liaison.AuditCheckpoint
			root []byte
		)
		err := r.Scan(&c.Party, &c.Size, &root, &c.Note, &c.Received)
		copy(c.Root[:], root)
		return c, err
	})
	if err != nil {
		return nil, wrap("read checkpoints", err)
	}
	return nilIfEmpty(cs), nil
}

// PutCheckpoint stores c unless the party has one of that size; ECONFLICT
// when that one has another root.
func (t *tx) PutCheckpoint(c *liaison.AuditCheckpoint) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO audit_checkpoints (party, size, root, note, received)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (party, size) DO NOTHING`,
		c.Party, c.Size, c.Root[:], c.Note, c.Received)
	if err != nil {
		return wrap("store checkpoint", err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var root []byte
	if err := t.tx.QueryRow(t.ctx, `SELECT root FROM audit_checkpoints WHERE party = $1 AND size = $2`, c.Party, c.Size).Scan(&root); err != nil {
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
	var atv *time.Time
	if text != "" {
		atv = &at
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE links SET audit_alarm = $1, audit_alarm_at = $2 WHERE peer = $3`, text, atv, peer)
	if err != nil {
		return wrap("set audit alarm", err)
	}
	if tag.RowsAffected() == 0 {
		return liaison.Errorf(liaison.ENOTFOUND, "set audit alarm: no peer %q", peer)
	}
	return nil
}

// catchUpAudit gives the entries appended before the tree existed (by a
// binary older than migration 0003) their leaf hashes, in one transaction
// that holds the tree's row, so processes starting together do it once.
// It does so only while the tree is empty: entries beyond a tree that has
// grown were not appended by Liaison, and hashing them would bless them;
// they are left for audit verify to name.
func (s *Store) catchUpAudit(ctx context.Context) error {
	return s.Update(ctx, func(ltx liaison.Tx) error {
		t := ltx.(*tx)
		tree, err := lockTree(t.ctx, t.tx)
		if err != nil {
			return err
		}
		if tree.Size > 0 {
			return nil
		}
		start := tree.Size
		for {
			es, err := auditEntries(t.ctx, t.tx, tree.Size, 1000)
			if err != nil {
				return err
			}
			if len(es) == 0 {
				break
			}
			for i := range es {
				if es[i].Index != tree.Size+1 {
					return fmt.Errorf("audit entry %d is missing", tree.Size+1)
				}
				leaf, _ := liaison.AuditLeafHash(&es[i], nil)
				if _, err := t.tx.Exec(t.ctx, `INSERT INTO audit_leaves (idx, hash) VALUES ($1, $2)`, tree.Size+1, leaf[:]); err != nil {
					return fmt.Errorf("catch up audit tree: %w", err)
				}
				tree.Append(leaf)
			}
		}
		if tree.Size == start {
			return nil
		}
		_, err = t.tx.Exec(t.ctx, `UPDATE audit_tree SET size = $1, compact = $2`, tree.Size, tree.MarshalRange())
		return err
	})
}
