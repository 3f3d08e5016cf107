package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// Outbox returns up to limit queued items for peer, lowest sequence first;
// limit <= 0 means 100. Nothing is queued for an unknown peer.
func (s *Store) Outbox(ctx context.Context, peer string, limit int) ([]liaison.OutboxItem, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT peer, seq, kind, object_id, arrangement, payload, created,
		state, reason, settled, receipt_id
		FROM outbox WHERE peer = $1 AND state = 'queued' ORDER BY seq LIMIT $2`, peer, limit)
	if err != nil {
		return nil, wrap("read outbox of "+peer, err)
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.OutboxItem, error) {
		var it liaison.OutboxItem
		err := r.Scan(&it.Peer, &it.Seq, &it.Kind, &it.ObjectID, &it.ArrangementID, &it.Payload, &it.Created,
			&it.State, &it.Reason, &it.Settled, &it.ReceiptID)
		return it, err
	})
	if err != nil {
		return nil, wrap("read outbox of "+peer, err)
	}
	return nilIfEmpty(items), nil
}

// enqueueLock is the first key of the advisory locks that make
// transactions queueing to one peer take turns; the second is a hash of the
// peer.
const enqueueLock = 0x6c71 // "lq"

// Enqueue numbers item with the next sequence of its peer's link and
// stores it queued; ENOTFOUND when the peer is unknown. The link's row
// stays locked until the transaction ends, so concurrent transactions, from
// any process, take turns on it and the sequences have no gaps and no
// duplicates.
//
// Before it writes, Enqueue takes a transaction-scoped advisory lock on the
// peer, which every Enqueue takes first. PostgreSQL gives a transaction its
// id at its first write, and pages list rows in the order of that id; a
// transaction waiting for the link's row (even with SELECT ... FOR UPDATE,
// once another has updated it) already has one, drawn before the wait, so
// two transactions could take the link in one order and list in the other.
// Waiting for an advisory lock draws no id: a transaction that queues
// before any other write lists its rows after those of every transaction
// that queued to the peer before it, in the order of the link's sequence,
// which is the order in which the peer receives them.
func (t *tx) Enqueue(item *liaison.OutboxItem) error {
	if err := t.check(); err != nil {
		return err
	}
	payload := item.Payload
	if payload == nil {
		payload = []byte{}
	}
	op := "enqueue for " + item.Peer
	// One round trip: the statements run in order.
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(enqueueLock), item.Peer)
	b.Queue(`WITH l AS (
		UPDATE links SET next_seq = next_seq + 1 WHERE peer = $1 RETURNING peer, next_seq - 1 AS seq)
		INSERT INTO outbox (peer, seq, kind, object_id, arrangement, payload, created, state)
		SELECT l.peer, l.seq, $2, $3, $4, $5, $6, 'queued' FROM l
		RETURNING seq`,
		item.Peer, item.Kind, item.ObjectID, item.ArrangementID, payload, item.Created)
	res := t.tx.SendBatch(t.ctx, b)
	defer res.Close()
	if _, err := res.Exec(); err != nil {
		return wrap(op, err)
	}
	var seq int64
	err := res.QueryRow().Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(nil, "peer %s not found", item.Peer)
	} else if err != nil {
		return wrap(op, err)
	}
	if err := res.Close(); err != nil {
		return wrap(op, err)
	}
	item.Seq = seq
	item.State = liaison.StateQueued
	item.Reason, item.Settled, item.ReceiptID = "", nil, ""
	return nil
}

// Settle marks the queued item delivered or refused. An item already
// settled stays as it is; ENOTFOUND when there is no such item, EINVALID
// for a state other than delivered or refused. Two processes settling the
// same item at once settle it once: the second waits for the first's row
// lock, then finds the item no longer queued.
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
	tag, err := t.tx.Exec(t.ctx, `UPDATE outbox SET state = $1, reason = $2, receipt_id = $3, settled = $4
		WHERE peer = $5 AND seq = $6 AND state = 'queued'`, string(state), reason, receiptID, at, peer, seq)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() > 0 {
		return nil
	}
	var one int
	err = t.tx.QueryRow(t.ctx, `SELECT 1 FROM outbox WHERE peer = $1 AND seq = $2`, peer, seq).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(nil, "outbox item %d for %s not found", seq, peer)
	} else if err != nil {
		return wrap(op, err)
	}
	return nil
}

// Take records an inbound item from its peer, whose link holds the last
// sequence taken: at or below it the item is a duplicate and nothing
// changes; above last+1 it is ECONFLICT, since an item in between is
// missing. ENOTFOUND when the peer is unknown. The link's row is read FOR
// UPDATE, so of two processes taking the same item at once, the second
// waits for the first to end and then sees its sequence as taken.
func (t *tx) Take(item *liaison.InboundItem) (bool, error) {
	if err := t.check(); err != nil {
		return false, err
	}
	op := "take item from " + item.Peer
	var last int64
	err := t.tx.QueryRow(t.ctx, `SELECT last_in_seq FROM links WHERE peer = $1 FOR UPDATE`, item.Peer).Scan(&last)
	if errors.Is(err, pgx.ErrNoRows) {
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
	if _, err := t.tx.Exec(t.ctx, `WITH l AS (UPDATE links SET last_in_seq = $2 WHERE peer = $1)
		INSERT INTO inbound (peer, seq, envelope_id, kind, object_id, status, reason, received)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, item.Peer, item.Seq, item.EnvelopeID, item.Kind, item.ObjectID,
		item.Status, item.Reason, item.Received); err != nil {
		return false, wrap(op, err)
	}
	return false, nil
}

// Receipt returns the receipt with the id; ENOTFOUND when there is none.
func (s *Store) Receipt(ctx context.Context, id string) (*liaison.Receipt, error) {
	var r liaison.Receipt
	err := s.pool.QueryRow(ctx, `SELECT id, peer, envelope_id, body, sig, received FROM receipts WHERE id = $1`, id).
		Scan(&r.ID, &r.Peer, &r.EnvelopeID, &r.Body, &r.Sig, &r.Received)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "receipt %s not found", id)
	} else if err != nil {
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
	// As in CreateMessage, neither an existing id nor an unknown peer fails
	// the statement, which would end the transaction.
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO receipts (id, peer, envelope_id, body, sig, received)
		SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM peers WHERE party = $2)
		ON CONFLICT (id) DO NOTHING`, r.ID, r.Peer, r.EnvelopeID, r.Body, r.Sig, r.Received)
	switch {
	case violates(err, "receipts_peer_fkey"):
		return notFound(err, "peer %s not found", r.Peer)
	case err != nil:
		return wrap("put receipt "+r.ID, err)
	case tag.RowsAffected() == 1:
		return nil
	}
	var exists bool
	if err := t.tx.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM receipts WHERE id = $1)`, r.ID).Scan(&exists); err != nil {
		return wrap("put receipt "+r.ID, err)
	}
	if exists {
		return conflict(nil, "receipt %s exists", r.ID)
	}
	return notFound(nil, "peer %s not found", r.Peer)
}
