package liaison

import "time"

// Case is a thread of exchange about one matter, in one crime area, between
// two or more parties. Its ID (a UUIDv7) is assigned by the originating node
// and is the same on every node that holds a copy.
type Case struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CrimeArea CrimeArea `json:"crime_area"`
	// Parties are all the parties of the case, the originating one first.
	Parties       []string  `json:"parties"`
	Origin        string    `json:"origin"`
	ArrangementID string    `json:"arrangement"`
	Handling      Handling  `json:"handling"`
	CreatedBy     Sender    `json:"created_by"`
	Created       time.Time `json:"created"`
}

// CaseFilter selects cases. Pointer fields mean "unset".
type CaseFilter struct {
	CrimeArea *CrimeArea
	Party     *string
	After     string // cursor from a previous page
	Limit     int
}
