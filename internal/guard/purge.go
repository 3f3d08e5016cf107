package guard

import (
	"fmt"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// Retention, recall, legal hold and handling changes. Who may act on a
// message after it was sent: the originating side (its author, or a
// supervisor of the originating node) recalls it or changes its handling;
// the receiving side holds it as evidence; and each side purges what it
// holds when its retention passes, whatever anyone asks.

// originator adds a reason unless o may act for the originating side of m
// on node self: m must have been written on this node, and o must be its
// author or a supervisor of this node working in its crime area.
func originator(why *reasons, o *liaison.Officer, self string, m *liaison.Message, act string) {
	if m.Inbound || m.From.Party != self {
		why.add("message %s was sent by %s; only its originating party may %s it", m.ID, m.From.Party, act)
		return
	}
	if o.Party != self {
		why.add("officer %s is not an officer of %s", o.Name, self)
		return
	}
	switch {
	case o.ID != "" && o.ID == m.From.OfficerID:
	case o.Role == liaison.RoleSupervisor:
		if !o.CoversArea(m.Handling.CrimeArea) {
			why.add("supervisor %s does not work in crime area %s", o.Name, m.Handling.CrimeArea)
		}
	default:
		why.add("only the author of message %s or a supervisor of %s may %s it; officer %s is neither", m.ID, self, act, o.Name)
	}
}

// Recall decides whether officer o of node self may recall message m from
// the parties it was sent to.
func Recall(o *liaison.Officer, self string, m *liaison.Message) Decision {
	var why reasons
	originator(&why, o, self, m, "recall")
	return why.decision()
}

// ChangeHandling decides whether officer o of node self may change the
// handling of message m to h. The node also checks h as a new release
// ([Send]): an upgrade above the arrangement's ceiling is refused there.
func ChangeHandling(o *liaison.Officer, self string, m *liaison.Message, h liaison.Handling) Decision {
	var why reasons
	originator(&why, o, self, m, "change the handling of")
	if h.CrimeArea != m.Handling.CrimeArea {
		why.add("the crime area of message %s is %s and cannot change to %s", m.ID, m.Handling.CrimeArea, h.CrimeArea)
	}
	return why.decision()
}

// Hold decides whether officer o of node self may put received message m
// on legal hold: a supervisor of this node working in its crime area.
func Hold(o *liaison.Officer, self string, m *liaison.Message) Decision {
	var why reasons
	if !m.Inbound {
		why.add("message %s was sent by this node; only a received message is held as evidence against its originator's recall", m.ID)
	}
	if o.Party != self || o.Role != liaison.RoleSupervisor {
		why.add("only a supervisor of %s may put a message on legal hold; officer %s is %s of %s", self, o.Name, o.Role, o.Party)
	} else if !o.CoversArea(m.Handling.CrimeArea) {
		why.add("supervisor %s does not work in crime area %s", o.Name, m.Handling.CrimeArea)
	}
	return why.decision()
}

// FromOriginator decides whether party from, a peer, may act on message
// m held on this node (recall it, change its handling): only the party
// that sent it may.
func FromOriginator(from string, m *liaison.Message, act string) Decision {
	var why reasons
	switch {
	case !m.Inbound:
		why.add("message %s was sent by this node; %s may not %s it", m.ID, from, act)
	case m.From.Party != from:
		why.add("message %s came from %s; %s may not %s it", m.ID, m.From.Party, from, act)
	}
	return why.decision()
}

// PurgeOnRecall decides whether this node purges received message m when
// party from recalls it. It purges unless the recall does not come from
// the message's originator, or the message is on legal hold (hold is nil
// when it is not): the law of the holding party then keeps it, and the
// reasons say so for the originator.
//
// The party's own rules (action purge, the recalling node as principal)
// may keep it too, for reasons its law gives.
func PurgeOnRecall(from string, m *liaison.Message, hold *liaison.Hold, party string, rules *policy.Set) Decision {
	d := FromOriginator(from, m, "recall")
	if !d.Allow {
		return d
	}
	if hold != nil {
		why := reasons{fmt.Sprintf("message %s is on legal hold as evidence since %s: %s", m.ID, hold.At.Format(time.DateOnly), hold.Reason)}
		return why.decision()
	}
	out := ask(rules, policy.Request{Action: policy.ActionPurge, Party: party, From: from, Handling: m.Handling}, nil)
	return withRules(nil, out)
}

// Expiry decides whether content created at created with handling h,
// under arrangement a, is past its retention at now: after the date h
// names, or else after the arrangement's retention from creation. Allow
// means it is to be purged; the reasons say why either way, for the
// tombstone and the audit log.
func Expiry(h liaison.Handling, created time.Time, a *liaison.Arrangement, now time.Time) Decision {
	today := now.UTC().Format(time.DateOnly)
	if h.RetainUntil != "" {
		if h.RetainUntil < today {
			return Decision{Allow: true, Reasons: []string{"retention passed: retain until " + h.RetainUntil}}
		}
		return Decision{Reasons: []string{"retained until " + h.RetainUntil}}
	}
	if a == nil || a.RetentionDays <= 0 {
		return Decision{Reasons: []string{"no retention date and no default retention in the arrangement"}}
	}
	end := created.AddDate(0, 0, a.RetentionDays)
	if now.Before(end) {
		return Decision{Reasons: []string{fmt.Sprintf("retained until %s (%d days under %q)", end.UTC().Format(time.DateOnly), a.RetentionDays, a.Name)}}
	}
	return Decision{Allow: true, Reasons: []string{fmt.Sprintf("retention passed: %d days under arrangement %q from %s", a.RetentionDays, a.Name, created.UTC().Format(time.DateOnly))}}
}
