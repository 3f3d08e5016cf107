package liaison

import "time"

// ApprovalState is where a message held for approval stands.
type ApprovalState string

// Approval states.
const (
	ApprovalPending   ApprovalState = "pending"   // waiting for a supervisor
	ApprovalApproved  ApprovalState = "approved"  // approved and sent
	ApprovalRejected  ApprovalState = "rejected"  // a supervisor refused it
	ApprovalEscalated ApprovalState = "escalated" // the party's rules refused it and asked for supervisors to be told
)

// ApprovalStates lists the approval states.
var ApprovalStates = []ApprovalState{ApprovalPending, ApprovalApproved, ApprovalRejected, ApprovalEscalated}

// Approval is a message its author composed that the party's rules hold
// for a supervisor's approval (four eyes): the message enters the outbox
// only when a supervisor other than its author approves its release. An
// escalated approval is a refusal recorded for the supervisors to see.
type Approval struct {
	// ID is the id the message takes when sent.
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// Message is the message as composed, with State pending_approval.
	Message Message       `json:"message"`
	State   ApprovalState `json:"state"`
	// Reasons say why approval is needed (or why it was escalated).
	Reasons   []string   `json:"reasons"`
	Requested time.Time  `json:"requested"`
	DecidedBy string     `json:"decided_by,omitempty"` // officer id
	Decided   *time.Time `json:"decided,omitempty"`
	// Reason is the supervisor's reason for a rejection.
	Reason string `json:"reason,omitempty"`
}

// ApprovalFilter selects approvals. Pointer fields mean "unset".
type ApprovalFilter struct {
	State *ApprovalState
	After string // cursor from a previous page
	Limit int
}
