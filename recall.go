package liaison

import "time"

// Kinds of items of retention and recall (see outbox.go for the others).
const (
	// KindRecall asks a receiving party to purge a message its originator
	// recalls.
	KindRecall = "recall"
	// KindRecallAnswer tells the originator what became of its recall.
	KindRecallAnswer = "recall-answer"
	// KindHandling carries the originator's new handling of a message.
	KindHandling = "handling"
	// KindPurged replaces an item whose content was purged before it was
	// delivered; the receiver refuses it, so that its sequence number is
	// still taken and the link has no gap.
	KindPurged = "purged"
)

// States of a message's copy held by a receiving party, as its originator
// sees them.
const (
	CopyHeld          = "held"           // delivered (or on its way) and not recalled
	CopyRecallPending = "recall_pending" // recalled, no answer yet
	CopyPurged        = "purged"         // the party purged it on recall
	CopyKept          = "kept"           // the party kept it, with its reason
)

// Recall is the originator's record of recalling a message from one
// receiving party, and of the answer.
type Recall struct {
	MessageID string `json:"message_id"`
	Party     string `json:"party"`
	// State is CopyRecallPending, CopyPurged or CopyKept.
	State string `json:"state"`
	// Reason is the recall's reason while pending, then the answer's.
	Reason string `json:"reason"`
	// OfficerID is the officer who recalled it.
	OfficerID string    `json:"officer_id"`
	Requested time.Time `json:"requested"`
	// At is when State last changed.
	At time.Time `json:"at"`
}

// Copy is where one receiving party's copy of a message stands.
type Copy struct {
	Party  string     `json:"party"`
	State  string     `json:"state"`
	Reason string     `json:"reason,omitempty"`
	At     *time.Time `json:"at,omitempty"`
}

// ValidRecallState returns nil when s is a state a Recall may be in, else
// EINVALID.
func ValidRecallState(s string) error {
	switch s {
	case CopyRecallPending, CopyPurged, CopyKept:
		return nil
	}
	return Invalid(FieldError{Field: "state", Problem: "unknown recall state " + quote(s), Allowed: []string{CopyRecallPending, CopyPurged, CopyKept}})
}
