package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const messageColumns = `t.txid, t.pos, t.id, t.case_id, t.subject, t.body, t.handling, t.entities,
	t.from_party, t.from_agency, t.from_officer, t.from_officer_id, t.created, t.state, t.inbound, t.received,
	t.recipients, t.assessment`

func scanMessage(sc pgx.Row) (liaison.Message, cursor, error) {
	var (
		m                                          liaison.Message
		at                                         cursor
		handling, entities, recipients, assessment []byte
	)
	if err := sc.Scan(&at.txid, &at.pos, &m.ID, &m.CaseID, &m.Subject, &m.Body, &handling, &entities,
		&m.From.Party, &m.From.Agency, &m.From.Officer, &m.From.OfficerID, &m.Created, &m.State, &m.Inbound, &m.Received,
		&recipients, &assessment); err != nil {
		return m, at, err
	}
	if err := decode(handling, &m.Handling); err != nil {
		return m, at, err
	}
	if err := decode(entities, &m.Entities); err != nil {
		return m, at, err
	}
	if err := decode(recipients, &m.To); err != nil {
		return m, at, err
	}
	// NULL (a nil slice) is no assessment.
	if assessment != nil {
		m.Assessment = new(liaison.Assessment)
		if err := decode(assessment, m.Assessment); err != nil {
			return m, at, err
		}
	}
	return m, at, nil
}

func getMessage(ctx context.Context, q querier, id string) (*liaison.Message, error) {
	m, _, err := scanMessage(q.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages t WHERE t.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "message %s not found", id)
	} else if err != nil {
		return nil, wrap("read message "+id, err)
	}
	ms := []liaison.Message{m}
	if err := deliveries(ctx, q, ms); err != nil {
		return nil, err
	}
	return &ms[0], nil
}

// deliveries fills the Deliveries of ms from the outbox, in one query for
// the whole list, ordered by party.
func deliveries(ctx context.Context, q querier, ms []liaison.Message) error {
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
	rows, err := q.Query(ctx, `SELECT object_id, peer, seq, state, reason, settled, receipt_id FROM outbox
		WHERE object_id = ANY($1) AND kind = '`+liaison.KindMessage+`'
		ORDER BY object_id, peer, seq`, ids)
	if err != nil {
		return wrap("read deliveries", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id string
			d  liaison.Delivery
		)
		if err := rows.Scan(&id, &d.Party, &d.Seq, &d.State, &d.Reason, &d.At, &d.Receipt); err != nil {
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
	return getMessage(ctx, s.pool, id)
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
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT ` + messageColumns + ` FROM messages t WHERE `)
	if f.CaseID != nil {
		q.WriteString(`t.case_id = ` + arg(*f.CaseID) + ` AND `)
	}
	if f.Inbound != nil {
		q.WriteString(`t.inbound = ` + arg(*f.Inbound) + ` AND `)
	}
	if f.State != nil {
		q.WriteString(`t.state = ` + arg(string(*f.State)) + ` AND `)
	}
	switch {
	case f.Newest && after != (cursor{}):
		q.WriteString(`(t.txid, t.pos) < (` + arg(after.txid) + `, ` + arg(after.pos) + `) AND `)
	case f.Newest:
	default:
		q.WriteString(`(t.txid, t.pos) > (` + arg(after.txid) + `, ` + arg(after.pos) + `) AND `)
	}
	q.WriteString(horizon("t.txid"))
	if f.Newest {
		q.WriteString(` ORDER BY t.txid DESC, t.pos DESC LIMIT ` + arg(n+1))
	} else {
		q.WriteString(` ORDER BY t.txid, t.pos LIMIT ` + arg(n+1))
	}

	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read messages", err)
	}
	defer rows.Close()
	var (
		ms   []liaison.Message
		last cursor
		next string
	)
	for rows.Next() {
		if len(ms) == n {
			// The extra row only says that there is a next page.
			next = last.String()
			break
		}
		m, at, err := scanMessage(rows)
		if err != nil {
			return nil, "", wrap("read messages", err)
		}
		ms = append(ms, m)
		last = at
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read messages", err)
	}
	// A settle between the two reads may show in the deliveries only; each
	// delivery is still read whole, and none of a listed message is
	// missing: it was queued in the transaction that stored the message.
	if err := deliveries(ctx, s.pool, ms); err != nil {
		return nil, "", err
	}
	return ms, next, nil
}

func (t *tx) Message(id string) (*liaison.Message, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getMessage(t.ctx, t.tx, id)
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
	var assessment *string
	if m.Assessment != nil {
		a, err := encode(m.Assessment)
		if err != nil {
			return wrap(op, err)
		}
		assessment = &a
	}
	// Neither an existing id nor a missing case fails the statement, which
	// on PostgreSQL would end the transaction: no row is inserted, and a
	// second query tells which it was.
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO messages (id, case_id, subject, body, handling, entities,
		from_party, from_agency, from_officer, from_officer_id, created, state, inbound, received,
		recipients, assessment)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16
		WHERE EXISTS (SELECT 1 FROM cases WHERE id = $2)
		ON CONFLICT (id) DO NOTHING`,
		m.ID, m.CaseID, m.Subject, m.Body, handling, entities,
		m.From.Party, m.From.Agency, m.From.Officer, m.From.OfficerID, m.Created, string(m.State),
		m.Inbound, m.Received, recipients, assessment)
	switch {
	case violates(err, "messages_case_fkey"):
		// The case went between the check and the insert.
		return notFound(err, "case %s not found", m.CaseID)
	case err != nil:
		return wrap(op, err)
	case tag.RowsAffected() == 1:
		return nil
	}
	var exists bool
	if err := t.tx.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE id = $1)`, m.ID).Scan(&exists); err != nil {
		return wrap(op, err)
	}
	if exists {
		return conflict(nil, "message %s exists", m.ID)
	}
	return notFound(nil, "case %s not found", m.CaseID)
}

// SetMessageState sets the state of the message; ENOTFOUND when there is
// none.
func (t *tx) SetMessageState(id string, st liaison.MessageState) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE messages SET state = $1 WHERE id = $2`, string(st), id)
	if err != nil {
		return wrap("set state of message "+id, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "message %s not found", id)
	}
	return nil
}
