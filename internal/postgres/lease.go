package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/liaison-project/liaison"
)

// Lease takes or renews the lease name for holder until ttl from now and
// reports whether holder has it. The time is the database server's, so
// processes on machines with skewed clocks still agree. One statement
// decides, so two processes asking at once cannot both win.
func (s *Store) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if s.closed.Load() {
		return false, liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	var got string
	err := s.pool.QueryRow(ctx, `INSERT INTO leases AS l (name, holder, expires)
		VALUES ($1, $2, clock_timestamp() + $3 * interval '1 microsecond')
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
			WHERE l.holder = excluded.holder OR l.expires < clock_timestamp()
		RETURNING holder`, name, holder, ttl.Microseconds()).Scan(&got)
	if err == nil {
		return got == holder, nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil // held by another: the conditional update changed nothing
	}
	return false, wrap("take lease "+name, err)
}

// Release gives up the lease name if holder has it.
func (s *Store) Release(ctx context.Context, name, holder string) error {
	if s.closed.Load() {
		return liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return wrap("release lease "+name, err)
	}
	return nil
}
