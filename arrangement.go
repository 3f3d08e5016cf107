package liaison

import "time"

// Priority is the urgency of a request for information.
type Priority string

// Request priorities.
const (
	PriorityUrgent  Priority = "urgent"
	PriorityHigh    Priority = "high"
	PriorityRoutine Priority = "routine"
)

// Evaluation schemes an arrangement may name.
const (
	EvalAdmiralty = "admiralty-6x6" // source A–F, information 1–6 (the default)
	EvalEuropol   = "europol-4x4"   // source A–D (X), information 1–4
)

// Instrument is a legal instrument the arrangement rests on: a treaty, or a
// provision of a party's domestic law that permits the exchange.
type Instrument struct {
	ID    string `json:"id" toml:"id"`
	Title string `json:"title" toml:"title"`
	Party string `json:"party,omitempty" toml:"party"` // empty for bilateral instruments
	Cite  string `json:"cite,omitempty" toml:"cite"`   // where it is published
}

// Marking is one label of a party's classification scheme, mapped to a level
// of the arrangement's common order.
type Marking struct {
	Label string `json:"label" toml:"label"`
	Level string `json:"level" toml:"level"`
}

// Arrangement is the agreed terms between parties, as applied on this node
// from the TOML file both sides hold. Its ID is the SHA-256 (hex) of the
// file's exact bytes.
type Arrangement struct {
	ID      string    `json:"id"`
	Raw     []byte    `json:"-"`
	Applied time.Time `json:"applied"`

	Name       string       `json:"name"`
	Version    int          `json:"version"`
	Parties    []string     `json:"parties"`
	CrimeAreas []CrimeArea  `json:"crime_areas"`
	Instrument []Instrument `json:"instruments"`

	// Levels is the common classification order, lowest first.
	Levels []string `json:"levels"`
	// Schemes maps a party code to its classification labels.
	Schemes map[string][]Marking `json:"schemes"`
	// Ceiling is the highest common level the link may carry.
	Ceiling string `json:"ceiling"`

	// Evaluation is EvalAdmiralty or EvalEuropol.
	Evaluation string `json:"evaluation"`
	// Deadlines is the default time to answer a request, by priority.
	Deadlines map[Priority]time.Duration `json:"deadlines"`
	// RetentionDays is the default retention of exchanged content.
	RetentionDays int `json:"retention_days"`
	// ReadReceipts asks the receiving side to report reads.
	ReadReceipts bool `json:"read_receipts"`
}
