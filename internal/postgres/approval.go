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

const approvalColumns = `t.txid, t.pos, t.id, t.case_id, t.message, t.state, t.reasons, t.requested,
	t.decided_by, t.decided, t.reason`

func scanApproval(sc pgx.Row) (liaison.Approval, cursor, error) {
	var (
		r                liaison.Approval
		at               cursor
		message, reasons []byte
	)
	if err := sc.Scan(&at.txid, &at.pos, &r.ID, &r.CaseID, &message, &r.State, &reasons, &r.Requested,
		&r.DecidedBy, &r.Decided, &r.Reason); err != nil {
		return r, at, err
	}
	if err := decode(message, &r.Message); err != nil {
		return r, at, err
	}
	return r, at, decode(reasons, &r.Reasons)
}

func getApproval(ctx context.Context, q querier, id string) (*liaison.Approval, error) {
	r, _, err := scanApproval(q.QueryRow(ctx, `SELECT `+approvalColumns+` FROM approvals t WHERE t.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "approval %s not found", id)
	} else if err != nil {
		return nil, wrap("read approval "+id, err)
	}
	return &r, nil
}

// Approval returns the approval with the id; ENOTFOUND when there is none.
func (s *Store) Approval(ctx context.Context, id string) (*liaison.Approval, error) {
	return getApproval(ctx, s.pool, id)
}

// Approvals returns a page of the approvals that match f, in the order
// they were requested, and the cursor of the next page ("" on the last).
// EINVALID when f.After is not a cursor this method returned.
func (s *Store) Approvals(ctx context.Context, f liaison.ApprovalFilter) ([]liaison.Approval, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)

	var (
		q    strings.Builder
		args []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT ` + approvalColumns + ` FROM approvals t WHERE `)
	if f.State != nil {
		q.WriteString(`t.state = ` + arg(string(*f.State)) + ` AND `)
	}
	q.WriteString(`(t.txid, t.pos) > (` + arg(after.txid) + `, ` + arg(after.pos) + `) AND ` + horizon("t.txid"))
	q.WriteString(` ORDER BY t.txid, t.pos LIMIT ` + arg(n+1))

	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read approvals", err)
	}
	defer rows.Close()
	var (
		rs   []liaison.Approval
		last cursor
	)
	for rows.Next() {
		if len(rs) == n {
			// The extra row only says that there is a next page.
			return rs, last.String(), nil
		}
		r, at, err := scanApproval(rows)
		if err != nil {
			return nil, "", wrap("read approvals", err)
		}
		rs = append(rs, r)
		last = at
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read approvals", err)
	}
	return rs, "", nil
}

func (t *tx) Approval(id string) (*liaison.Approval, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getApproval(t.ctx, t.tx, id)
}

// CreateApproval stores r; ECONFLICT when an approval with its id exists,
// ENOTFOUND when its case does not.
func (t *tx) CreateApproval(r *liaison.Approval) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create approval " + r.ID
	message, err := encode(r.Message)
	if err != nil {
		return wrap(op, err)
	}
	reasons, err := encode(r.Reasons)
	if err != nil {
		return wrap(op, err)
	}
	// As in CreateMessage, neither an existing id nor a missing case fails
	// the statement: no row is inserted, and a second query tells which.
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO approvals (id, case_id, message, state, reasons, requested,
		decided_by, decided, reason)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
		WHERE EXISTS (SELECT 1 FROM cases WHERE id = $2)
		ON CONFLICT (id) DO NOTHING`,
		r.ID, r.CaseID, message, string(r.State), reasons, r.Requested, r.DecidedBy, r.Decided, r.Reason)
	switch {
	case violates(err, "approvals_case_fkey"):
		// The case went between the check and the insert.
		return notFound(err, "case %s not found", r.CaseID)
	case err != nil:
		return wrap(op, err)
	case tag.RowsAffected() == 1:
		return nil
	}
	var exists bool
	if err := t.tx.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM approvals WHERE id = $1)`, r.ID).Scan(&exists); err != nil {
		return wrap(op, err)
	}
	if exists {
		return conflict(nil, "approval %s exists", r.ID)
	}
	return notFound(nil, "case %s not found", r.CaseID)
}

// DecideApproval moves the pending approval to st, decided by officer by
// at at with reason. ENOTFOUND when there is none, ECONFLICT when it is no
// longer pending, EINVALID when st is not a decision. Of two transactions
// deciding one approval at once, the second waits for the first's row lock
// and then finds it decided.
func (t *tx) DecideApproval(id string, st liaison.ApprovalState, by string, at time.Time, reason string) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := checkDecision(st); err != nil {
		return err
	}
	op := "decide approval " + id
	tag, err := t.tx.Exec(t.ctx, `UPDATE approvals SET state = $1, decided_by = $2, decided = $3, reason = $4
		WHERE id = $5 AND state = 'pending'`, string(st), by, at, reason, id)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var was string
	err = t.tx.QueryRow(t.ctx, `SELECT state FROM approvals WHERE id = $1`, id).Scan(&was)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(nil, "approval %s not found", id)
	} else if err != nil {
		return wrap(op, err)
	}
	return conflict(nil, "approval %s is %s, not pending", id, was)
}

// checkDecision returns EINVALID unless st is a state a pending approval
// may move to.
func checkDecision(st liaison.ApprovalState) error {
	switch st {
	case liaison.ApprovalApproved, liaison.ApprovalRejected, liaison.ApprovalEscalated:
		return nil
	}
	return &liaison.Error{
		Code:    liaison.EINVALID,
		Message: "invalid decision",
		Fields: []liaison.FieldError{{Field: "state", Problem: "not a decision: " + string(st),
			Allowed: []string{string(liaison.ApprovalApproved), string(liaison.ApprovalRejected), string(liaison.ApprovalEscalated)}}},
	}
}
