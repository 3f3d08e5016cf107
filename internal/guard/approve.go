package guard

import "github.com/liaison-project/liaison"

// Approve decides whether officer o may approve or reject the release of
// message m, written on this node and held for four eyes: a supervisor of
// this node who works in the message's crime area and did not write it.
func Approve(o *liaison.Officer, party string, m *liaison.Message) Decision {
	var why reasons
	if o.Role != liaison.RoleSupervisor {
		why.add("role %s does not approve releases; supervisors do", o.Role)
	}
	if o.Party != party {
		why.add("officer %s is not an officer of this node's party %s", o.Name, party)
	}
	if o.ID == m.From.OfficerID {
		why.add("the author of a message cannot approve its release: four eyes need a second officer")
	}
	if !o.CoversArea(m.Handling.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, m.Handling.CrimeArea)
	}
	return why.decision()
}

// ReadApproval decides whether officer o may see a message held for
// approval: its author, or a supervisor who could decide on it.
func ReadApproval(o *liaison.Officer, party string, m *liaison.Message) Decision {
	if o.ID == m.From.OfficerID {
		return Decision{Allow: true}
	}
	var why reasons
	if o.Role != liaison.RoleSupervisor || o.Party != party {
		why.add("only the author and this node's supervisors see a message held for approval")
	} else if !o.CoversArea(m.Handling.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, m.Handling.CrimeArea)
	}
	return why.decision()
}
