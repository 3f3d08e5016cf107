package sqlite

import (
	"context"
	"time"

	"github.com/liaison-project/liaison"
)

// Lease takes or renews the lease name for holder until now+ttl and
// reports whether holder has it. The time is this machine's: every process
// sharing a SQLite file runs on the same machine.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	var held bool
	err := s.Update(ctx, func(ltx liaison.Tx) error {
		t := ltx.(*tx)
		if err := t.check(); err != nil {
			return err
		}
		now := time.Now().UTC()
		_, err := t.s.w.exec(t.wctx, `INSERT INTO leases (name, holder, expires) VALUES (?1, ?2, ?3)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
			WHERE leases.holder = excluded.holder OR leases.expires < ?4`,
			name, holder, fmtTime(now.Add(ttl)), fmtTime(now))
		if err != nil {
			return wrap("take lease "+name, err)
		}
		var h string
		if err := t.s.w.queryRow(t.wctx, `SELECT holder FROM leases WHERE name = ?`, name).Scan(&h); err != nil {
			return wrap("read lease "+name, err)
		}
		held = h == holder
		return nil
	})
	return held, err
}

// Release gives up the lease name if holder has it.
func (s *Store) Release(ctx context.Context, name, holder string) error {
	return s.Update(ctx, func(ltx liaison.Tx) error {
		t := ltx.(*tx)
		if err := t.check(); err != nil {
			return err
		}
		if _, err := t.s.w.exec(t.wctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
			return wrap("release lease "+name, err)
		}
		return nil
	})
}
