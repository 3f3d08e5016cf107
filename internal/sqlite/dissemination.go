package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/liaison-project/liaison"
)

const disseminationColumns = `id, kind, message_id, origin, to_agency, purpose, mla_ref,
	by_party, by_agency, by_officer, by_officer_id, state, reasons, created, decided`

func scanDissemination(sc interface{ Scan(...any) error }) (liaison.Dissemination, error) {
	var (
		d                liaison.Dissemination
		reasons, created string
		decided          sql.NullString
	)
	if err := sc.Scan(&d.ID, &d.Kind, &d.MessageID, &d.Origin, &d.ToAgency, &d.Purpose, &d.MLARef,
		&d.By.Party, &d.By.Agency, &d.By.Officer, &d.By.OfficerID, &d.State, &reasons, &created, &decided); err != nil {
		return d, err
	}
	if err := decode(reasons, &d.Reasons); err != nil {
		return d, err
	}
	var err error
	if d.Created, err = parseTime(created); err != nil {
		return d, err
	}
	d.Decided, err = parseTimePtr(decided)
	return d, err
}

func getDissemination(ctx context.Context, h *handle, id string) (*liaison.Dissemination, error) {
	d, err := scanDissemination(h.queryRow(ctx, `SELECT `+disseminationColumns+` FROM disseminations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "dissemination %s not found", id)
	} else if err != nil {
		return nil, wrap("read dissemination "+id, err)
	}
	return &d, nil
}

// Dissemination returns the dissemination or export with the id;
// ENOTFOUND when there is none.
func (s *Store) Dissemination(ctx context.Context, id string) (*liaison.Dissemination, error) {
	return getDissemination(ctx, s.r, id)
}

// Disseminations returns every dissemination and export of the message,
// oldest first.
func (s *Store) Disseminations(ctx context.Context, messageID string) ([]liaison.Dissemination, error) {
	rows, err := s.r.query(ctx, `SELECT `+disseminationColumns+` FROM disseminations
		WHERE message_id = ? ORDER BY created, id`, messageID)
	if err != nil {
		return nil, wrap("read disseminations of "+messageID, err)
	}
	defer rows.Close()
	var out []liaison.Dissemination
	for rows.Next() {
		d, err := scanDissemination(rows)
		if err != nil {
			return nil, wrap("read disseminations of "+messageID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read disseminations of "+messageID, err)
	}
	return out, nil
}

func (t *tx) Dissemination(id string) (*liaison.Dissemination, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getDissemination(t.wctx, t.s.w, id)
}

// CreateDissemination stores d; ECONFLICT when its id exists.
func (t *tx) CreateDissemination(d *liaison.Dissemination) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create dissemination " + d.ID
	reasons, err := encode(nonNil(d.Reasons))
	if err != nil {
		return wrap(op, err)
	}
	_, err = t.s.w.exec(t.wctx, `INSERT INTO disseminations (`+disseminationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, string(d.Kind), d.MessageID, d.Origin, d.ToAgency, d.Purpose, d.MLARef,
		d.By.Party, d.By.Agency, d.By.Officer, d.By.OfficerID, string(d.State), reasons,
		fmtTime(d.Created), fmtTimePtr(d.Decided))
	if isConflict(err) {
		return conflict(err, "dissemination %s exists", d.ID)
	} else if err != nil {
		return wrap(op, err)
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
	res, err := t.s.w.exec(t.wctx, `UPDATE disseminations SET state = ?, reasons = ?, decided = ?
		WHERE id = ? AND state = 'pending_consent'`, string(st), r, fmtTime(at), id)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 1 {
		return nil
	}
	d, err := getDissemination(t.wctx, t.s.w, id)
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
