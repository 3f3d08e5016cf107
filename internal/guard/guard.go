// Package guard makes the decisions of Liaison: may this officer release
// this content to that party, may this node accept what a peer sent, may
// this officer read this. Each decision is pure (no I/O, no clock beyond
// what is passed in) and returns allow or deny with reasons an officer can
// read.
//
// # Two layers
//
// The guard applies the arrangement's terms, which both parties hold and
// both enforce: the receiver checks again what the sender checked. Each
// party's own domestic rules, as Cedar policy files loaded by
// internal/policy, are asked next; they can only narrow what the
// arrangement allows. A decision lists the reasons of both layers.
//
// # Outcomes beyond allow and deny
//
// A party's rules may hold a release for a supervisor's approval (four
// eyes): the decision denies with Approval set, and the same request with
// the approval recorded is allowed. They may refuse and ask for the
// supervisors to be told (Escalate), and they may allow with caveats the
// content must carry onward (Caveats).
package guard

import (
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// Decision is the outcome of one check.
type Decision struct {
	Allow   bool     `json:"allow"`
	Reasons []string `json:"reasons"`
	// Approval is set on a denial that a supervisor's approval lifts.
	Approval bool `json:"approval,omitempty"`
	// Escalate is set on a denial the party's rules want supervisors told of.
	Escalate bool `json:"escalate,omitempty"`
	// Caveats are conditions the party's rules attach to an allowed act.
	Caveats []string `json:"caveats,omitempty"`
	// Policies name the domestic policies that decided, as "file:line".
	Policies []string `json:"policies,omitempty"`
}

// String renders the decision as "allow" or "deny: reason; reason".
func (d Decision) String() string {
	if d.Allow {
		return "allow"
	}
	return "deny: " + strings.Join(d.Reasons, "; ")
}

// Err returns nil when d allows, else an EFORBIDDEN error whose message
// carries the reasons.
func (d Decision) Err() error {
	if d.Allow {
		return nil
	}
	return &liaison.Error{Code: liaison.EFORBIDDEN, Message: strings.Join(d.Reasons, "; "), Reasons: d.Reasons}
}

type reasons []string

func (r *reasons) add(format string, args ...any) { *r = append(*r, fmt.Sprintf(format, args...)) }

func (r reasons) decision() Decision {
	if len(r) == 0 {
		return Decision{Allow: true}
	}
	return Decision{Reasons: r}
}

// withRules joins the arrangement's reasons why and the outcome of the
// party's own rules into one decision. An approval lifts only a denial
// that is the rules' alone: the arrangement's terms are not the party's to
// waive.
func withRules(why reasons, out policy.Outcome) Decision {
	d := Decision{Reasons: append(why, out.Reasons...), Policies: out.Policies, Escalate: out.Escalate}
	switch {
	case len(why) == 0 && out.Allow:
		d.Allow, d.Reasons, d.Caveats = true, nil, out.Caveats
	case len(why) == 0 && out.Approval && !out.Escalate:
		d.Approval = true
	}
	return d
}
