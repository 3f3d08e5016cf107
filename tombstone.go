package liaison

import "time"

// Tombstone is what remains of a purged case or message: enough to say
// that it existed, when, and why it is gone, and nothing of its content
// (no title, subject, body, entities or handling). A tombstone is kept for
// good; reading a purged object answers ENOTFOUND naming it.
type Tombstone struct {
	// ObjectID is the id the case or message had, the same on every node.
	ObjectID string `json:"id"`
	// Kind is KindCase or KindMessage.
	Kind string `json:"kind"`
	// CaseID is the case's own id for a case, the case of a message.
	CaseID  string    `json:"case_id"`
	Created time.Time `json:"created"`
	Purged  time.Time `json:"purged"`
	// Reason says why, for an officer: "retention passed: ...",
	// "recalled by ca: ...".
	Reason string `json:"reason"`
	// By names who or what purged it: an officer's id, PurgedByRetention,
	// or PurgedByPeer and the peer's party ("peer:ca").
	By string `json:"by"`
}

// What purged content, in Tombstone.By, when no officer of this node did.
const (
	PurgedByRetention = "retention"
	PurgedByPeer      = "peer:"
)

// Hold marks a received message as kept under legal hold (as evidence):
// the purge job skips it and a recall is answered "kept".
type Hold struct {
	MessageID string    `json:"message_id"`
	Reason    string    `json:"reason"`
	OfficerID string    `json:"officer_id"`
	At        time.Time `json:"at"`
}

// Expired is a case or message whose retention has passed, as the store
// finds it for the purge job: no content, only what decides and records
// the purge.
type Expired struct {
	Kind    string    `json:"kind"`
	ID      string    `json:"id"`
	CaseID  string    `json:"case_id"`
	Created time.Time `json:"created"`
	// RetainUntil is the handling's retention date, empty when the
	// arrangement's default applied.
	RetainUntil   string `json:"retain_until,omitempty"`
	ArrangementID string `json:"arrangement"`
}

// ExpiryFilter selects expired content. Content has expired when its
// handling's retain_until is before Today, or, without a retain_until,
// when it was created before the cutoff of its case's arrangement.
type ExpiryFilter struct {
	// Kind is KindMessage or KindCase.
	Kind string
	// Today is the current date, YYYY-MM-DD in UTC.
	Today string
	// Cutoffs maps an arrangement id to the time before which content
	// under it without a retain_until was created to have expired (now
	// less the arrangement's retention). Content under an arrangement not
	// named never expires by default.
	Cutoffs map[string]time.Time
	Limit   int
}
