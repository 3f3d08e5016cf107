package policy

import cedar "github.com/cedar-policy/cedar-go"

// Unoptimised returns a Set with the rules of s that evaluates every policy
// as written, for every action, with every attribute built afresh: what
// Decide would do without its index, its attribute pruning and its record
// caches. Tests compare the two.
func Unoptimised(s *Set) *Set {
	u := &Set{byID: map[cedar.PolicyID]*rule{}, needs: allNeeds, byAction: make([][]*rule, len(Actions))}
	for _, r := range s.rules {
		c := *r
		c.policy = c.source
		u.rules = append(u.rules, &c)
		u.byID[c.id] = &c
	}
	for i := range u.byAction {
		u.byAction[i] = u.rules
	}
	return u
}
