package liaison

import "time"

// MessageState is where a message stands on its way.
type MessageState string

// Message states, as the API shows them.
const (
	StateQueued    MessageState = "queued"    // stored, waiting in the outbox
	StateDelivered MessageState = "delivered" // every receiving party stored it (signed receipts held)
	StateRead      MessageState = "read"      // an officer on the receiving side read it
	StateRefused   MessageState = "refused"   // a receiving party refused it; see the deliveries
)

// Sender names who wrote a case or message.
type Sender struct {
	Party     string `json:"party"`
	Agency    string `json:"agency"`
	Officer   string `json:"officer"`
	OfficerID string `json:"officer_id,omitempty"`
}

// Message is one communication in a case.
type Message struct {
	ID       string       `json:"id"`
	CaseID   string       `json:"case_id"`
	Subject  string       `json:"subject"`
	Body     string       `json:"body"`
	Handling Handling     `json:"handling"`
	Entities []Entity     `json:"entities"`
	From     Sender       `json:"from"`
	Created  time.Time    `json:"created"`
	State    MessageState `json:"state"`
	// Inbound is true on the receiving side.
	Inbound bool `json:"inbound"`
	// Received is when this node stored an inbound message.
	Received *time.Time `json:"received,omitempty"`
	// Deliveries is, on the sending side, the state per receiving party.
	Deliveries []Delivery `json:"deliveries,omitempty"`
}

// Delivery is the state of a message towards one receiving party.
type Delivery struct {
	Party   string       `json:"party"`
	Seq     int64        `json:"seq"`
	State   MessageState `json:"state"`
	Reason  string       `json:"reason,omitempty"`
	At      *time.Time   `json:"at,omitempty"`
	Receipt string       `json:"receipt,omitempty"` // id of the signed receipt
}

// MessageFilter selects messages. Pointer fields mean "unset".
type MessageFilter struct {
	CaseID  *string
	Inbound *bool
	After   string // cursor from a previous page
	Limit   int
}
