package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

const approvalColumns = `pos, id, case_id, message, state, reasons, requested, decided_by, decided, reason`

func scanApproval(sc interface{ Scan(...any) error }) (liaison.Approval, int64, error) {
	var (
		r                           liaison.Approval
		pos                         int64
		message, reasons, requested string
		decided                     sql.NullString
	)
	if err := sc.Scan(&pos, &r.ID, &r.CaseID, &message, &r.State, &reasons, &requested,
		&r.DecidedBy, &decided, &r.Reason); err != nil {
		return r, 0, err
	}
	if err := decode(message, &r.Message); err != nil {
		return r, 0, err
	}
	if err := decode(reasons, &r.Reasons); err != nil {
		return r, 0, err
	}
	var err error
	if r.Requested, err = parseTime(requested); err != nil {
		return r, 0, err
	}
	r.Decided, err = parseTimePtr(decided)
	return r, pos, err
}

func getApproval(ctx context.Context, h *handle, id string) (*liaison.Approval, error) {
	r, _, err := scanApproval(h.queryRow(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "approval %s not found", id)
	} else if err != nil {
		return nil, wrap("read approval "+id, err)
	}
	return &r, nil
}

// Approval returns the approval with the id; ENOTFOUND when there is none.
func (s *Store) Approval(ctx context.Context, id string) (*liaison.Approval, error) {
	return getApproval(ctx, s.r, id)
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
	q.WriteString(`SELECT ` + approvalColumns + ` FROM approvals WHERE pos > ?`)
	args = append(args, after)
	if f.State != nil {
		q.WriteString(` AND state = ?`)
		args = append(args, string(*f.State))
	}
	q.WriteString(` ORDER BY pos LIMIT ?`)
	args = append(args, n+1)

	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read approvals", err)
	}
	defer rows.Close()
	var (
		rs   []liaison.Approval
		last int64
	)
	for rows.Next() {
		if len(rs) == n {
			// The extra row only says that there is a next page.
			return rs, formatCursor(last), rows.Close()
		}
		r, pos, err := scanApproval(rows)
		if err != nil {
			return nil, "", wrap("read approvals", err)
		}
		rs = append(rs, r)
		last = pos
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
	return getApproval(t.wctx, t.s.w, id)
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
	_, err = t.s.w.exec(t.wctx, `INSERT INTO approvals (id, case_id, message, state, reasons, requested,
		decided_by, decided, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CaseID, message, string(r.State), reasons, fmtTime(r.Requested),
		r.DecidedBy, fmtTimePtr(r.Decided), r.Reason)
	switch {
	case err == nil:
		return nil
	case isConflict(err):
		return conflict(err, "approval %s exists", r.ID)
	case isForeignKey(err):
		return notFound(err, "case %s not found", r.CaseID)
	}
	return wrap(op, err)
}

// DecideApproval moves the pending approval to st, decided by officer by
// at at with reason. ENOTFOUND when there is none, ECONFLICT when it is no
// longer pending, EINVALID when st is not a decision.
func (t *tx) DecideApproval(id string, st liaison.ApprovalState, by string, at time.Time, reason string) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := checkDecision(st); err != nil {
		return err
	}
	op := "decide approval " + id
	res, err := t.s.w.exec(t.wctx, `UPDATE approvals SET state = ?, decided_by = ?, decided = ?, reason = ?
		WHERE id = ? AND state = 'pending'`, string(st), by, fmtTime(at), reason, id)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 1 {
		return nil
	}
	var was string
	err = t.s.w.queryRow(t.wctx, `SELECT state FROM approvals WHERE id = ?`, id).Scan(&was)
	if errors.Is(err, sql.ErrNoRows) {
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
