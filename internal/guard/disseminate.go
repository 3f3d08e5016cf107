package guard

import (
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// Purposes for which a receiving party may ask to use content beyond what it
// received it for. The set is closed: a request names one of them.
//
// investigation, prosecution, intelligence and prevention are law
// enforcement: they prevent and combat crime, which is all that content
// marked law-enforcement-only may serve. administrative (licensing,
// immigration and regulatory decisions) and judicial (civil or
// administrative court proceedings, not a criminal prosecution) are not.
const (
	PurposeInvestigation  = "investigation"
	PurposeProsecution    = "prosecution"
	PurposeIntelligence   = "intelligence"
	PurposePrevention     = "prevention"
	PurposeAdministrative = "administrative"
	PurposeJudicial       = "judicial"
)

// Purposes lists every purpose, law-enforcement ones first.
var Purposes = []string{
	PurposeInvestigation, PurposeProsecution, PurposeIntelligence, PurposePrevention,
	PurposeAdministrative, PurposeJudicial,
}

// ValidPurpose reports whether p is one of Purposes.
func ValidPurpose(p string) bool { return slices.Contains(Purposes, p) }

// LawEnforcementPurpose reports whether p serves to prevent or combat crime.
func LawEnforcementPurpose(p string) bool {
	switch p {
	case PurposeInvestigation, PurposeProsecution, PurposeIntelligence, PurposePrevention:
		return true
	}
	return false
}

// Outcome is the answer to a request for onward use: allowed, refused, or
// waiting for the originator's consent. Its values are those of
// liaison.DisseminationState.
type Outcome = liaison.DisseminationState

// Ruling is the guard's answer to a request for onward use, with reasons
// an officer can read. Conditions are the originator's "other:" codes,
// which the recipient inherits; they are among the Reasons too.
type Ruling struct {
	Outcome    Outcome  `json:"outcome"`
	Reasons    []string `json:"reasons"`
	Conditions []string `json:"conditions,omitempty"`
}

// Onward is a receiving officer's request to pass a received message on
// to another agency of the officer's own party.
type Onward struct {
	// Origin is the party that originated the message.
	Origin   string
	Handling liaison.Handling
	// ToAgency is the agency of this node's party the message would go to.
	ToAgency string
	Purpose  string
	// Officer asks on this node (party Party), under the party's own
	// Rules (nil for none).
	Officer *liaison.Officer
	Party   string
	Rules   *policy.Set
}

// AskOnward decides whether officer o may ask to pass on, or export as
// evidence, content with handling h that this node received: liaison
// officers and supervisors who may read it. What the content allows is
// for [Disseminate] and [Export].
func AskOnward(o *liaison.Officer, h liaison.Handling) Decision {
	var why reasons
	if !o.CanSend() {
		why.add("officer role %s may not pass content on; liaison officers and supervisors may", o.Role)
	}
	if !o.CoversArea(h.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, h.CrimeArea)
	}
	return why.decision()
}

// Disseminate decides whether a received message may be passed on to
// another agency of the receiving party:
//
//   - TLP:RED is for its named recipients only, TLP:AMBER+STRICT for the
//     recipient agency only: refused;
//   - law-enforcement-only content is refused for a purpose that is not law
//     enforcement;
//   - no-onward-dissemination needs the originator's consent;
//   - otherwise allowed.
//
// The originator's "other:" codes are named in the reasons, whatever the
// outcome, as conditions the recipient inherits.
func Disseminate(r Onward) Ruling {
	var refused, consent reasons
	h := r.Handling
	switch h.TLP {
	case liaison.TLPRed:
		refused.add("TLP:RED content is for its named recipients only and may not be passed on")
	case liaison.TLPAmberStrict:
		refused.add("TLP:AMBER+STRICT content is for the recipient agency only and may not be passed on")
	}
	purpose(&refused, r.Purpose)
	if has(h, liaison.CodeLawEnforcementOnly) && ValidPurpose(r.Purpose) && !LawEnforcementPurpose(r.Purpose) {
		refused.add("the message is marked law-enforcement-only; purpose %s is not law enforcement (%s are)",
			r.Purpose, strings.Join(lawEnforcementPurposes(), ", "))
	}
	if has(h, liaison.CodeNoOnwardDissemination) {
		consent.add("the originator %s must consent: the message is marked no-onward-dissemination", r.Origin)
	}
	domestic(&refused, r.Rules, policy.Request{
		Action: policy.ActionDisseminate, Officer: r.Officer, Party: r.Party, From: r.Origin,
		Handling: h, ToAgency: r.ToAgency, Purpose: r.Purpose,
	})
	return rule(refused, consent, h)
}

// domestic adds to refused the reasons the party's own rules refuse
// onward use for. Onward use has no four-eyes path: a denial that an
// approval would lift is a refusal that says so.
func domestic(refused *reasons, rules *policy.Set, r policy.Request) {
	out := ask(rules, r, nil)
	if out.Allow {
		return
	}
	*refused = append(*refused, out.Reasons...)
	if out.Approval {
		refused.add("this node's rules ask a supervisor's approval for it; a supervisor must make the request")
	}
}

// rule makes the ruling: refused when there is any reason to refuse,
// pending_consent when consent is needed, else allowed; the conditions
// follow the reasons.
func rule(refused, consent reasons, h liaison.Handling) Ruling {
	conds := conditions(h)
	var r Ruling
	switch {
	case len(refused) > 0:
		r = Ruling{Outcome: liaison.DisseminationRefused, Reasons: refused}
	case len(consent) > 0:
		r = Ruling{Outcome: liaison.DisseminationPendingConsent, Reasons: consent}
	default:
		r = Ruling{Outcome: liaison.DisseminationAllowed, Reasons: []string{}}
	}
	for _, c := range conds {
		r.Reasons = append(r.Reasons, "the recipient inherits the originator's condition: "+c)
	}
	r.Conditions = conds
	return r
}

// purpose refuses a purpose the guard does not know.
func purpose(why *reasons, p string) {
	if !ValidPurpose(p) {
		why.add("purpose %q is not one of %s", p, strings.Join(Purposes, ", "))
	}
}

// conditions returns the text of the "other:" codes of h.
func conditions(h liaison.Handling) []string {
	var out []string
	for _, c := range h.Codes {
		if text, ok := strings.CutPrefix(c, liaison.CodeOtherPrefix); ok {
			out = append(out, strings.TrimSpace(text))
		}
	}
	return out
}

func has(h liaison.Handling, code string) bool { return slices.Contains(h.Codes, code) }

func lawEnforcementPurposes() []string {
	var out []string
	for _, p := range Purposes {
		if LawEnforcementPurpose(p) {
			out = append(out, p)
		}
	}
	return out
}
