package liaison

import "time"

// DisseminationKind says what a receiving party asks to do with content it
// received: pass it on to another of its agencies, or use it as evidence.
type DisseminationKind string

// Kinds of onward use.
const (
	KindOnward DisseminationKind = "dissemination" // onward to another agency of this node's party
	KindExport DisseminationKind = "export"        // export as evidence for judicial proceedings
)

// Valid reports whether k is a known kind.
func (k DisseminationKind) Valid() bool { return k == KindOnward || k == KindExport }

// DisseminationState is where a request for onward use stands.
type DisseminationState string

// Dissemination states, as the API shows them. A request that needed the
// originator's consent becomes allowed when it is granted and refused when
// it is refused; the reasons say which.
const (
	DisseminationAllowed        DisseminationState = "allowed"
	DisseminationRefused        DisseminationState = "refused"
	DisseminationPendingConsent DisseminationState = "pending_consent"
)

// Valid reports whether s is a known state.
func (s DisseminationState) Valid() bool {
	return s == DisseminationAllowed || s == DisseminationRefused || s == DisseminationPendingConsent
}

// Dissemination is a request, on the receiving side, to pass a received
// message on to another agency of this node's party (Kind KindOnward) or
// to export it as evidence (KindExport), and the guard's answer. Its ID (a
// UUIDv7) is assigned by the requesting node; a consent request to the
// originating party carries the same id (see [Consent]).
type Dissemination struct {
	ID        string            `json:"id"`
	Kind      DisseminationKind `json:"kind"`
	MessageID string            `json:"message_id"`
	// Origin is the party that originated the message: the one whose
	// consent a pending request waits for.
	Origin string `json:"origin"`
	// ToAgency is the agency of this node's party the message is passed
	// to; empty for an export.
	ToAgency string `json:"to_agency,omitempty"`
	// Purpose is one of the purposes the guard knows (investigation,
	// prosecution, ...).
	Purpose string `json:"purpose"`
	// MLARef is the reference of a mutual legal assistance request, for
	// an export.
	MLARef string `json:"mla_ref,omitempty"`
	// By is the officer who asked.
	By    Sender             `json:"by"`
	State DisseminationState `json:"state"`
	// Reasons are sentences an officer can read: why the request was
	// refused or waits for consent, the conditions the recipient inherits,
	// and the originator's answer.
	Reasons []string  `json:"reasons"`
	Created time.Time `json:"created"`
	// Decided is when the request became allowed or refused; nil while it
	// waits for consent.
	Decided *time.Time `json:"decided"`
}
