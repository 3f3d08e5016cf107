package guard

import (
	"slices"

	"github.com/liaison-project/liaison"
)

// ReadWorkplan decides whether officer o may read the shared workplan of
// arrangement a: liaison officers, supervisors and analysts of a party of
// the arrangement. The plan names agencies, officers and due dates, never
// case content; auditors read the audit log, not the plan.
func ReadWorkplan(o *liaison.Officer, a *liaison.Arrangement) Decision {
	why := reasons(ListWorkplan(o).Reasons)
	member(&why, o, a)
	return why.decision()
}

// ListWorkplan decides whether officer o may list workplans at all, before
// any arrangement is known: the roles of ReadWorkplan.
func ListWorkplan(o *liaison.Officer) Decision {
	var why reasons
	switch o.Role {
	case liaison.RoleLiaison, liaison.RoleSupervisor, liaison.RoleAnalyst:
	default:
		why.add("role %s does not read the workplan; liaison officers, supervisors and analysts do", o.Role)
	}
	return why.decision()
}

// EditWorkplan decides whether officer o may add to the shared workplan of
// arrangement a (objectives, actions, notes): liaison officers and
// supervisors of a party of the arrangement.
func EditWorkplan(o *liaison.Officer, a *liaison.Arrangement) Decision {
	var why reasons
	if !o.CanSend() {
		why.add("role %s does not edit the workplan; liaison officers and supervisors do", o.Role)
	}
	member(&why, o, a)
	return why.decision()
}

// ChangeAction decides whether officer o may change the fields of action
// act (status, due date, title, counterpart, links) under arrangement a:
// as EditWorkplan, and only an officer of the action's owning party. The
// other party adds notes.
func ChangeAction(o *liaison.Officer, a *liaison.Arrangement, act *liaison.Action) Decision {
	why := reasons(EditWorkplan(o, a).Reasons)
	if o.Party != act.Owner.Party {
		why.add("action %s is owned by %s; only its officers change it, others add notes", act.ID, act.Owner.Party)
	}
	return why.decision()
}

func member(why *reasons, o *liaison.Officer, a *liaison.Arrangement) {
	if !slices.Contains(a.Parties, o.Party) {
		why.add("party %s is not a party of arrangement %q", o.Party, a.Name)
	}
}
