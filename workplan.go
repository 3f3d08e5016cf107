package liaison

import (
	"slices"
	"time"
)

// KindWorkplan is the kind of the items that replicate the shared
// workplan: one objective, one action's owner-held fields, or one note.
const KindWorkplan = "workplan"

// ActionStatus is where a workplan action stands.
type ActionStatus string

// Action statuses.
const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionBlocked    ActionStatus = "blocked"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists every status, in the order of a plan's life.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone, ActionBlocked, ActionDropped}

// Valid reports whether s is one of ActionStatuses.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// Open reports whether an action in status s still has work to do: it can
// be overdue. Done and dropped actions are closed.
func (s ActionStatus) Open() bool { return s != ActionDone && s != ActionDropped }

// Side names a party's agency, and optionally one of its officers (by
// name, as the peer's directory shows it), on one side of the plan.
type Side struct {
	Party   string `json:"party"`
	Agency  string `json:"agency"`
	Officer string `json:"officer,omitempty"`
}

// Objective is one aim of the shared workplan of an arrangement. Its ID is
// assigned once by the node that created it and is the same on every node;
// once created, an objective never changes, so two nodes holding it hold
// the same record. Actions and notes are read with it.
type Objective struct {
	ID            string    `json:"id"`
	ArrangementID string    `json:"arrangement"`
	Title         string    `json:"title"`
	Lead          Side      `json:"lead"`
	CreatedBy     Sender    `json:"created_by"`
	Created       time.Time `json:"created"`
	// Actions are the objective's actions, ordered by id, when read.
	Actions []Action `json:"actions"`
}

// Action is one step towards an objective. Its owning party (Owner.Party)
// alone changes its fields: Title, Counterpart, Due, Status and Links,
// each time with Version one higher, so that every node keeps the version
// with the highest number (see docs/design/workplan.md). Either party adds
// Notes.
type Action struct {
	ID          string       `json:"id"`
	ObjectiveID string       `json:"objective_id"`
	Title       string       `json:"title"`
	Owner       Side         `json:"owner"`
	Counterpart Side         `json:"counterpart"`
	Due         string       `json:"due"` // YYYY-MM-DD, a day in UTC
	Status      ActionStatus `json:"status"`
	// Links are ids of cases and requests the action concerns.
	Links     []string  `json:"links"`
	Version   int64     `json:"version"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	UpdatedBy Sender    `json:"updated_by"`
	// Notes are the progress notes, ordered by time then id, when read.
	Notes []Note `json:"notes,omitempty"`
}

// Overdue reports whether the action is open and its due day ended before
// now.
func (a *Action) Overdue(now time.Time) bool {
	return a.Status.Open() && a.Due != "" && a.Due < now.UTC().Format(time.DateOnly)
}

// Note is a progress note on an action, by an officer of either party. Its
// ID (a UUIDv7 of the writing node) identifies it on every node: notes are
// only ever added, never changed or removed.
type Note struct {
	ID       string    `json:"id"`
	ActionID string    `json:"action_id"`
	Author   Sender    `json:"author"`
	Time     time.Time `json:"time"`
	Text     string    `json:"text"`
}

// WorkplanFilter selects objectives. Pointer fields mean "unset".
type WorkplanFilter struct {
	ArrangementID *string
	After         string // cursor: the last objective id of the previous page
	Limit         int
}

// WorkplanSeed is a starter workplan, as a file ships it (for the
// India–Canada arrangement, examples/workplans/in-ca.toml): objectives and
// their actions, each with a key unique in the file from which every node
// derives the same id, and due dates counted in days from Start.
type WorkplanSeed struct {
	Name       string          `json:"name"`
	Start      string          `json:"start"` // YYYY-MM-DD
	Objectives []SeedObjective `json:"objectives"`
}

// SeedObjective is an objective of a WorkplanSeed.
type SeedObjective struct {
	Key     string       `json:"key"`
	Title   string       `json:"title"`
	Lead    Side         `json:"lead"`
	Actions []SeedAction `json:"actions"`
}

// SeedAction is an action of a SeedObjective; the node of Owner.Party
// creates it.
type SeedAction struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Owner       Side   `json:"owner"`
	Counterpart Side   `json:"counterpart"`
	DueDays     int    `json:"due_days"`
}
