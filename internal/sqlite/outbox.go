package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/liaison-project/liaison"
)

// Outbox returns up to limit queued items for peer, lowest sequence first;
// limit <= 0 means 100. Nothing is queued for an unknown peer.
func (s *Store) Outbox(ctx context.Context, peer string, limit int) ([]liaison.OutboxItem, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.query(ctx, `SELECT peer, seq, kind, object_id, arrangement, payload, created,
		state, reason, settled, receipt_id
		FROM outbox WHERE peer = ? AND state = 'queued' ORDER BY seq LIMIT ?`, peer, limit)
	if err != nil {
		return nil, wrap("read outbox of "+peer, err)
	}
	defer rows.Close()
	var items []liaison.OutboxItem
	for rows.Next() {
		var (
			it      liaison.OutboxItem
			created string
			settled sql.NullString
		)
		if err := rows.Scan(&it.Peer, &it.Seq, &it.Kind, &it.ObjectID, &it.ArrangementID, &it.Payload, &created,
			&it.State, &it.Reason, &settled, &it.ReceiptID); err != nil {
			return nil, wrap("read outbox of "+peer, err)
		}
		if it.Created, err = parseTime(created); err != nil {
			return nil, wrap("read outbox of "+peer, err)
		}
		if it.Settled, err = parseTimePtr(settled); err != nil {
			return nil, wrap("read outbox of "+peer, err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read outbox of "+peer, err)
	}
	return items, nil
}

// Enqueue numbers item with the next sequence of its peer's link and
// stores it queued; ENOTFOUND when the peer is unknown. The link row is
// updated first, so concurrent transactions (on a store that has them)
// serialise on it and sequences have no gaps.
func (t *tx) Enqueue(item *liaison.OutboxItem) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "enqueue for " + item.Peer
	var seq int64
	err := t.s.w.queryRow(t.wctx, `UPDATE links SET next_seq = next_seq + 1 WHERE peer = ? RETURNING next_seq - 1`,
		item.Peer).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(nil, "peer %s not found", item.Peer)
	} else if err != nil {
		return wrap(op, err)
	}
	payload := item.Payload
	if payload == nil {
		payload = []byte{}
	}
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO outbox (peer, seq, kind, object_id, arrangement, payload, created, state)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')`,
		item.Peer, seq, item.Kind, item.ObjectID, item.ArrangementID, payload, fmtTime(item.Created)); err != nil {
		return wrap(op, err)
	}
	item.Seq = seq
	item.State = liaison.StateQueued
	item.Reason, item.Settled, item.ReceiptID = "", nil, ""
	return nil
}

// Settle marks the queued item delivered or refused. An item already
// settled stays as it is; ENOTFOUND when there is no such item, EINVALID
// for a state other than delivered or refused.
func (t *tx) Settle(peer string, seq int64, state liaison.MessageState, reason, receiptID string, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if state != liaison.StateDelivered && state != liaison.StateRefused {
		return liaison.Invalid(liaison.FieldError{
			Field:   "state",
			Problem: "an outbox item settles as delivered or refused, not " + string(state),
			Allowed: []string{string(liaison.StateDelivered), string(liaison.StateRefused)},
		})
	}
	op := "settle outbox item"
	res, err := t.s.w.exec(t.wctx, `UPDATE outbox SET state = ?, reason = ?, receipt_id = ?, settled = ?
		WHERE peer = ? AND seq = ? AND state = 'queued'`, string(state), reason, receiptID, fmtTime(at), peer, seq)
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n > 0 {
		return nil
	}
	var one int
	err = t.s.w.queryRow(t.wctx, `SELECT 1 FROM outbox WHERE peer = ? AND seq = ?`, peer, seq).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(nil, "outbox item %d for %s not found", seq, peer)
	} else if err != nil {
		return wrap(op, err)
	}
	return nil
}

// Take records an inbound item from its peer, whose link holds the last
// sequence taken: at or below it the item is a duplicate and nothing
// changes; above last+1 it is ECONFLICT, since an item in between is
// missing. ENOTFOUND when the peer is unknown.
func (t *tx) Take(item *liaison.InboundItem) (bool, error) {
	if err := t.check(); err != nil {
		return false, err
	}
	op := "take item from " + item.Peer
	var last int64
	err := t.s.w.queryRow(t.wctx, `SELECT last_in_seq FROM links WHERE peer = ?`, item.Peer).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return false, notFound(nil, "peer %s not found", item.Peer)
	} else if err != nil {
		return false, wrap(op, err)
	}
	switch {
	case item.Seq <= last:
		return true, nil
	case item.Seq != last+1:
		return false, liaison.Errorf(liaison.ECONFLICT, "sequence gap: got %d, want %d", item.Seq, last+1)
	}
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO inbound (peer, seq, envelope_id, kind, object_id, status, reason, received)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, item.Peer, item.Seq, item.EnvelopeID, item.Kind, item.ObjectID,
		item.Status, item.Reason, fmtTime(item.Received)); err != nil {
		return false, wrap(op, err)
	}
	if _, err := t.s.w.exec(t.wctx, `UPDATE links SET last_in_seq = ? WHERE peer = ?`, item.Seq, item.Peer); err != nil {
		return false, wrap(op, err)
	}
	return false, nil
}

// Receipt returns the receipt with the id; ENOTFOUND when there is none.
func (s *Store) Receipt(ctx context.Context, id string) (*liaison.Receipt, error) {
	var (
		r        liaison.Receipt
		received string
	)
	err := s.r.queryRow(ctx, `SELECT id, peer, envelope_id, body, sig, received FROM receipts WHERE id = ?`, id).
		Scan(&r.ID, &r.Peer, &r.EnvelopeID, &r.Body, &r.Sig, &received)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "receipt %s not found", id)
	} else if err != nil {
		return nil, wrap("read receipt "+id, err)
	}
	if r.Received, err = parseTime(received); err != nil {
		return nil, wrap("read receipt "+id, err)
	}
	return &r, nil
}

// PutReceipt stores r as received; ECONFLICT when a receipt with its id
// exists, ENOTFOUND when its peer is unknown.
func (t *tx) PutReceipt(r *liaison.Receipt) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO receipts (id, peer, envelope_id, body, sig, received)
		VALUES (?, ?, ?, ?, ?, ?)`, r.ID, r.Peer, r.EnvelopeID, r.Body, r.Sig, fmtTime(r.Received))
	switch {
	case err == nil:
		return nil
	case isConflict(err):
		return conflict(err, "receipt %s exists", r.ID)
	case isForeignKey(err):
		return notFound(err, "peer %s not found", r.Peer)
	}
	return wrap("put receipt "+r.ID, err)
}
