package guard

import "github.com/liaison-project/liaison"

// ListConsents decides whether officer o may list the requests for this
// node's consent: supervisors only, who approve releases and consents.
func ListConsents(o *liaison.Officer) Decision {
	var why reasons
	if o.Role != liaison.RoleSupervisor {
		why.add("role %s does not answer consent requests; only supervisors do", o.Role)
	}
	return why.decision()
}

// AnswerConsent decides whether officer o may grant or refuse a peer's
// request to use content with handling h, which this node originated:
// supervisors who work in its crime area.
func AnswerConsent(o *liaison.Officer, h liaison.Handling) Decision {
	why := reasons(ListConsents(o).Reasons)
	if !o.CoversArea(h.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, h.CrimeArea)
	}
	return why.decision()
}
