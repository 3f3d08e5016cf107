package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const disseminationColumns = `id, kind, message_id, origin, to_agency, purpose, mla_ref,
	by_party, by_agency, by_officer, by_officer_id, state, reasons, created, decided`

func scanDissemination(sc pgx.Row) (liaison.Dissemination, error) {
	var (
		d       liaison.Dissemination
		reasons []byte
	)
	if err := sc.Scan(&d.ID, &d.Kind, &d.MessageID, &d.Origin, &d.ToAgency, &d.Purpose, &d.MLARef,
		&d.By.Party, &d.By.Agency, &d.By.Officer, &d.By.OfficerID, &d.State, &reasons, &d.Created, &d.Decided); err != nil {
		return d, err
	}
	return d, decode(reasons, &d.Reasons)
}

func getDissemination(ctx context.Context, q querier, id string) (*liaison.Dissemination, error) {
	d, err := scanDissemination(q.QueryRow(ctx, `SELECT `+disseminationColumns+` FROM disseminations WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "dissemination %s not found", id)
	} else if err != nil {
		return nil, wrap("read dissemination "+id, err)
	}
	return &d, nil
}

// Dissemination returns the dissemination or export with the id;
// ENOTFOUND when there is none.
func (s *Store) Dissemination(ctx context.Context, id string) (*liaison.Dissemination, error) {
	return getDissemination(ctx, s.pool, id)
}

// Disseminations returns every dissemination and export of the message,
// oldest first.
func (s *Store) Disseminations(ctx context.Context, messageID string) ([]liaison.Dissemination, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+disseminationColumns+` FROM disseminations
		WHERE message_id = $1 ORDER BY created, id`, messageID)
	if err != nil {
		return nil, wrap("read disseminations of "+messageID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Dissemination, error) { return scanDissemination(r) })
	if err != nil {
		return nil, wrap("read disseminations of "+messageID, err)
	}
	return out, nil
}

func (t *tx) Dissemination(id string) (*liaison.Dissemination, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getDissemination(t.ctx, t.tx, id)
}

// CreateDissemination stores d; ECONFLICT when its id exists. An existing
// id inserts nothing rather than failing the statement, which would end
// the transaction (see Transactions in the package doc).
func (t *tx) CreateDissemination(d *liaison.Dissemination) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create dissemination " + d.ID
	reasons, err := encode(nonNil(d.Reasons))
	if err != nil {
		return wrap(op, err)
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO disseminations (`+disseminationColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, string(d.Kind), d.MessageID, d.Origin, d.ToAgency, d.Purpose, d.MLARef,
		d.By.Party, d.By.Agency, d.By.Officer, d.By.OfficerID, string(d.State), reasons, d.Created, d.Decided)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return conflict(nil, "dissemination %s exists", d.ID)
	}
	return nil
}

// DecideDissemination moves a dissemination pending consent to st.
func (t *tx) DecideDissemination(id string, st liaison.DisseminationState, reasons []string, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "decide dissemination " + id
	r, err := encode(nonNil(reasons))
	if err != nil {
		return wrap(op, err)
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE disseminations SET state = $1, reasons = $2, decided = $3
		WHERE id = $4 AND state = 'pending_consent'`, string(st), r, at, id)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	d, err := getDissemination(t.ctx, t.tx, id)
	if err != nil {
		return err
	}
	return liaison.Errorf(liaison.ECONFLICT, "dissemination %s is %s, not waiting for consent", id, d.State)
}

// nonNil returns s, or an empty list for nil, so that a list is stored
// as [] and reads back the same.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
