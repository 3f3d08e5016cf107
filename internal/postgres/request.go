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

const requestColumns = `t.txid, t.pos, t.id, t.case_id, t.question, t.priority, t.due, t.handling, t.from_party,
	t.from_agency, t.from_officer, t.from_officer_id, t.to_party, t.inbound, t.state, t.assignee, t.created,
	t.acknowledged, t.closed, t.answer_message, t.history, t.reminders`

func scanRequest(sc pgx.Row) (liaison.Request, cursor, error) {
	var (
		r                           liaison.Request
		at                          cursor
		handling, assignee, history []byte
	)
	if err := sc.Scan(&at.txid, &at.pos, &r.ID, &r.CaseID, &r.Question, &r.Priority, &r.Due, &handling,
		&r.From.Party, &r.From.Agency, &r.From.Officer, &r.From.OfficerID, &r.To, &r.Inbound, &r.State,
		&assignee, &r.Created, &r.Acknowledged, &r.Closed, &r.AnswerMessage, &history, &r.Reminders); err != nil {
		return r, at, err
	}
	r.Due, r.Created = r.Due.UTC(), r.Created.UTC()
	if r.Acknowledged != nil {
		*r.Acknowledged = r.Acknowledged.UTC()
	}
	if r.Closed != nil {
		*r.Closed = r.Closed.UTC()
	}
	if err := decode(handling, &r.Handling); err != nil {
		return r, at, err
	}
	if assignee != nil {
		if err := decode(assignee, &r.Assignee); err != nil {
			return r, at, err
		}
	}
	return r, at, decode(history, &r.History)
}

func getRequest(ctx context.Context, q querier, id string, lock bool) (*liaison.Request, error) {
	sql := `SELECT ` + requestColumns + ` FROM requests t WHERE t.id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	r, _, err := scanRequest(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "request %s not found", id)
	} else if err != nil {
		return nil, wrap("read request "+id, err)
	}
	return &r, nil
}

// Request returns the request with the id; ENOTFOUND when there is none.
func (s *Store) Request(ctx context.Context, id string) (*liaison.Request, error) {
	return getRequest(ctx, s.pool, id, false)
}

// Requests returns a page of the requests that match f, in the order
// stored, and the cursor of the next page ("" on the last).
func (s *Store) Requests(ctx context.Context, f liaison.RequestFilter) ([]liaison.Request, string, error) {
	if f.DueBefore != nil {
		return s.requestsByDue(ctx, f)
	}
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
	q.WriteString(`SELECT ` + requestColumns + ` FROM requests t WHERE `)
	if f.Open != nil {
		q.WriteString(`t.open = ` + arg(*f.Open) + ` AND `)
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		q.WriteString(`t.state = ANY(` + arg(states) + `) AND `)
	}
	if f.DueBefore != nil {
		q.WriteString(`t.due < ` + arg(*f.DueBefore) + ` AND `)
	}
	if f.Party != nil {
		q.WriteString(`t.party = ` + arg(*f.Party) + ` AND `)
	}
	if f.Area != nil {
		q.WriteString(`t.crime_area = ` + arg(string(*f.Area)) + ` AND `)
	}
	if f.CreatedFrom != nil {
		q.WriteString(`t.created >= ` + arg(*f.CreatedFrom) + ` AND `)
	}
	if f.CreatedTo != nil {
		q.WriteString(`t.created < ` + arg(*f.CreatedTo) + ` AND `)
	}
	q.WriteString(`(t.txid, t.pos) > (` + arg(after.txid) + `, ` + arg(after.pos) + `) AND ` + horizon("t.txid"))
	q.WriteString(` ORDER BY t.txid, t.pos LIMIT ` + arg(n+1))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read requests", err)
	}
	defer rows.Close()
	var (
		rs   []liaison.Request
		last cursor
	)
	for rows.Next() {
		if len(rs) == n {
			return rs, last.String(), nil
		}
		r, at, err := scanRequest(rows)
		if err != nil {
			return nil, "", wrap("read requests", err)
		}
		rs = append(rs, r)
		last = at
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
	return getRequest(t.ctx, t.tx, id, true)
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
		a, err = encode(r.Assignee)
		assignee = a
	}
	return
}

// CreateRequest stores r; ECONFLICT when its id exists, without failing
// the transaction.
func (t *tx) CreateRequest(r *liaison.Request) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create request " + r.ID
	handling, history, assignee, err := requestRow(r)
	if err != nil {
		return wrap(op, err)
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO requests (id, case_id, question, priority, due, handling,
		crime_area, from_party, from_agency, from_officer, from_officer_id, to_party, party, inbound, state,
		open, assignee, created, acknowledged, closed, answer_message, history, reminders, next_remind)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		$21, $22, $23, $24) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.CaseID, r.Question, string(r.Priority), r.Due, handling, string(r.Handling.CrimeArea),
		r.From.Party, r.From.Agency, r.From.Officer, r.From.OfficerID, r.To, r.Counterpart(), r.Inbound,
		string(r.State), r.State.Open(), assignee, r.Created, r.Acknowledged, r.Closed, r.AnswerMessage,
		history, int(r.Reminders), r.NextRemind())
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return conflict(nil, "request %s exists", r.ID)
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
	tag, err := t.tx.Exec(t.ctx, `UPDATE requests SET state = $1, open = $2, assignee = $3, acknowledged = $4,
		closed = $5, answer_message = $6, history = $7, reminders = $8, next_remind = $9 WHERE id = $10`,
		string(r.State), r.State.Open(), assignee, r.Acknowledged, r.Closed, r.AnswerMessage, history,
		int(r.Reminders), r.NextRemind(), r.ID)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "request %s not found", r.ID)
	}
	return nil
}

// DueRequests returns up to limit open requests whose next reminder is
// due at now, earliest first, locked until the commit; rows another
// process's scan holds are skipped, not waited for.
func (t *tx) DueRequests(now time.Time, limit int) ([]liaison.Request, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.tx.Query(t.ctx, `SELECT id, case_id, priority, due, created, state, inbound, from_party,
		from_agency, from_officer, from_officer_id, to_party, assignee, crime_area, reminders FROM requests
		WHERE next_remind IS NOT NULL AND next_remind <= $1 ORDER BY next_remind LIMIT $2
		FOR UPDATE SKIP LOCKED`, now, max(limit, 1))
	if err != nil {
		return nil, wrap("read due requests", err)
	}
	rs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (liaison.Request, error) {
		var (
			r        liaison.Request
			assignee []byte
		)
		if err := row.Scan(&r.ID, &r.CaseID, &r.Priority, &r.Due, &r.Created, &r.State, &r.Inbound, &r.From.Party,
			&r.From.Agency, &r.From.Officer, &r.From.OfficerID, &r.To, &assignee, &r.Handling.CrimeArea, &r.Reminders); err != nil {
			return r, err
		}
		r.Due, r.Created = r.Due.UTC(), r.Created.UTC()
		if assignee != nil {
			if err := decode(assignee, &r.Assignee); err != nil {
				return r, err
			}
		}
		return r, nil
	})
	if err != nil {
		return nil, wrap("read due requests", err)
	}
	return rs, nil
}

// SetReminders records the reminders sent and the next one's time.
func (t *tx) SetReminders(id string, sent liaison.Reminders, next *time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE requests SET reminders = $1, next_remind = $2 WHERE id = $3`, int(sent), next, id)
	if err != nil {
		return wrap("set reminders of request "+id, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "request %s not found", id)
	}
	return nil
}

// requestsByDue pages the requests due before f.DueBefore in deadline
// order, the cursor being the last shown's due time and pos.
func (s *Store) requestsByDue(ctx context.Context, f liaison.RequestFilter) ([]liaison.Request, string, error) {
	var (
		due time.Time
		pos int64
	)
	if f.After != "" {
		a, b, ok := strings.Cut(f.After, "~")
		var err1, err2 error
		due, err1 = time.Parse(time.RFC3339Nano, a)
		pos, err2 = strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, "", &liaison.Error{Code: liaison.EINVALID, Message: "invalid cursor",
				Fields: []liaison.FieldError{{Field: "after", Problem: "not a cursor from a previous page"}}}
		}
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
	q.WriteString(`SELECT ` + requestColumns + ` FROM requests t WHERE t.due < ` + arg(*f.DueBefore))
	if f.Open != nil {
		q.WriteString(` AND t.open = ` + arg(*f.Open))
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		q.WriteString(` AND t.state = ANY(` + arg(states) + `)`)
	}
	if f.Party != nil {
		q.WriteString(` AND t.party = ` + arg(*f.Party))
	}
	if f.Area != nil {
		q.WriteString(` AND t.crime_area = ` + arg(string(*f.Area)))
	}
	if f.CreatedFrom != nil {
		q.WriteString(` AND t.created >= ` + arg(*f.CreatedFrom))
	}
	if f.CreatedTo != nil {
		q.WriteString(` AND t.created < ` + arg(*f.CreatedTo))
	}
	if f.After != "" {
		q.WriteString(` AND (t.due, t.pos) > (` + arg(due) + `, ` + arg(pos) + `)`)
	}
	q.WriteString(` ORDER BY t.due, t.pos LIMIT ` + arg(n+1))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read requests", err)
	}
	defer rows.Close()
	var (
		rs   []liaison.Request
		last cursor
	)
	for rows.Next() {
		if len(rs) == n {
			return rs, rs[n-1].Due.UTC().Format(time.RFC3339Nano) + "~" + strconv.FormatInt(last.pos, 10), nil
		}
		r, at, err := scanRequest(rows)
		if err != nil {
			return nil, "", wrap("read requests", err)
		}
		rs = append(rs, r)
		last = at
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read requests", err)
	}
	return rs, "", nil
}
