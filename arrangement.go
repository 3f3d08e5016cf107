package liaison

import (
	"slices"
	"time"
)

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
	EvalEuropol   = "europol-4x4"   // source A–C and X, information 1–4 (Regulation (EU) 2016/794, Article 29)
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

// Transfer is a term that lets personal data about people of the given
// subject categories cross for the given crime areas under the given legal
// bases (instrument ids). Personal data crosses only where a transfer term
// covers its crime area, every one of its subject categories and its legal
// basis; an arrangement without transfer terms lets none cross.
type Transfer struct {
	Areas    []CrimeArea `json:"areas" toml:"areas"`
	Subjects []string    `json:"subjects" toml:"subjects"`
	Bases    []string    `json:"bases" toml:"bases"`
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
	// Transfers say which personal data may cross: see Transfer.
	Transfers []Transfer `json:"transfers,omitempty"`
}

// PermitsTransfer reports whether a transfer term lets personal data about
// people of category subject cross for crime area area under legal basis
// basis.
func (a *Arrangement) PermitsTransfer(area CrimeArea, subject, basis string) bool {
	for _, t := range a.Transfers {
		if slices.Contains(t.Areas, area) && slices.Contains(t.Subjects, subject) && slices.Contains(t.Bases, basis) {
			return true
		}
	}
	return false
}

// HasParty reports whether p is one of the arrangement's parties.
func (a *Arrangement) HasParty(p string) bool { return slices.Contains(a.Parties, p) }

// Covers reports whether area is in the arrangement's scope.
func (a *Arrangement) Covers(area CrimeArea) bool { return slices.Contains(a.CrimeAreas, area) }

// Labels returns the classification labels of party's scheme, in the order
// the arrangement lists them, or nil when the party has no scheme.
func (a *Arrangement) Labels(party string) []string {
	ms := a.Schemes[party]
	if len(ms) == 0 {
		return nil
	}
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.Label
	}
	return s
}

// Level returns the position in Levels (0 = lowest) of the common level
// that label of party's scheme maps to. It reports false when the party has
// no such label or the label maps to no known level.
func (a *Arrangement) Level(party, label string) (int, bool) {
	for _, m := range a.Schemes[party] {
		if m.Label == label {
			i := slices.Index(a.Levels, m.Level)
			return i, i >= 0
		}
	}
	return -1, false
}

// CeilingLevel returns the position in Levels of the ceiling, the highest
// level the link may carry, or -1 when the ceiling is not a known level (so
// that no level is at or below it).
func (a *Arrangement) CeilingLevel() int { return slices.Index(a.Levels, a.Ceiling) }

// InstrumentByID returns the instrument with the given id. (The method is
// not named Instrument because the field holding the list is.)
func (a *Arrangement) InstrumentByID(id string) (Instrument, bool) {
	for _, in := range a.Instrument {
		if in.ID == id {
			return in, true
		}
	}
	return Instrument{}, false
}

// EvaluationScale returns the source-reliability and information-credibility
// grades of the arrangement's evaluation scheme, an empty Evaluation meaning
// EvalAdmiralty. It returns nil slices for an unknown scheme.
func (a *Arrangement) EvaluationScale() (sources, credibility []string) {
	switch a.Evaluation {
	case "", EvalAdmiralty:
		return []string{"A", "B", "C", "D", "E", "F"}, []string{"1", "2", "3", "4", "5", "6"}
	case EvalEuropol:
		return []string{"A", "B", "C", "X"}, []string{"1", "2", "3", "4"}
	}
	return nil, nil
}

// LegalBases returns the instruments party may cite as the legal basis of
// what it sends: the instruments of every party to the arrangement (Party
// empty) and party's own domestic law. Another party's domestic law cannot
// authorise party's disclosure.
func (a *Arrangement) LegalBases(party string) []Instrument {
	var s []Instrument
	for _, in := range a.Instrument {
		if in.Party == "" || in.Party == party {
			s = append(s, in)
		}
	}
	return s
}
