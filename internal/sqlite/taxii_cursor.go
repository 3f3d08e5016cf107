package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-project/liaison"
)

// TAXIICursor returns where a pull from a remote collection stopped.
func (s *Store) TAXIICursor(ctx context.Context, server, collection string) (*liaison.TAXIICursor, error) {
	c := liaison.TAXIICursor{Server: server, Collection: collection}
	var updated string
	err := s.r.queryRow(ctx, `SELECT added_after, next, last, objects, updated FROM taxii_cursors
		WHERE server = ? AND collection = ?`, server, collection).Scan(&c.AddedAfter, &c.Next, &c.Last, &c.Objects, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "no pull from collection %s of %s yet", collection, server)
	} else if err != nil {
		return nil, wrap("read taxii cursor", err)
	}
	if c.Updated, err = parseTime(updated); err != nil {
		return nil, wrap("read taxii cursor", err)
	}
	return &c, nil
}

// PutTAXIICursor creates or replaces a pull's cursor.
func (t *tx) PutTAXIICursor(c *liaison.TAXIICursor) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO taxii_cursors (server, collection, added_after, next, last, objects, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (server, collection) DO UPDATE SET added_after = excluded.added_after,
		next = excluded.next, last = excluded.last, objects = excluded.objects, updated = excluded.updated`,
		c.Server, c.Collection, c.AddedAfter, c.Next, c.Last, c.Objects, fmtTime(c.Updated))
	if err != nil {
		return wrap("put taxii cursor", err)
	}
	return nil
}
