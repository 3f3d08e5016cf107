package liaison

import "time"

// Event is something that happened that officers may need to be told of:
// a request's clock crossing 50 % or 90 % of its time, a breach, an
// answer, a message held for approval, a consent to give. The node turns
// each event into at most one notice per officer it concerns.
//
// An event names no content: its Text says what happened in words an
// officer reads ("Request 0195… (urgent, drugs) is due in 48 minutes"),
// never the question or the answer.
type Event struct {
	// ID identifies the event: the same ID is the same event, told once.
	ID   string `json:"id"`
	Kind string `json:"kind"` // e.g. request.reminder, request.overdue, approval.pending
	// Object is the id of what the event is about (a request, a message,
	// a workplan action); CaseID its case, when it has one.
	Object   string    `json:"object"`
	CaseID   string    `json:"case_id,omitempty"`
	Area     CrimeArea `json:"crime_area,omitempty"`
	Priority Priority  `json:"priority,omitempty"`
	// Officers are the officers of this node it concerns by id; Roles and
	// Agency widen it to every officer of this node with one of the roles
	// (in Agency, when set) who works in Area.
	Officers []string  `json:"officers,omitempty"`
	Roles    []Role    `json:"roles,omitempty"`
	Agency   string    `json:"agency,omitempty"`
	Text     string    `json:"text"`
	Time     time.Time `json:"time"`
}
