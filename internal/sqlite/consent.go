package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

const consentColumns = `id, kind, message_id, requester_party, requester_agency, requester_officer,
	requester_officer_id, to_agency, purpose, mla_ref, reasons, state, reason, decided_by, decided, created, received`

func scanConsent(sc interface{ Scan(...any) error }) (liaison.Consent, error) {
	var (
		c                          liaison.Consent
		reasons, created, received string
		decided                    sql.NullString
	)
	if err := sc.Scan(&c.ID, &c.Kind, &c.MessageID, &c.Requester.Party, &c.Requester.Agency, &c.Requester.Officer,
		&c.Requester.OfficerID, &c.ToAgency, &c.Purpose, &c.MLARef, &reasons, &c.State, &c.Reason, &c.DecidedBy,
		&decided, &created, &received); err != nil {
		return c, err
	}
	if err := decode(reasons, &c.Reasons); err != nil {
		return c, err
	}
	var err error
	if c.Decided, err = parseTimePtr(decided); err != nil {
		return c, err
	}
	if c.Created, err = parseTime(created); err != nil {
		return c, err
	}
	c.Received, err = parseTime(received)
	return c, err
}

func getConsent(ctx context.Context, h *handle, id string) (*liaison.Consent, error) {
	c, err := scanConsent(h.queryRow(ctx, `SELECT `+consentColumns+` FROM consents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "consent %s not found", id)
	} else if err != nil {
		return nil, wrap("read consent "+id, err)
	}
	return &c, nil
}

// Consent returns the consent with the id; ENOTFOUND when there is none.
func (s *Store) Consent(ctx context.Context, id string) (*liaison.Consent, error) {
	return getConsent(ctx, s.r, id)
}

// Consents returns a page of the consents that match f, ordered by id, and
// the cursor of the next page: the last id shown ("" on the last page).
func (s *Store) Consents(ctx context.Context, f liaison.ConsentFilter) ([]liaison.Consent, string, error) {
	n := pageSize(f.Limit)
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`SELECT ` + consentColumns + ` FROM consents WHERE id > ?`)
	args = append(args, f.After)
	if f.State != nil {
		q.WriteString(` AND state = ?`)
		args = append(args, string(*f.State))
	}
	q.WriteString(` ORDER BY id LIMIT ?`)
	args = append(args, n+1)
	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read consents", err)
	}
	defer rows.Close()
	var (
		out  []liaison.Consent
		next string
	)
	for rows.Next() {
		if len(out) == n {
			next = out[n-1].ID
			break
		}
		c, err := scanConsent(rows)
		if err != nil {
			return nil, "", wrap("read consents", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read consents", err)
	}
	return out, next, nil
}

func (t *tx) Consent(id string) (*liaison.Consent, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getConsent(t.wctx, t.s.w, id)
}

// CreateConsent stores c; ECONFLICT when its id exists.
func (t *tx) CreateConsent(c *liaison.Consent) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create consent " + c.ID
	reasons, err := encode(nonNil(c.Reasons))
	if err != nil {
		return wrap(op, err)
	}
	_, err = t.s.w.exec(t.wctx, `INSERT INTO consents (`+consentColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, string(c.Kind), c.MessageID, c.Requester.Party, c.Requester.Agency, c.Requester.Officer,
		c.Requester.OfficerID, c.ToAgency, c.Purpose, c.MLARef, reasons, string(c.State), c.Reason, c.DecidedBy,
		fmtTimePtr(c.Decided), fmtTime(c.Created), fmtTime(c.Received))
	if isConflict(err) {
		return conflict(err, "consent %s exists", c.ID)
	} else if err != nil {
		return wrap(op, err)
	}
	return nil
}

// DecideConsent moves a pending consent to st.
func (t *tx) DecideConsent(id string, st liaison.ConsentState, reason, decidedBy string, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "decide consent " + id
	res, err := t.s.w.exec(t.wctx, `UPDATE consents SET state = ?, reason = ?, decided_by = ?, decided = ?
		WHERE id = ? AND state = 'pending'`, string(st), reason, decidedBy, fmtTime(at), id)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 1 {
		return nil
	}
	c, err := getConsent(t.wctx, t.s.w, id)
	if err != nil {
		return err
	}
	return liaison.Errorf(liaison.ECONFLICT, "consent %s was %s already", id, c.State)
}
