package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/liaison-project/liaison"
)

const peerColumns = `party, name, federation_url, signing_key, hpke_key, cert_sha256, added`

func scanPeer(sc pgx.Row) (liaison.Peer, error) {
	var p liaison.Peer
	err := sc.Scan(&p.Party, &p.Name, &p.FederationURL, &p.SigningKey, &p.HPKEKey, &p.CertSHA256, &p.Added)
	return p, err
}

func getPeer(ctx context.Context, q querier, party string) (*liaison.Peer, error) {
	p, err := scanPeer(q.QueryRow(ctx, `SELECT `+peerColumns+` FROM peers WHERE party = $1`, party))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "peer %s not found", party)
	} else if err != nil {
		return nil, wrap("read peer "+party, err)
	}
	return &p, nil
}

// Peer returns the peer of the party; ENOTFOUND when there is none.
func (s *Store) Peer(ctx context.Context, party string) (*liaison.Peer, error) {
	return getPeer(ctx, s.pool, party)
}

// Peers returns every peer, ordered by party.
func (s *Store) Peers(ctx context.Context) ([]liaison.Peer, error) {
	return peers(ctx, s.pool)
}

func (t *tx) Peers() ([]liaison.Peer, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return peers(t.ctx, t.tx)
}

func peers(ctx context.Context, q querier) ([]liaison.Peer, error) {
	rows, err := q.Query(ctx, `SELECT `+peerColumns+` FROM peers ORDER BY party`)
	if err != nil {
		return nil, wrap("read peers", err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Peer, error) { return scanPeer(r) })
	if err != nil {
		return nil, wrap("read peers", err)
	}
	return nilIfEmpty(ps), nil
}

// Links returns the link state of every peer, ordered by party. Queued is
// counted from the outbox's index of queued rows, so it costs the size of
// the backlog, not of the history.
func (s *Store) Links(ctx context.Context) ([]liaison.Link, error) {
	rows, err := s.pool.Query(ctx, `SELECT peer, up, next_seq, last_in_seq,
		last_delivery, last_attempt, last_error, last_error_at, last_refusal, last_refusal_at,
		(SELECT count(*) FROM outbox o WHERE o.peer = l.peer AND o.state = 'queued'),
		audit_alarm, audit_alarm_at, (SELECT coalesce(max(size), 0) FROM audit_checkpoints c WHERE c.party = l.peer)
		FROM links l ORDER BY peer`)
	if err != nil {
		return nil, wrap("read links", err)
	}
	links, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Link, error) {
		var l liaison.Link
		err := r.Scan(&l.Party, &l.Up, &l.NextSeq, &l.LastInSeq,
			&l.LastDelivery, &l.LastAttempt, &l.LastError, &l.LastErrorAt, &l.LastRefusal, &l.LastRefusalAt, &l.Queued,
			&l.AuditAlarm, &l.AuditAlarmAt, &l.AuditSize)
		return l, err
	})
	if err != nil {
		return nil, wrap("read links", err)
	}
	return nilIfEmpty(links), nil
}

func (t *tx) Peer(party string) (*liaison.Peer, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getPeer(t.ctx, t.tx, party)
}

// PutPeer creates or replaces the peer and creates its link if missing.
// The peer row is updated in place, never deleted and inserted again, so
// the link's sequence numbers and the rows that refer to the peer stay.
func (t *tx) PutPeer(p *liaison.Peer) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "put peer " + p.Party
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO peers (`+peerColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (party) DO UPDATE SET name = excluded.name, federation_url = excluded.federation_url,
		signing_key = excluded.signing_key, hpke_key = excluded.hpke_key,
		cert_sha256 = excluded.cert_sha256, added = excluded.added`,
		p.Party, p.Name, p.FederationURL, p.SigningKey, p.HPKEKey, p.CertSHA256, p.Added)
	b.Queue(`INSERT INTO links (peer) VALUES ($1) ON CONFLICT (peer) DO NOTHING`, p.Party)
	if err := t.tx.SendBatch(t.ctx, b).Close(); err != nil {
		return wrap(op, err)
	}
	return nil
}

// LinkAttempt records a push to peer; errText is empty on success.
// LastError and LastErrorAt keep the latest failure after the link
// recovers: Up says whether the last attempt succeeded.
func (t *tx) LinkAttempt(peer string, at time.Time, errText string) error {
	if err := t.check(); err != nil {
		return err
	}
	var (
		tag pgconn.CommandTag
		err error
	)
	if errText == "" {
		tag, err = t.tx.Exec(t.ctx, `UPDATE links SET up = true, last_attempt = $1, last_delivery = $1 WHERE peer = $2`,
			at, peer)
	} else {
		tag, err = t.tx.Exec(t.ctx, `UPDATE links SET up = false, last_attempt = $1, last_error = $2, last_error_at = $1 WHERE peer = $3`,
			at, errText, peer)
	}
	return linkUpdated(tag, err, "record link attempt to "+peer, peer)
}

// NoteRefusal records the latest refusal on the link to peer.
func (t *tx) NoteRefusal(peer string, at time.Time, text string) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE links SET last_refusal = $1, last_refusal_at = $2 WHERE peer = $3`,
		text, at, peer)
	return linkUpdated(tag, err, "note refusal on link to "+peer, peer)
}

// linkUpdated turns the outcome of an UPDATE of one link into an error:
// ENOTFOUND when no link was changed.
func linkUpdated(tag pgconn.CommandTag, err error, op, peer string) error {
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "peer %s not found", peer)
	}
	return nil
}
