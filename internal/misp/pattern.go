package misp

import (
	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// group splits facts into observables: facts of one SCO type share one
// unless they would state one property twice (two addresses of a
// domain-ip object are two ipv4-addr, not one with two values). A list
// property (*_refs) takes any number. The order is that of the facts.
func group(facts []fact) [][]fact {
	var out [][]fact
next:
	for _, f := range facts {
		for i, g := range out {
			if g[0].sco != f.sco {
				continue
			}
			free := true
			for _, h := range g {
				if h.prop == f.prop && h.key == f.key && !isRefList(f.prop) {
					free = false
					break
				}
			}
			if free {
				out[i] = append(out[i], f)
				continue next
			}
		}
		out = append(out, []fact{f})
	}
	return out
}

func isRefList(prop string) bool { return len(prop) > 5 && prop[len(prop)-5:] == "_refs" }

// patternOf builds the STIX pattern stating facts: one observation per
// observable, its comparisons ANDed, the observations ANDed. It prints
// the tree with pattern.String and parses the text back, so that only a
// pattern internal/stix accepts leaves this package.
func patternOf(facts []fact) (string, error) {
	var e pattern.Expr
	for _, g := range group(facts) {
		var c pattern.Comparison
		for _, f := range g {
			for _, t := range tests(f) {
				if c == nil {
					c = t
				} else {
					c = &pattern.ComparisonOp{Op: "AND", Left: c, Right: t}
				}
			}
		}
		obs := &pattern.Observation{Comparison: c}
		if e == nil {
			e = obs
		} else {
			e = &pattern.ObservationOp{Op: "AND", Left: e, Right: obs}
		}
	}
	s := pattern.String(e)
	if _, err := pattern.Parse(s); err != nil {
		return "", err
	}
	return s, nil
}

// tests returns the comparisons of one fact.
func tests(f fact) []pattern.Comparison {
	key := func(k string) pattern.Step { return pattern.Step{Kind: pattern.KeyStep, Key: k} }
	lit := pattern.Literal{Kind: pattern.StringLit, Str: f.str}
	if f.isNum {
		lit = pattern.Literal{Kind: pattern.IntLit, Int: f.num}
	}
	op := f.op
	if op == "" {
		op = "="
	}
	path := func(steps ...pattern.Step) pattern.ObjectPath { return pattern.ObjectPath{Type: f.sco, Steps: steps} }
	switch {
	case f.prop == "hashes":
		return []pattern.Comparison{&pattern.Test{Path: path(key("hashes"), key(f.key)), Op: op, Value: lit}}
	case isRefList(f.prop):
		return []pattern.Comparison{&pattern.Test{Path: path(key(f.prop), pattern.Step{Kind: pattern.AnyStep}, key("value")), Op: op, Value: lit}}
	case f.ref != "" && fixedRefs[f.prop]:
		return []pattern.Comparison{&pattern.Test{Path: path(key(f.prop), key("value")), Op: op, Value: lit}}
	case f.ref != "":
		return []pattern.Comparison{
			&pattern.Test{Path: path(key(f.prop), key("type")), Op: "=", Value: pattern.Literal{Kind: pattern.StringLit, Str: f.ref}},
			&pattern.Test{Path: path(key(f.prop), key("value")), Op: op, Value: lit},
		}
	}
	return []pattern.Comparison{&pattern.Test{Path: path(key(f.prop)), Op: op, Value: lit}}
}
