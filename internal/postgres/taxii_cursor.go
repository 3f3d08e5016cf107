package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// TAXIICursor returns where a pull from a remote collection stopped.
func (s *Store) TAXIICursor(ctx context.Context, server, collection string) (*liaison.TAXIICursor, error) {
	c := liaison.TAXIICursor{Server: server, Collection: collection}
	err := s.pool.QueryRow(ctx, `SELECT added_after, next, last, objects, updated FROM taxii_cursors
		WHERE server = $1 AND collection = $2`, server, collection).Scan(&c.AddedAfter, &c.Next, &c.Last, &c.Objects, &c.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "no pull from collection %s of %s yet", collection, server)
	} else if err != nil {
		return nil, wrap("read taxii cursor", err)
	}
	c.Updated = c.Updated.UTC()
	return &c, nil
}

// PutTAXIICursor creates or replaces a pull's cursor.
func (t *tx) PutTAXIICursor(c *liaison.TAXIICursor) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO taxii_cursors (server, collection, added_after, next, last, objects, updated)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (server, collection) DO UPDATE SET added_after = excluded.added_after,
		next = excluded.next, last = excluded.last, objects = excluded.objects, updated = excluded.updated`,
		c.Server, c.Collection, c.AddedAfter, c.Next, c.Last, c.Objects, c.Updated)
	if err != nil {
		return wrap("put taxii cursor", err)
	}
	return nil
}
