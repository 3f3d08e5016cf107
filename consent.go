package liaison

import "time"

// ConsentState is where a request for the originator's consent stands.
type ConsentState string

// Consent states, as the API shows them.
const (
	ConsentPending ConsentState = "pending"
	ConsentGranted ConsentState = "granted"
	ConsentRefused ConsentState = "refused"
)

// ConsentStates lists every state, for error messages.
var ConsentStates = []ConsentState{ConsentPending, ConsentGranted, ConsentRefused}

// Valid reports whether s is a known state.
func (s ConsentState) Valid() bool {
	return s == ConsentPending || s == ConsentGranted || s == ConsentRefused
}

// Consent is, on the originating side, a peer's request for consent to
// use a message this node sent beyond its handling codes: to pass it on
// (Kind KindOnward) or to use it as evidence (KindExport). Its ID is the id
// of the [Dissemination] on the requesting node. A supervisor of this node
// grants or refuses it once; the answer travels back.
type Consent struct {
	ID        string            `json:"id"`
	Kind      DisseminationKind `json:"kind"`
	MessageID string            `json:"message_id"`
	// Requester is the party, agency and officer that asked.
	Requester Sender `json:"requester"`
	ToAgency  string `json:"to_agency,omitempty"`
	Purpose   string `json:"purpose"`
	MLARef    string `json:"mla_ref,omitempty"`
	// Reasons are the requesting guard's reasons: why consent is needed,
	// and the conditions the recipient would inherit.
	Reasons []string     `json:"reasons"`
	State   ConsentState `json:"state"`
	// Reason is the supervisor's reason for a refusal.
	Reason string `json:"reason,omitempty"`
	// DecidedBy is the id of the supervisor who answered.
	DecidedBy string     `json:"decided_by,omitempty"`
	Decided   *time.Time `json:"decided"`
	// Created is when the requester asked; Received when this node stored
	// the request.
	Created  time.Time `json:"created"`
	Received time.Time `json:"received"`
}

// ConsentFilter selects consents. Pointer fields mean "unset".
type ConsentFilter struct {
	State *ConsentState
	After string // cursor from a previous page
	Limit int
}
