package guard

import "github.com/liaison-project/liaison"

// RequestAct is an officer's question to act on a request for
// information held on this node.
type RequestAct struct {
	Officer *liaison.Officer
	// Party is this node's party.
	Party   string
	Request *liaison.Request
	Action  liaison.RequestAction
	// Assignee is, for an acknowledgement that names another officer,
	// that officer; nil otherwise.
	Assignee *liaison.Officer
}

// ActOnRequest decides whether a.Officer may take a.Action on a.Request:
// liaison officers and supervisors of the side the action belongs to (the
// receiving side acknowledges, answers, declines and asks for
// clarification; the requesting side withdraws and clarifies) who work in
// the request's crime area. A TLP:RED request is acted on by its author
// or, on the receiving side, its assignee and the supervisors. An
// assignee must be a liaison officer or supervisor of this node working
// in the area.
func ActOnRequest(a RequestAct) Decision {
	var why reasons
	o, r := a.Officer, a.Request
	if !o.CanSend() {
		why.add("role %s does not act on requests for information; liaison officers and supervisors do", o.Role)
	}
	if o.Party != a.Party {
		why.add("officer %s is not an officer of this node", o.Name)
	}
	if !o.CoversArea(r.Handling.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, r.Handling.CrimeArea)
	}
	side := r.SideOf(a.Party)
	switch want := a.Action.Side(); {
	case side != want && want == liaison.SideReceiver:
		why.add("only the party asked, %s, may %s this request", r.To, a.Action)
	case side != want:
		why.add("only the requesting party, %s, may %s this request", r.From.Party, a.Action)
	}
	if r.Handling.TLP == liaison.TLPRed && o.Role != liaison.RoleSupervisor {
		mine := o.ID == r.From.OfficerID || (r.Assignee != nil && o.ID == r.Assignee.OfficerID)
		if !mine && !(side == liaison.SideReceiver && r.Assignee == nil) {
			why.add("TLP:RED: only its author, its assignee and the supervisors act on it")
		}
	}
	if as := a.Assignee; as != nil {
		switch {
		case as.Party != a.Party:
			why.add("assignee %s is not an officer of this node", as.Name)
		case !as.CanSend():
			why.add("assignee %s has role %s; requests are assigned to liaison officers and supervisors", as.Name, as.Role)
		case !as.CoversArea(r.Handling.CrimeArea):
			why.add("assignee %s does not work in crime area %s", as.Name, r.Handling.CrimeArea)
		}
	}
	return why.decision()
}

// ReadRequestMetrics decides whether officer o may read the timeliness
// metrics of requests: as the oversight report, supervisors and auditors.
// The metrics name no content.
func ReadRequestMetrics(o *liaison.Officer) Decision { return ReadReport(o) }
