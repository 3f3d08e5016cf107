package liaison

import "time"

// Kinds of items that travel between nodes.
const (
	KindCase      = "case"
	KindMessage   = "message"
	KindDirectory = "directory"
	// KindRead tells the originating node that an officer read a message.
	KindRead = "read"
	// KindConsent asks the originating node to consent to onward use of
	// a message (a dissemination or an export).
	KindConsent = "consent"
	// KindConsentAnswer carries the originator's answer back.
	KindConsentAnswer = "consent-answer"
	// KindRequest carries a request for information to the party asked;
	// KindRequestStep one step of its history to the other side.
	KindRequest     = "request"
	KindRequestStep = "request-step"
	// KindSTIX carries STIX objects added to an arrangement's shared
	// TAXII collection to the arrangement's other parties.
	KindSTIX = "stix"
)

// OutboxItem is one item queued for one peer. It is written in the same
// transaction as the act that caused it, numbered by the link's sequence, and
// settled when the peer's signed receipt arrives.
type OutboxItem struct {
	Peer          string `json:"peer"`
	Seq           int64  `json:"seq"`
	Kind          string `json:"kind"`
	ObjectID      string `json:"object_id"`
	ArrangementID string `json:"arrangement,omitempty"`
	// Payload is the item's JSON exactly as it will travel.
	Payload []byte    `json:"-"`
	Created time.Time `json:"created"`
	// State is queued until settled, then delivered or refused.
	State     MessageState `json:"state"`
	Reason    string       `json:"reason,omitempty"`
	Settled   *time.Time   `json:"settled,omitempty"`
	ReceiptID string       `json:"receipt,omitempty"`
}

// Inbound statuses of an item taken from a peer.
const (
	InboundStored  = "stored"
	InboundRefused = "refused"
	// InboundDuplicate is an outcome, never stored: the item was taken
	// before, and this copy changed nothing.
	InboundDuplicate = "duplicate"
)

// InboundItem records that the item with sequence Seq from Peer was taken,
// whatever became of it; it makes the inbox idempotent.
type InboundItem struct {
	Peer       string    `json:"peer"`
	Seq        int64     `json:"seq"`
	EnvelopeID string    `json:"envelope"`
	Kind       string    `json:"kind"`
	ObjectID   string    `json:"object_id"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	Received   time.Time `json:"received"`
}

// Receipt is a peer's signed statement about an envelope: which of its items
// it stored and which it refused. Body and Sig are kept exactly as received,
// so the receipt can be shown to a third party.
type Receipt struct {
	ID         string    `json:"id"`
	Peer       string    `json:"peer"`
	EnvelopeID string    `json:"envelope"`
	Body       []byte    `json:"body"`
	Sig        []byte    `json:"sig"`
	Received   time.Time `json:"received"`
}
