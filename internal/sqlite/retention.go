package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-project/liaison"
)

func getTombstone(ctx context.Context, h *handle, id string) (*liaison.Tombstone, error) {
	var (
		t               liaison.Tombstone
		created, purged string
	)
	err := h.queryRow(ctx, `SELECT object_id, kind, case_id, created, purged, reason, by FROM tombstones WHERE object_id = ?`, id).
		Scan(&t.ObjectID, &t.Kind, &t.CaseID, &created, &purged, &t.Reason, &t.By)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "%s was not purged", id)
	} else if err != nil {
		return nil, wrap("read tombstone "+id, err)
	}
	if t.Created, err = parseTime(created); err != nil {
		return nil, wrap("read tombstone "+id, err)
	}
	if t.Purged, err = parseTime(purged); err != nil {
		return nil, wrap("read tombstone "+id, err)
	}
	return &t, nil
}

// Tombstone returns what remains of the purged case or message with the
// id; ENOTFOUND when none was purged.
func (s *Store) Tombstone(ctx context.Context, id string) (*liaison.Tombstone, error) {
	return getTombstone(ctx, s.r, id)
}

func (t *tx) Tombstone(id string) (*liaison.Tombstone, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getTombstone(t.wctx, t.s.w, id)
}

// Expired returns up to f.Limit expired messages or cases (f.Kind), oldest
// first; held messages and cases that still hold messages are left out.
// EINVALID for another kind.
func (s *Store) Expired(ctx context.Context, f liaison.ExpiryFilter) ([]liaison.Expired, error) {
	cutoffs := make(map[string]string, len(f.Cutoffs))
	for id, at := range f.Cutoffs {
		cutoffs[id] = fmtTime(at)
	}
	cut, err := encode(cutoffs)
	if err != nil {
		return nil, wrap("find expired content", err)
	}
	// The retention date, '' when unset; the arrangement's cutoff, NULL
	// (never expired) for an arrangement not named.
	expired := func(arrangement string) string {
		return `(CASE WHEN coalesce(json_extract(t.handling, '$.retain_until'), '') != ''
		THEN json_extract(t.handling, '$.retain_until') < ?1
		ELSE t.created < json_extract(?2, '$."' || ` + arrangement + ` || '"') END)`
	}
	var q string
	switch f.Kind {
	case liaison.KindMessage:
		q = `SELECT t.id, t.case_id, t.created, coalesce(json_extract(t.handling, '$.retain_until'), ''), c.arrangement
			FROM messages t JOIN cases c ON c.id = t.case_id
			WHERE ` + expired("c.arrangement") + ` AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.message_id = t.id)
			ORDER BY t.created, t.pos LIMIT ?3`
	case liaison.KindCase:
		q = `SELECT t.id, t.id, t.created, coalesce(json_extract(t.handling, '$.retain_until'), ''), t.arrangement
			FROM cases t
			WHERE ` + expired("t.arrangement") + ` AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.case_id = t.id)
			ORDER BY t.created, t.pos LIMIT ?3`
	default:
		return nil, liaison.Errorf(liaison.EINVALID, "expired content of kind %q: want case or message", f.Kind)
	}
	rows, err := s.r.query(ctx, q, f.Today, cut, pageSize(f.Limit))
	if err != nil {
		return nil, wrap("find expired content", err)
	}
	defer rows.Close()
	var out []liaison.Expired
	for rows.Next() {
		e := liaison.Expired{Kind: f.Kind}
		var created string
		if err := rows.Scan(&e.ID, &e.CaseID, &created, &e.RetainUntil, &e.ArrangementID); err != nil {
			return nil, wrap("find expired content", err)
		}
		if e.Created, err = parseTime(created); err != nil {
			return nil, wrap("find expired content", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find expired content", err)
	}
	return out, nil
}

// PurgeMessage deletes the message and stores its tombstone in its place;
// see liaison.Tx.
func (t *tx) PurgeMessage(ts *liaison.Tombstone) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "purge message " + ts.ObjectID
	var held int
	if err := t.s.w.queryRow(t.wctx, `SELECT count(*) FROM holds WHERE message_id = ?`, ts.ObjectID).Scan(&held); err != nil {
		return wrap(op, err)
	}
	if held > 0 {
		return liaison.Errorf(liaison.ECONFLICT, "message %s is on legal hold", ts.ObjectID)
	}
	res, err := t.s.w.exec(t.wctx, `DELETE FROM messages WHERE id = ?`, ts.ObjectID)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 0 {
		return notFound(nil, "message %s not found", ts.ObjectID)
	}
	return t.bury(op, ts, liaison.KindMessage)
}

// PurgeCase deletes the case and stores its tombstone; see liaison.Tx.
func (t *tx) PurgeCase(ts *liaison.Tombstone) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "purge case " + ts.ObjectID
	var msgs int
	if err := t.s.w.queryRow(t.wctx, `SELECT count(*) FROM messages WHERE case_id = ?`, ts.ObjectID).Scan(&msgs); err != nil {
		return wrap(op, err)
	}
	if msgs > 0 {
		return liaison.Errorf(liaison.ECONFLICT, "case %s still holds %d messages", ts.ObjectID, msgs)
	}
	res, err := t.s.w.exec(t.wctx, `DELETE FROM cases WHERE id = ?`, ts.ObjectID)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 0 {
		return notFound(nil, "case %s not found", ts.ObjectID)
	}
	return t.bury(op, ts, liaison.KindCase)
}

// bury stores the tombstone and puts it in place of the content in the
// outbox items of kind that carried the object: a queued one becomes a
// KindPurged item.
func (t *tx) bury(op string, ts *liaison.Tombstone, kind string) error {
	body, err := encode(ts)
	if err != nil {
		return wrap(op, err)
	}
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO tombstones (object_id, kind, case_id, created, purged, reason, by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ts.ObjectID, ts.Kind, ts.CaseID, fmtTime(ts.Created), fmtTime(ts.Purged), ts.Reason, ts.By); err != nil {
		if isConflict(err) {
			return conflict(err, "%s was purged already", ts.ObjectID)
		}
		return wrap(op, err)
	}
	if _, err := t.s.w.exec(t.wctx, `UPDATE outbox SET payload = ?,
		kind = CASE WHEN state = 'queued' THEN '`+liaison.KindPurged+`' ELSE kind END
		WHERE object_id = ? AND kind = ?`, []byte(body), ts.ObjectID, kind); err != nil {
		return wrap(op, err)
	}
	return nil
}

// Hold returns the legal hold on the message; ENOTFOUND when none.
func (t *tx) Hold(messageID string) (*liaison.Hold, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	var (
		h  liaison.Hold
		at string
	)
	err := t.s.w.queryRow(t.wctx, `SELECT message_id, reason, officer_id, at FROM holds WHERE message_id = ?`, messageID).
		Scan(&h.MessageID, &h.Reason, &h.OfficerID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "message %s is not on hold", messageID)
	} else if err != nil {
		return nil, wrap("read hold of "+messageID, err)
	}
	if h.At, err = parseTime(at); err != nil {
		return nil, wrap("read hold of "+messageID, err)
	}
	return &h, nil
}

// PutHold puts the message on legal hold; ENOTFOUND when there is no such
// message.
func (t *tx) PutHold(h *liaison.Hold) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO holds (message_id, reason, officer_id, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (message_id) DO UPDATE SET reason = excluded.reason, officer_id = excluded.officer_id, at = excluded.at`,
		h.MessageID, h.Reason, h.OfficerID, fmtTime(h.At))
	if isForeignKey(err) {
		return notFound(err, "message %s not found", h.MessageID)
	}
	if err != nil {
		return wrap("hold message "+h.MessageID, err)
	}
	return nil
}

// SetMessageHandling replaces the message's handling; ENOTFOUND when there
// is no such message.
func (t *tx) SetMessageHandling(id string, h liaison.Handling) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "set handling of message " + id
	enc, err := encode(h)
	if err != nil {
		return wrap(op, err)
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE messages SET handling = ? WHERE id = ?`, enc, id)
	if err != nil {
		return wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(op, err)
	} else if n == 0 {
		return notFound(nil, "message %s not found", id)
	}
	return nil
}

func getRecalls(ctx context.Context, h *handle, messageID string) ([]liaison.Recall, error) {
	rows, err := h.query(ctx, `SELECT message_id, party, state, reason, officer_id, requested, at
		FROM recalls WHERE message_id = ? ORDER BY party`, messageID)
	if err != nil {
		return nil, wrap("read recalls of "+messageID, err)
	}
	defer rows.Close()
	var out []liaison.Recall
	for rows.Next() {
		var (
			r             liaison.Recall
			requested, at string
		)
		if err := rows.Scan(&r.MessageID, &r.Party, &r.State, &r.Reason, &r.OfficerID, &requested, &at); err != nil {
			return nil, wrap("read recalls of "+messageID, err)
		}
		if r.Requested, err = parseTime(requested); err != nil {
			return nil, wrap("read recalls of "+messageID, err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, wrap("read recalls of "+messageID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read recalls of "+messageID, err)
	}
	return out, nil
}

// Recalls returns the recalls of the message, ordered by party.
func (s *Store) Recalls(ctx context.Context, messageID string) ([]liaison.Recall, error) {
	return getRecalls(ctx, s.r, messageID)
}

func (t *tx) Recalls(messageID string) ([]liaison.Recall, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getRecalls(t.wctx, t.s.w, messageID)
}

// PutRecall creates or replaces the recall of r.MessageID from r.Party.
// EINVALID for an unknown state.
func (t *tx) PutRecall(r *liaison.Recall) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := liaison.ValidRecallState(r.State); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO recalls (message_id, party, state, reason, officer_id, requested, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id, party) DO UPDATE SET state = excluded.state, reason = excluded.reason,
			officer_id = excluded.officer_id, requested = excluded.requested, at = excluded.at`,
		r.MessageID, r.Party, r.State, r.Reason, r.OfficerID, fmtTime(r.Requested), fmtTime(r.At))
	if err != nil {
		return wrap("put recall of "+r.MessageID, err)
	}
	return nil
}
