package policy

import (
	"crypto/sha256"
	"fmt"
	"iter"
	"slices"

	cedar "github.com/cedar-policy/cedar-go"
)

// Set is one party's domestic rules, loaded and validated. Its rules never
// change once loaded (a change of the files is a new Set, see [Watcher]),
// and it is safe for concurrent use: the only state it keeps is a cache of
// records, behind its own locks.
type Set struct {
	rules []*rule
	byID  map[cedar.PolicyID]*rule
	// byAction holds, for each of Actions (same index), the rules whose
	// scope admits that action, in file order: Decide evaluates only those.
	byAction [][]*rule
	// needs are the attributes some policy reads.
	needs needs
	// The records of principals, contents and contexts built so far.
	officers, nodes, contents, contexts recordCache
	// digest is the SHA-256 of the files the set was loaded from.
	digest [sha256.Size]byte
}

// Digest returns the SHA-256 of the files the set was loaded from, each
// name, length and content in load order: the same files give the same
// digest, so an audit entry can name the rules in force without holding
// them.
func (s *Set) Digest() []byte { return s.digest[:] }

// rule is one policy with its annotations read once, at load time.
type rule struct {
	id cedar.PolicyID // "file.cedar:line", the name in Outcome.Policies
	// policy is the policy as evaluated: without its action scope, which
	// byAction has applied already. (cedar-go builds a set for every
	// evaluation of "action in [...]", the bulk of a decision's cost.)
	policy   *cedar.Policy
	source   *cedar.Policy // the policy as written, for tests
	forbid   bool
	reason   string
	caveat   string
	approval bool // @approval("supervisor")
	escalate bool // @escalate("supervisor")
}

// iterator yields a Set's rules to cedar.Authorize in file order, so that
// reasons and caveats come out in the order the administrators wrote them
// (a cedar.PolicySet is a map, in no order).
type iterator []*rule

func (it iterator) All() iter.Seq2[cedar.PolicyID, *cedar.Policy] {
	return func(yield func(cedar.PolicyID, *cedar.Policy) bool) {
		for _, r := range it {
			if !yield(r.id, r.policy) {
				return
			}
		}
	}
}

var _ cedar.PolicyIterator = iterator(nil)

// Len returns the number of policies in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// Decide puts r to the rules. An empty Set (no domestic rules) allows
// everything: the arrangement's terms still apply in the guard. Otherwise
// the Cedar semantics hold: a matching forbid denies, else a matching permit
// allows, else deny. A forbid that fails to evaluate denies too (the rules
// fail closed), with a reason naming it.
func (s *Set) Decide(r Request) Outcome {
	if s.Len() == 0 {
		return Outcome{Allow: true}
	}
	o, approvable := s.decide(r)
	if approvable && !r.Approved {
		r.Approved = true
		again, _ := s.decide(r)
		o.Approval = again.Allow
	}
	return o
}

// decide answers r and reports whether every deciding forbid of a deny
// carries @approval, so that Decide can try again with the approval.
func (s *Set) decide(r Request) (Outcome, bool) {
	action := slices.Index(Actions, r.Action)
	if action < 0 {
		return Outcome{Reasons: []string{fmt.Sprintf("unknown action %q", r.Action)}}, false
	}
	req, ents := s.request(&r)
	decision, diag := cedar.Authorize(iterator(s.byAction[action]), ents, req)

	var o Outcome
	approvable := true
	for _, e := range diag.Errors {
		if ru := s.byID[e.PolicyID]; ru != nil && ru.forbid {
			// A forbid that cannot be evaluated might have matched: refuse.
			o.Reasons = appendNew(o.Reasons, fmt.Sprintf("domestic rule %s could not be evaluated (%s); refused until an administrator corrects it", ru.id, e.Message))
			o.Policies = append(o.Policies, string(ru.id))
			approvable = false
		}
	}
	if decision == cedar.Allow && len(o.Reasons) == 0 {
		o.Allow = true
		for _, d := range diag.Reasons {
			ru := s.byID[d.PolicyID]
			if ru.caveat != "" {
				o.Caveats = appendNew(o.Caveats, ru.caveat)
			}
			o.Policies = append(o.Policies, string(ru.id))
		}
		return o, false
	}
	if decision == cedar.Allow {
		// Only an unevaluable forbid denies; the permits are not deciding.
		return o, false
	}
	if len(diag.Reasons) == 0 && len(o.Reasons) == 0 {
		o.Reasons = []string{fmt.Sprintf("no policy of party %s permits %s", r.Party, r.Action)}
		return o, false
	}
	for _, d := range diag.Reasons {
		ru := s.byID[d.PolicyID]
		o.Reasons = appendNew(o.Reasons, ru.reason)
		o.Policies = append(o.Policies, string(ru.id))
		o.Escalate = o.Escalate || ru.escalate
		approvable = approvable && ru.approval
	}
	return o, approvable && !o.Escalate
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
