package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const consentColumns = `id, kind, message_id, requester_party, requester_agency, requester_officer,
	requester_officer_id, to_agency, purpose, mla_ref, reasons, state, reason, decided_by, decided, created, received`

func scanConsent(sc pgx.Row) (liaison.Consent, error) {
	var (
		c       liaison.Consent
		reasons []byte
	)
	if err := sc.Scan(&c.ID, &c.Kind, &c.MessageID, &c.Requester.Party, &c.Requester.Agency, &c.Requester.Officer,
		&c.Requester.OfficerID, &c.ToAgency, &c.Purpose, &c.MLARef, &reasons, &c.State, &c.Reason, &c.DecidedBy,
		&c.Decided, &c.Created, &c.Received); err != nil {
		return c, err
	}
	return c, decode(reasons, &c.Reasons)
}

func getConsent(ctx context.Context, q querier, id string) (*liaison.Consent, error) {
	c, err := scanConsent(q.QueryRow(ctx, `SELECT `+consentColumns+` FROM consents WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "consent %s not found", id)
	} else if err != nil {
		return nil, wrap("read consent "+id, err)
	}
	return &c, nil
}

// Consent returns the consent with the id; ENOTFOUND when there is none.
func (s *Store) Consent(ctx context.Context, id string) (*liaison.Consent, error) {
	return getConsent(ctx, s.pool, id)
}

// Consents returns a page of the consents that match f, ordered by id, and
// the cursor of the next page: the last id shown ("" on the last page).
func (s *Store) Consents(ctx context.Context, f liaison.ConsentFilter) ([]liaison.Consent, string, error) {
	n := pageSize(f.Limit)
	var (
		q    strings.Builder
		args []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT ` + consentColumns + ` FROM consents WHERE id > ` + arg(f.After))
	if f.State != nil {
		q.WriteString(` AND state = ` + arg(string(*f.State)))
	}
	q.WriteString(` ORDER BY id LIMIT ` + arg(n+1))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read consents", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Consent, error) { return scanConsent(r) })
	if err != nil {
		return nil, "", wrap("read consents", err)
	}
	next := ""
	if len(out) > n {
		out = out[:n]
		next = out[n-1].ID
	}
	return out, next, nil
}

func (t *tx) Consent(id string) (*liaison.Consent, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getConsent(t.ctx, t.tx, id)
}

// CreateConsent stores c; ECONFLICT when its id exists, without failing
// the transaction.
func (t *tx) CreateConsent(c *liaison.Consent) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create consent " + c.ID
	reasons, err := encode(nonNil(c.Reasons))
	if err != nil {
		return wrap(op, err)
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO consents (`+consentColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (id) DO NOTHING`,
		c.ID, string(c.Kind), c.MessageID, c.Requester.Party, c.Requester.Agency, c.Requester.Officer,
		c.Requester.OfficerID, c.ToAgency, c.Purpose, c.MLARef, reasons, string(c.State), c.Reason, c.DecidedBy,
		c.Decided, c.Created, c.Received)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return conflict(nil, "consent %s exists", c.ID)
	}
	return nil
}

// DecideConsent moves a pending consent to st.
func (t *tx) DecideConsent(id string, st liaison.ConsentState, reason, decidedBy string, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "decide consent " + id
	tag, err := t.tx.Exec(t.ctx, `UPDATE consents SET state = $1, reason = $2, decided_by = $3, decided = $4
		WHERE id = $5 AND state = 'pending'`, string(st), reason, decidedBy, at, id)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	c, err := getConsent(t.ctx, t.tx, id)
	if err != nil {
		return err
	}
	return liaison.Errorf(liaison.ECONFLICT, "consent %s was %s already", id, c.State)
}
