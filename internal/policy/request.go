package policy

import "github.com/liaison-project/liaison"

// The actions a domestic rule may name, as Action::"send" and so on.
const (
	ActionSend        = "send"
	ActionReceive     = "receive"
	ActionRead        = "read"
	ActionDisseminate = "disseminate"
	ActionExport      = "export"
	ActionPurge       = "purge"
)

// Actions lists every action, in a stable order for error messages.
var Actions = []string{ActionSend, ActionReceive, ActionRead, ActionDisseminate, ActionExport, ActionPurge}

// Mistreatment-risk assessments a release may record (Request.Risk).
const (
	RiskNone        = "none"
	RiskMitigated   = "mitigated"
	RiskSubstantial = "substantial"
)

// Request is one question put to a party's domestic rules.
type Request struct {
	// Action is one of Actions.
	Action string
	// Officer is who acts; nil when a peer node's envelope is being
	// received (the principal is then Node::"<From>").
	Officer *liaison.Officer
	// Party is this node's party: whose rules these are.
	Party string
	// From is the party that originated the content.
	From string
	// To lists the receiving parties of a send, else nil.
	To       []string
	Handling liaison.Handling
	// Level is the common classification level the label maps to, a name
	// from the arrangement's Levels ("CONFIDENTIAL" in the India–Canada
	// arrangement), "" if unknown; LevelRank its position in Levels, 0 the
	// lowest, -1 unknown.
	Level     string
	LevelRank int
	// Risk is the mistreatment-risk assessment recorded for this
	// disclosure: "", RiskNone, RiskMitigated or RiskSubstantial.
	Risk string
	// Approved says a supervisor other than the author approved the release.
	Approved bool
	// ToAgency is, for disseminate, the agency the content would go to.
	ToAgency string
	// Purpose is the stated purpose of a disseminate or export.
	Purpose string
	// MLARef is, for export as evidence, the recorded reference of the
	// mutual-legal-assistance request.
	MLARef string
}

// Outcome is the answer of a party's domestic rules to a Request.
type Outcome struct {
	Allow bool
	// Reasons are sentences an officer can read: the @reason annotations of
	// the forbid policies that decided a deny, or "no policy of party ca
	// permits send" when no permit matched.
	Reasons []string
	// Approval says the deny would be lifted by a supervisor's approval:
	// every deciding forbid carries @approval("supervisor") and the same
	// request with Approved set is allowed.
	Approval bool
	// Escalate says a deciding forbid carries @escalate("supervisor"):
	// refuse, and tell the supervisors.
	Escalate bool
	// Caveats are the @caveat annotations of the permit policies that
	// matched, when allowed; they travel with the release.
	Caveats []string
	// Policies name the deciding policies as "file.cedar:line", for the
	// audit entry: the forbids of a deny, the permits of an allow.
	Policies []string
}
