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
	// StatePendingApproval is the state of a message held for a
	// supervisor's approval (see Approval); it is not yet a stored message.
	StatePendingApproval MessageState = "pending_approval"
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
	// To says whom on the receiving side the message is for; empty, it is
	// for the receiving parties' liaison officers (see Recipients).
	To Recipients `json:"to,omitzero"`
	// Assessment is the sending side's mistreatment-risk assessment of a
	// disclosure about a person. It stays on the sending node.
	Assessment *Assessment `json:"assessment,omitempty"`
	// Inbound is true on the receiving side.
	Inbound bool `json:"inbound"`
	// Received is when this node stored an inbound message.
	Received *time.Time `json:"received,omitempty"`
	// Deliveries is, on the sending side, the state per receiving party.
	Deliveries []Delivery `json:"deliveries,omitempty"`
	// Reads are, on the sending side, the read receipts of the receiving
	// parties: which agency first opened the message, and when. Filled
	// for a message read by id, not in lists.
	Reads []ReadReceipt `json:"reads,omitempty"`
}

// ReadReceipt says that an officer of a receiving party's agency first
// read a message at a time. It names no officer: the reading side tells
// only its agency.
type ReadReceipt struct {
	Party  string    `json:"party"`
	Agency string    `json:"agency"`
	At     time.Time `json:"at"`
}

// Recipients address a message within the receiving parties. A message
// with no recipients of a party goes to that party's liaison officers (and
// supervisors), as traffic to a national unit does; one naming agencies of
// a party goes to those agencies; named officers are the only readers of
// TLP:RED content.
type Recipients struct {
	// Agencies are "party/agency" codes from the directory ("ca/rcmp").
	Agencies []string `json:"agencies,omitempty"`
	// Officers are officer ids from the directory.
	Officers []string `json:"officers,omitempty"`
}

// Risk levels of a mistreatment-risk assessment.
const (
	RiskNone        = "none"        // no substantial risk found
	RiskMitigated   = "mitigated"   // a risk, mitigated by assurances or caveats
	RiskSubstantial = "substantial" // a substantial risk that cannot be mitigated
)

// Risks lists the risk levels, lowest first.
var Risks = []string{RiskNone, RiskMitigated, RiskSubstantial}

// Assessment records an officer's assessment of the risk that disclosing
// information about a person leads to their mistreatment, as some parties'
// law requires before such a disclosure.
type Assessment struct {
	Risk string `json:"risk"`
	Note string `json:"note,omitempty"`
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
	// State keeps the messages in one state (e.g. delivered: received
	// and not yet read).
	State *MessageState
	// Newest lists the latest stored first; its cursors walk back.
	Newest bool
	After  string // cursor from a previous page
	Limit  int
}
