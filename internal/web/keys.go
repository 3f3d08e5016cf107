package web

import (
	"github.com/liaison-project/liaison"
)

// errorCodes are the domain's error codes, each with an "error." key.
var errorCodes = []string{liaison.EINVALID, liaison.ENOTFOUND, liaison.ECONFLICT, liaison.EFORBIDDEN,
	liaison.EUNAUTHORIZED, liaison.EUNAVAILABLE, liaison.EINTERNAL, liaison.ELIMITED}

// decisions are the guard's answers a preview shows.
var decisions = []string{"allow", "approval", "escalate", "deny"}

// dynamicKeys lists the catalog keys built from domain values rather than
// written out in a template or in Go ("area." + crime area…), so that the
// catalog test knows them.
func dynamicKeys() []string {
	var k []string
	add := func(prefix string, vs ...string) {
		for _, v := range vs {
			k = append(k, prefix+v)
		}
	}
	for _, a := range liaison.CrimeAreas {
		add("area.", string(a))
	}
	for _, r := range liaison.Roles {
		add("role.", string(r))
	}
	for _, s := range []liaison.MessageState{liaison.StateQueued, liaison.StateDelivered, liaison.StateRead,
		liaison.StateRefused, liaison.StatePendingApproval} {
		add("state.", string(s))
	}
	for _, s := range liaison.RequestStates {
		add("state.", string(s))
	}
	for _, s := range liaison.ApprovalStates {
		add("state.", string(s))
	}
	for _, s := range liaison.ConsentStates {
		add("state.", string(s))
	}
	for _, s := range liaison.ActionStatuses {
		add("state.", string(s))
	}
	add("state.", string(liaison.DisseminationAllowed), string(liaison.DisseminationRefused),
		string(liaison.DisseminationPendingConsent))
	add("priority.", string(liaison.PriorityUrgent), string(liaison.PriorityHigh), string(liaison.PriorityRoutine))
	add("code.", liaison.HandlingCodes...)
	add("subject.", liaison.Subjects...)
	add("error.", errorCodes...)
	add("decision.", decisions...)
	add("lang.", langs...)
	add("purpose.", purposes...)
	for _, k := range liaison.EntityKinds {
		add("entity.kind.", string(k))
	}
	add("", monthKeys[:]...)
	for _, scheme := range []string{liaison.EvalAdmiralty, liaison.EvalEuropol} {
		sources, infos := evalScale(scheme)
		add("eval."+scheme+".source.", sources...)
		add("eval."+scheme+".info.", infos...)
	}
	for _, b := range boardColumns {
		add("requests.board.", b)
	}
	return k
}
