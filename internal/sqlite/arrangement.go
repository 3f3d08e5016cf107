package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-project/liaison"
)

const arrangementColumns = `id, raw, applied, terms`

// scanArrangement reads an arrangement back from its parsed terms (JSON),
// then takes the id, the exact file bytes and the time applied from their
// own columns, which are authoritative.
func scanArrangement(sc interface{ Scan(...any) error }) (liaison.Arrangement, error) {
	var (
		a           liaison.Arrangement
		id, applied string
		raw         []byte
		terms       string
	)
	if err := sc.Scan(&id, &raw, &applied, &terms); err != nil {
		return a, err
	}
	if err := decode(terms, &a); err != nil {
		return a, err
	}
	a.ID, a.Raw = id, raw
	var err error
	a.Applied, err = parseTime(applied)
	return a, err
}

func getArrangement(ctx context.Context, h *handle, id string) (*liaison.Arrangement, error) {
	a, err := scanArrangement(h.queryRow(ctx, `SELECT `+arrangementColumns+` FROM arrangements WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "arrangement %s not found", id)
	} else if err != nil {
		return nil, wrap("read arrangement "+id, err)
	}
	return &a, nil
}

// Arrangement returns the applied arrangement with the id; ENOTFOUND when
// there is none.
func (s *Store) Arrangement(ctx context.Context, id string) (*liaison.Arrangement, error) {
	return getArrangement(ctx, s.r, id)
}

// Arrangements returns every applied arrangement, latest applied first;
// of two applied at the same instant, the one stored later comes first.
func (s *Store) Arrangements(ctx context.Context) ([]liaison.Arrangement, error) {
	return arrangements(ctx, s.r)
}

func (t *tx) Arrangements() ([]liaison.Arrangement, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return arrangements(t.wctx, t.s.w)
}

func arrangements(ctx context.Context, h *handle) ([]liaison.Arrangement, error) {
	rows, err := h.query(ctx, `SELECT `+arrangementColumns+` FROM arrangements ORDER BY applied DESC, rowid DESC`)
	if err != nil {
		return nil, wrap("read arrangements", err)
	}
	defer rows.Close()
	var as []liaison.Arrangement
	for rows.Next() {
		a, err := scanArrangement(rows)
		if err != nil {
			return nil, wrap("read arrangements", err)
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read arrangements", err)
	}
	return as, nil
}

func (t *tx) Arrangement(id string) (*liaison.Arrangement, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getArrangement(t.wctx, t.s.w, id)
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
	_, err = t.s.w.exec(t.wctx, `INSERT INTO arrangements (`+arrangementColumns+`) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, a.ID, raw, fmtTime(a.Applied), terms)
	if err != nil {
		return wrap("put arrangement "+a.ID, err)
	}
	return nil
}
