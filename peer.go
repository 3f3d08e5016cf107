package liaison

import "time"

// Peer is another party's node that this node trusts, as imported from its
// card.
type Peer struct {
	Card
	Added time.Time `json:"added"`
}

// Link is the state of the federation link to one peer, as GET /api/v1/peers
// shows it.
type Link struct {
	Party string `json:"party"`
	// Up is true when the last attempt to reach the peer succeeded.
	Up bool `json:"up"`
	// Queued counts outbox items not yet receipted.
	Queued int64 `json:"queued"`
	// NextSeq is the sequence number the next outbound item gets.
	NextSeq int64 `json:"next_seq"`
	// LastInSeq is the highest inbound sequence number taken from the peer.
	LastInSeq    int64      `json:"last_in_seq"`
	LastDelivery *time.Time `json:"last_delivery,omitempty"`
	LastAttempt  *time.Time `json:"last_attempt,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
	LastErrorAt  *time.Time `json:"last_error_at,omitempty"`
	// LastRefusal is the latest refusal on this link, either way.
	LastRefusal   string     `json:"last_refusal,omitempty"`
	LastRefusalAt *time.Time `json:"last_refusal_at,omitempty"`
	// AuditAlarm says why the peer's audit log failed a check: two
	// checkpoints of one size with different roots (a fork), or a failed
	// consistency proof. It is empty while every check passed.
	AuditAlarm   string     `json:"audit_alarm,omitempty"`
	AuditAlarmAt *time.Time `json:"audit_alarm_at,omitempty"`
	// AuditSize is the size of the latest checkpoint held from the peer.
	AuditSize int64 `json:"audit_size"`
}
