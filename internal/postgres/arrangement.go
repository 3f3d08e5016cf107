package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const arrangementColumns = `id, raw, applied, terms`

// scanArrangement reads an arrangement back from its parsed terms (JSON),
// then takes the id, the exact file bytes and the time applied from their
// own columns, which are authoritative.
func scanArrangement(sc pgx.Row) (liaison.Arrangement, error) {
	var (
		a       liaison.Arrangement
		id      string
		raw     []byte
		applied time.Time
		terms   []byte
	)
	if err := sc.Scan(&id, &raw, &applied, &terms); err != nil {
		return a, err
	}
	if err := decode(terms, &a); err != nil {
		return a, err
	}
	a.ID, a.Raw, a.Applied = id, raw, applied
	return a, nil
}

func getArrangement(ctx context.Context, q querier, id string) (*liaison.Arrangement, error) {
	a, err := scanArrangement(q.QueryRow(ctx, `SELECT `+arrangementColumns+` FROM arrangements WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "arrangement %s not found", id)
	} else if err != nil {
		return nil, wrap("read arrangement "+id, err)
	}
	return &a, nil
}

// Arrangement returns the applied arrangement with the id; ENOTFOUND when
// there is none.
func (s *Store) Arrangement(ctx context.Context, id string) (*liaison.Arrangement, error) {
	return getArrangement(ctx, s.pool, id)
}

// Arrangements returns every applied arrangement, latest applied first;
// of two applied at the same instant, the one stored later comes first.
func (s *Store) Arrangements(ctx context.Context) ([]liaison.Arrangement, error) {
	return arrangements(ctx, s.pool)
}

func (t *tx) Arrangements() ([]liaison.Arrangement, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return arrangements(t.ctx, t.tx)
}

func arrangements(ctx context.Context, q querier) ([]liaison.Arrangement, error) {
	rows, err := q.Query(ctx, `SELECT `+arrangementColumns+` FROM arrangements ORDER BY applied DESC, pos DESC`)
	if err != nil {
		return nil, wrap("read arrangements", err)
	}
	as, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Arrangement, error) { return scanArrangement(r) })
	if err != nil {
		return nil, wrap("read arrangements", err)
	}
	return nilIfEmpty(as), nil
}

func (t *tx) Arrangement(id string) (*liaison.Arrangement, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getArrangement(t.ctx, t.tx, id)
}

// PutArrangement stores a. The id is the SHA-256 of the file, so the same
// id is the same file: applying it again changes nothing, and it keeps the
// time it was first applied.
func (t *tx) PutArrangement(a *liaison.Arrangement) error {
	if err := t.check(); err != nil {
		return err
	}
	terms, err := encode(a)
	if err != nil {
		return wrap("put arrangement "+a.ID, err)
	}
	raw := a.Raw
	if raw == nil {
		raw = []byte{}
	}
	_, err = t.tx.Exec(t.ctx, `INSERT INTO arrangements (`+arrangementColumns+`) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO NOTHING`, a.ID, raw, a.Applied, terms)
	if err != nil {
		return wrap("put arrangement "+a.ID, err)
	}
	return nil
}
