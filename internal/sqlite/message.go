package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/liaison-project/liaison"
)

const messageColumns = `pos, id, case_id, subject, body, handling, entities,
	from_party, from_agency, from_officer, from_officer_id, created, state, inbound, received,
	recipients, assessment`

func scanMessage(sc interface{ Scan(...any) error }) (liaison.Message, int64, error) {
	var (
		m                           liaison.Message
		pos                         int64
		handling, entities, created string
		recipients                  string
		received, assessment        sql.NullString
	)
	if err := sc.Scan(&pos, &m.ID, &m.CaseID, &m.Subject, &m.Body, &handling, &entities,
		&m.From.Party, &m.From.Agency, &m.From.Officer, &m.From.OfficerID, &created, &m.State, &m.Inbound, &received,
		&recipients, &assessment); err != nil {
		return m, 0, err
	}
	if err := decode(handling, &m.Handling); err != nil {
		return m, 0, err
	}
	if err := decode(entities, &m.Entities); err != nil {
		return m, 0, err
	}
	if err := decode(recipients, &m.To); err != nil {
		return m, 0, err
	}
	if assessment.Valid {
		m.Assessment = new(liaison.Assessment)
		if err := decode(assessment.String, m.Assessment); err != nil {
			return m, 0, err
		}
	}
	var err error
	if m.Created, err = parseTime(created); err != nil {
		return m, 0, err
	}
	m.Received, err = parseTimePtr(received)
	return m, pos, err
}

func getMessage(ctx context.Context, h *handle, id string) (*liaison.Message, error) {
	m, _, err := scanMessage(h.queryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "message %s not found", id)
	} else if err != nil {
		return nil, wrap("read message "+id, err)
	}
	ms := []liaison.Message{m}
	if err := deliveries(ctx, h, ms); err != nil {
		return nil, err
	}
	return &ms[0], nil
}

// deliveries fills the Deliveries of ms from the outbox, in one query for
// the whole list, ordered by party.
func deliveries(ctx context.Context, h *handle, ms []liaison.Message) error {
	var ids []string
	at := make(map[string]int, len(ms))
	for i, m := range ms {
		if !m.Inbound {
			ids = append(ids, m.ID)
			at[m.ID] = i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, err := encode(ids)
	if err != nil {
		return wrap("read deliveries", err)
	}
	rows, err := h.query(ctx, `SELECT object_id, peer, seq, state, reason, settled, receipt_id FROM outbox
		WHERE object_id IN (SELECT value FROM json_each(?)) AND kind = '`+liaison.KindMessage+`'
		ORDER BY object_id, peer, seq`, list)
	if err != nil {
		return wrap("read deliveries", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      string
			d       liaison.Delivery
			settled sql.NullString
		)
		if err := rows.Scan(&id, &d.Party, &d.Seq, &d.State, &d.Reason, &settled, &d.Receipt); err != nil {
			return wrap("read deliveries", err)
		}
		if d.At, err = parseTimePtr(settled); err != nil {
			return wrap("read deliveries", err)
		}
		m := &ms[at[id]]
		m.Deliveries = append(m.Deliveries, d)
	}
	if err := rows.Err(); err != nil {
		return wrap("read deliveries", err)
	}
	return nil
}

// Message returns the message with the id and its deliveries; ENOTFOUND
// when there is none.
func (s *Store) Message(ctx context.Context, id string) (*liaison.Message, error) {
	return getMessage(ctx, s.r, id)
}

// Messages returns a page of the messages that match f, in the order this
// node stored them, with their deliveries, and the cursor of the next page
// ("" on the last). EINVALID when f.After is not a cursor this method
// returned.
func (s *Store) Messages(ctx context.Context, f liaison.MessageFilter) ([]liaison.Message, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)

	var (
		q    strings.Builder
		args []any
	)
	switch {
	case f.Newest && after > 0:
		q.WriteString(`SELECT ` + messageColumns + ` FROM messages WHERE pos < ?`)
		args = append(args, after)
	case f.Newest:
		q.WriteString(`SELECT ` + messageColumns + ` FROM messages WHERE true`)
	default:
		q.WriteString(`SELECT ` + messageColumns + ` FROM messages WHERE pos > ?`)
		args = append(args, after)
	}
	if f.CaseID != nil {
		q.WriteString(` AND case_id = ?`)
		args = append(args, *f.CaseID)
	}
	switch {
	case f.Inbound != nil && f.CaseID != nil:
		// A case's messages are few: walk the case's index and filter,
		// rather than every inbound message (the unary + keeps SQLite from
		// choosing the inbound index).
		q.WriteString(` AND +inbound = ?`)
		args = append(args, bit(*f.Inbound))
	case f.Inbound != nil:
		q.WriteString(` AND inbound = ?`)
		args = append(args, bit(*f.Inbound))
	}
	if f.State != nil {
		q.WriteString(` AND state = ?`)
		args = append(args, string(*f.State))
	}
	if f.Newest {
		q.WriteString(` ORDER BY pos DESC LIMIT ?`)
	} else {
		q.WriteString(` ORDER BY pos LIMIT ?`)
	}
	args = append(args, n+1)

	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read messages", err)
	}
	defer rows.Close()
	var (
		ms   []liaison.Message
		last int64
		next string
	)
	for rows.Next() {
		if len(ms) == n {
			// The extra row only says that there is a next page.
			next = formatCursor(last)
			break
		}
		m, pos, err := scanMessage(rows)
		if err != nil {
			return nil, "", wrap("read messages", err)
		}
		ms = append(ms, m)
		last = pos
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read messages", err)
	}
	rows.Close()
	// A settle between the two reads may show in the deliveries only;
	// each delivery is still read whole.
	if err := deliveries(ctx, s.r, ms); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

func (t *tx) Message(id string) (*liaison.Message, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getMessage(t.wctx, t.s.w, id)
}

// CreateMessage stores m; ECONFLICT when a message with its id exists,
// ENOTFOUND when its case does not.
func (t *tx) CreateMessage(m *liaison.Message) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create message " + m.ID
	handling, err := encode(m.Handling)
	if err != nil {
		return wrap(op, err)
	}
	entities, err := encode(m.Entities)
	if err != nil {
		return wrap(op, err)
	}
	recipients, err := encode(m.To)
	if err != nil {
		return wrap(op, err)
	}
	// NULL, not "null", when there is no assessment.
	var assessment any
	if m.Assessment != nil {
		if assessment, err = encode(m.Assessment); err != nil {
			return wrap(op, err)
		}
	}
	_, err = t.s.w.exec(t.wctx, `INSERT INTO messages (id, case_id, subject, body, handling, entities,
		from_party, from_agency, from_officer, from_officer_id, created, state, inbound, received,
		recipients, assessment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.CaseID, m.Subject, m.Body, handling, entities,
		m.From.Party, m.From.Agency, m.From.Officer, m.From.OfficerID, fmtTime(m.Created), string(m.State),
		bit(m.Inbound), fmtTimePtr(m.Received), recipients, assessment)
	switch {
	case err == nil:
		return nil
	case isConflict(err):
		return conflict(err, "message %s exists", m.ID)
	case isForeignKey(err):
		return notFound(err, "case %s not found", m.CaseID)
	}
	return wrap(op, err)
}

// SetMessageState sets the state of the message; ENOTFOUND when there is
// none.
func (t *tx) SetMessageState(id string, st liaison.MessageState) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE messages SET state = ? WHERE id = ?`, string(st), id)
	if err != nil {
		return wrap("set state of message "+id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("set state of message "+id, err)
	} else if n == 0 {
		return notFound(nil, "message %s not found", id)
	}
	return nil
}
