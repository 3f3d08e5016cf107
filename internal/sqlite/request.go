package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

const requestColumns = `pos, id, case_id, question, priority, due, handling, from_party, from_agency,
	from_officer, from_officer_id, to_party, inbound, state, assignee, created, acknowledged, closed,
	answer_message, history, reminders`

func scanRequest(sc interface{ Scan(...any) error }) (liaison.Request, int64, error) {
	var (
		r                               liaison.Request
		pos                             int64
		due, handling, created, history string
		assignee, acknowledged, closed  sql.NullString
		inbound                         int
	)
	if err := sc.Scan(&pos, &r.ID, &r.CaseID, &r.Question, &r.Priority, &due, &handling, &r.From.Party,
		&r.From.Agency, &r.From.Officer, &r.From.OfficerID, &r.To, &inbound, &r.State, &assignee, &created,
		&acknowledged, &closed, &r.AnswerMessage, &history, &r.Reminders); err != nil {
		return r, 0, err
	}
	r.Inbound = inbound != 0
	var err error
	if r.Due, err = parseTime(due); err != nil {
		return r, 0, err
	}
	if r.Created, err = parseTime(created); err != nil {
		return r, 0, err
	}
	if r.Acknowledged, err = parseTimePtr(acknowledged); err != nil {
		return r, 0, err
	}
	if r.Closed, err = parseTimePtr(closed); err != nil {
		return r, 0, err
	}
	if err := decode(handling, &r.Handling); err != nil {
		return r, 0, err
	}
	if assignee.Valid {
		if err := decode(assignee.String, &r.Assignee); err != nil {
			return r, 0, err
		}
	}
	return r, pos, decode(history, &r.History)
}

func getRequest(ctx context.Context, h *handle, id string) (*liaison.Request, error) {
	r, _, err := scanRequest(h.queryRow(ctx, `SELECT `+requestColumns+` FROM requests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "request %s not found", id)
	} else if err != nil {
		return nil, wrap("read request "+id, err)
	}
	return &r, nil
}

// Request returns the request with the id; ENOTFOUND when there is none.
func (s *Store) Request(ctx context.Context, id string) (*liaison.Request, error) {
	return getRequest(ctx, s.r, id)
}

// Requests returns a page of the requests that match f, in the order
// stored, and the cursor of the next page ("" on the last).
func (s *Store) Requests(ctx context.Context, f liaison.RequestFilter) ([]liaison.Request, string, error) {
	byDue := f.DueBefore != nil
	var (
		q     strings.Builder
		args  []any
		after int64
		err   error
	)
	q.WriteString(`SELECT ` + requestColumns + ` FROM requests WHERE `)
	if byDue {
		due, pos, err := parseDueCursor(f.After)
		if err != nil {
			return nil, "", err
		}
		q.WriteString(`(due, pos) > (?, ?)`)
		args = append(args, due, pos)
	} else {
		if after, err = parseCursor(f.After); err != nil {
			return nil, "", err
		}
		q.WriteString(`pos > ?`)
		args = append(args, after)
	}
	n := pageSize(f.Limit)
	if f.Open != nil {
		q.WriteString(` AND open = ?`)
		args = append(args, bit(*f.Open))
	}
	if len(f.States) == 1 {
		// = rather than IN: the (state, pos) index then gives the order.
		q.WriteString(` AND state = ?`)
		args = append(args, string(f.States[0]))
	} else if len(f.States) > 1 {
		q.WriteString(` AND state IN (?` + strings.Repeat(`, ?`, len(f.States)-1) + `)`)
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.DueBefore != nil {
		q.WriteString(` AND due < ?`)
		args = append(args, fmtTime(*f.DueBefore))
	}
	if f.Party != nil {
		q.WriteString(` AND party = ?`)
		args = append(args, *f.Party)
	}
	if f.Area != nil {
		q.WriteString(` AND crime_area = ?`)
		args = append(args, string(*f.Area))
	}
	if f.CreatedFrom != nil {
		q.WriteString(` AND created >= ?`)
		args = append(args, fmtTime(*f.CreatedFrom))
	}
	if f.CreatedTo != nil {
		q.WriteString(` AND created < ?`)
		args = append(args, fmtTime(*f.CreatedTo))
	}
	if byDue {
		q.WriteString(` ORDER BY due, pos LIMIT ?`)
	} else {
		q.WriteString(` ORDER BY pos LIMIT ?`)
	}
	args = append(args, n+1)
	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read requests", err)
	}
	defer rows.Close()
	var (
		rs   []liaison.Request
		last int64
	)
	for rows.Next() {
		if len(rs) == n {
			if byDue {
				return rs, fmtTime(rs[n-1].Due) + "~" + formatCursor(last), rows.Close()
			}
			return rs, formatCursor(last), rows.Close()
		}
		r, pos, err := scanRequest(rows)
		if err != nil {
			return nil, "", wrap("read requests", err)
		}
		rs = append(rs, r)
		last = pos
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read requests", err)
	}
	return rs, "", nil
}

func (t *tx) Request(id string) (*liaison.Request, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getRequest(t.wctx, t.s.w, id)
}

// requestRow is what both CreateRequest and SaveRequest write of r.
func requestRow(r *liaison.Request) (handling, history string, assignee any, err error) {
	if handling, err = encode(r.Handling); err != nil {
		return
	}
	hist := r.History
	if hist == nil {
		hist = []liaison.RequestStep{}
	}
	if history, err = encode(hist); err != nil {
		return
	}
	if r.Assignee != nil {
		var a string
		if a, err = encode(r.Assignee); err != nil {
			return
		}
		assignee = a
	}
	return
}

// CreateRequest stores r; ECONFLICT when its id exists.
func (t *tx) CreateRequest(r *liaison.Request) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create request " + r.ID
	handling, history, assignee, err := requestRow(r)
	if err != nil {
		return wrap(op, err)
	}
	_, err = t.s.w.exec(t.wctx, `INSERT INTO requests (id, case_id, question, priority, due, handling,
		crime_area, from_party, from_agency, from_officer, from_officer_id, to_party, party, inbound, state,
		open, assignee, created, acknowledged, closed, answer_message, history, reminders, next_remind)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CaseID, r.Question, string(r.Priority), fmtTime(r.Due), handling, string(r.Handling.CrimeArea),
		r.From.Party, r.From.Agency, r.From.Officer, r.From.OfficerID, r.To, r.Counterpart(), bit(r.Inbound),
		string(r.State), bit(r.State.Open()), assignee, fmtTime(r.Created), fmtTimePtr(r.Acknowledged),
		fmtTimePtr(r.Closed), r.AnswerMessage, history, int(r.Reminders), fmtTimePtr(r.NextRemind()))
	if isConflict(err) {
		return conflict(err, "request %s exists", r.ID)
	} else if err != nil {
		return wrap(op, err)
	}
	return nil
}

// SaveRequest replaces the changing columns of a stored request.
func (t *tx) SaveRequest(r *liaison.Request) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "save request " + r.ID
	_, history, assignee, err := requestRow(r)
	if err != nil {
		return wrap(op, err)
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE requests SET state = ?, open = ?, assignee = ?, acknowledged = ?,
		closed = ?, answer_message = ?, history = ?, reminders = ?, next_remind = ? WHERE id = ?`,
		string(r.State), bit(r.State.Open()), assignee, fmtTimePtr(r.Acknowledged), fmtTimePtr(r.Closed),
		r.AnswerMessage, history, int(r.Reminders), fmtTimePtr(r.NextRemind()), r.ID)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 0 {
		return notFound(nil, "request %s not found", r.ID)
	}
	return nil
}

// DueRequests returns up to limit open requests whose next reminder is
// due at now, earliest first.
func (t *tx) DueRequests(now time.Time, limit int) ([]liaison.Request, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.s.w.query(t.wctx, `SELECT id, case_id, priority, due, created, state, inbound, from_party,
		from_agency, from_officer, from_officer_id, to_party, assignee, crime_area, reminders FROM requests
		WHERE next_remind IS NOT NULL AND next_remind <= ? ORDER BY next_remind LIMIT ?`, fmtTime(now), max(limit, 1))
	if err != nil {
		return nil, wrap("read due requests", err)
	}
	defer rows.Close()
	var rs []liaison.Request
	for rows.Next() {
		var (
			r            liaison.Request
			due, created string
			assignee     sql.NullString
			inbound      int
		)
		if err := rows.Scan(&r.ID, &r.CaseID, &r.Priority, &due, &created, &r.State, &inbound, &r.From.Party,
			&r.From.Agency, &r.From.Officer, &r.From.OfficerID, &r.To, &assignee, &r.Handling.CrimeArea, &r.Reminders); err != nil {
			return nil, wrap("read due requests", err)
		}
		r.Inbound = inbound != 0
		if r.Due, err = parseTime(due); err != nil {
			return nil, wrap("read due requests", err)
		}
		if r.Created, err = parseTime(created); err != nil {
			return nil, wrap("read due requests", err)
		}
		if assignee.Valid {
			if err := decode(assignee.String, &r.Assignee); err != nil {
				return nil, wrap("read due requests", err)
			}
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read due requests", err)
	}
	return rs, nil
}

// SetReminders records the reminders sent and the next one's time.
func (t *tx) SetReminders(id string, sent liaison.Reminders, next *time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE requests SET reminders = ?, next_remind = ? WHERE id = ?`,
		int(sent), fmtTimePtr(next), id)
	if err != nil {
		return wrap("set reminders of request "+id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("set reminders of request "+id, err)
	} else if n == 0 {
		return notFound(nil, "request %s not found", id)
	}
	return nil
}

// parseDueCursor reads a cursor of the deadline order: the stored due
// time and pos of the last request shown, "~" between them.
func parseDueCursor(s string) (string, int64, error) {
	if s == "" {
		return "", 0, nil
	}
	due, pos, ok := strings.Cut(s, "~")
	if _, err := time.Parse(time.RFC3339Nano, due); err != nil || !ok {
		return "", 0, &liaison.Error{Code: liaison.EINVALID, Message: "invalid cursor",
			Fields: []liaison.FieldError{{Field: "after", Problem: "not a cursor from a previous page"}}}
	}
	p, err := parseCursor(pos)
	return due, p, err
}
