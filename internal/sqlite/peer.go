package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/liaison-project/liaison"
)

const peerColumns = `party, name, federation_url, signing_key, hpke_key, cert_sha256, added`

func scanPeer(sc interface{ Scan(...any) error }) (liaison.Peer, error) {
	var (
		p     liaison.Peer
		added string
	)
	if err := sc.Scan(&p.Party, &p.Name, &p.FederationURL, &p.SigningKey, &p.HPKEKey, &p.CertSHA256, &added); err != nil {
		return p, err
	}
	var err error
	p.Added, err = parseTime(added)
	return p, err
}

func getPeer(ctx context.Context, h *handle, party string) (*liaison.Peer, error) {
	p, err := scanPeer(h.queryRow(ctx, `SELECT `+peerColumns+` FROM peers WHERE party = ?`, party))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "peer %s not found", party)
	} else if err != nil {
		return nil, wrap("read peer "+party, err)
	}
	return &p, nil
}

// Peer returns the peer of the party; ENOTFOUND when there is none.
func (s *Store) Peer(ctx context.Context, party string) (*liaison.Peer, error) {
	return getPeer(ctx, s.r, party)
}

// Peers returns every peer, ordered by party.
func (s *Store) Peers(ctx context.Context) ([]liaison.Peer, error) {
	return peers(ctx, s.r)
}

func (t *tx) Peers() ([]liaison.Peer, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return peers(t.wctx, t.s.w)
}

func peers(ctx context.Context, h *handle) ([]liaison.Peer, error) {
	rows, err := h.query(ctx, `SELECT `+peerColumns+` FROM peers ORDER BY party`)
	if err != nil {
		return nil, wrap("read peers", err)
	}
	defer rows.Close()
	var peers []liaison.Peer
	for rows.Next() {
		p, err := scanPeer(rows)
		if err != nil {
			return nil, wrap("read peers", err)
		}
		peers = append(peers, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read peers", err)
	}
	return peers, nil
}

// Links returns the link state of every peer, ordered by party. Queued is
// counted from the outbox's index of queued rows, so it costs the size of
// the backlog, not of the history.
func (s *Store) Links(ctx context.Context) ([]liaison.Link, error) {
	rows, err := s.r.query(ctx, `SELECT peer, up, next_seq, last_in_seq,
		last_delivery, last_attempt, last_error, last_error_at, last_refusal, last_refusal_at,
		(SELECT count(*) FROM outbox o WHERE o.peer = l.peer AND o.state = 'queued'),
		audit_alarm, audit_alarm_at, (SELECT coalesce(max(size), 0) FROM audit_checkpoints c WHERE c.party = l.peer)
		FROM links l ORDER BY peer`)
	if err != nil {
		return nil, wrap("read links", err)
	}
	defer rows.Close()
	var links []liaison.Link
	for rows.Next() {
		var (
			l                                     liaison.Link
			delivery, attempt, errorAt, refusalAt sql.NullString
			alarmAt                               sql.NullString
		)
		if err := rows.Scan(&l.Party, &l.Up, &l.NextSeq, &l.LastInSeq,
			&delivery, &attempt, &l.LastError, &errorAt, &l.LastRefusal, &refusalAt, &l.Queued,
			&l.AuditAlarm, &alarmAt, &l.AuditSize); err != nil {
			return nil, wrap("read links", err)
		}
		if l.LastDelivery, err = parseTimePtr(delivery); err != nil {
			return nil, wrap("read links", err)
		}
		if l.LastAttempt, err = parseTimePtr(attempt); err != nil {
			return nil, wrap("read links", err)
		}
		if l.LastErrorAt, err = parseTimePtr(errorAt); err != nil {
			return nil, wrap("read links", err)
		}
		if l.LastRefusalAt, err = parseTimePtr(refusalAt); err != nil {
			return nil, wrap("read links", err)
		}
		if l.AuditAlarmAt, err = parseTimePtr(alarmAt); err != nil {
			return nil, wrap("read links", err)
		}
		links = append(links, l)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read links", err)
	}
	return links, nil
}

func (t *tx) Peer(party string) (*liaison.Peer, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getPeer(t.wctx, t.s.w, party)
}

// PutPeer creates or replaces the peer and creates its link if missing.
// The peer row is updated in place, never deleted and inserted again, so
// the link's sequence numbers and the rows that refer to the peer stay.
func (t *tx) PutPeer(p *liaison.Peer) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "put peer " + p.Party
	_, err := t.s.w.exec(t.wctx, `INSERT INTO peers (`+peerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (party) DO UPDATE SET name = excluded.name, federation_url = excluded.federation_url,
		signing_key = excluded.signing_key, hpke_key = excluded.hpke_key,
		cert_sha256 = excluded.cert_sha256, added = excluded.added`,
		p.Party, p.Name, p.FederationURL, p.SigningKey, p.HPKEKey, p.CertSHA256, fmtTime(p.Added))
	if err != nil {
		return wrap(op, err)
	}
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO links (peer) VALUES (?) ON CONFLICT (peer) DO NOTHING`, p.Party); err != nil {
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
		res sql.Result
		err error
	)
	if errText == "" {
		res, err = t.s.w.exec(t.wctx, `UPDATE links SET up = 1, last_attempt = ?1, last_delivery = ?1 WHERE peer = ?2`,
			fmtTime(at), peer)
	} else {
		res, err = t.s.w.exec(t.wctx, `UPDATE links SET up = 0, last_attempt = ?1, last_error = ?2, last_error_at = ?1 WHERE peer = ?3`,
			fmtTime(at), errText, peer)
	}
	return linkUpdated(res, err, "record link attempt to "+peer, peer)
}

// NoteRefusal records the latest refusal on the link to peer.
func (t *tx) NoteRefusal(peer string, at time.Time, text string) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE links SET last_refusal = ?, last_refusal_at = ? WHERE peer = ?`,
		text, fmtTime(at), peer)
	return linkUpdated(res, err, "note refusal on link to "+peer, peer)
}

// linkUpdated turns the outcome of an UPDATE of one link into an error:
// ENOTFOUND when no link was changed.
func linkUpdated(res sql.Result, err error, op, peer string) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return notFound(nil, "peer %s not found", peer)
	}
	return nil
}
