package match

import (
	"net/netip"

	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// kind is the kind of an indexed comparison.
type kind byte

const (
	kindNone kind = iota
	kindIP
	kindDomain
	kindURL
	kindEmail
	kindHash
)

// key is one index key: an IP block, or a kind and a normalised string
// (for hashes the algorithm's number, then the hex).
type key struct {
	kind   kind
	prefix netip.Prefix
	s      string
}

// pathKind says what kind of indexed comparison a path allows: the value
// of an address, domain, URL or e-mail object, or a file hash (algo is
// then the algorithm's number).
func pathKind(p pattern.ObjectPath) (k kind, algo byte) {
	if len(p.Steps) == 1 && p.Steps[0].Kind == pattern.KeyStep && p.Steps[0].Key == "value" {
		switch p.Type {
		case "ipv4-addr", "ipv6-addr":
			return kindIP, 0
		case "domain-name":
			return kindDomain, 0
		case "url":
			return kindURL, 0
		case "email-addr":
			return kindEmail, 0
		}
		return kindNone, 0
	}
	if p.Type == "file" && len(p.Steps) == 2 && p.Steps[0].Kind == pattern.KeyStep && p.Steps[0].Key == "hashes" &&
		p.Steps[1].Kind == pattern.KeyStep {
		if a := hashAlgo(p.Steps[1].Key); a != 0 {
			return kindHash, a
		}
	}
	return kindNone, 0
}

// literalKey returns the key of one literal compared on a path of kind k.
func literalKey(typ string, k kind, algo byte, l pattern.Literal) (key, bool) {
	if l.Kind != pattern.StringLit {
		return key{}, false
	}
	switch k {
	case kindIP:
		p, ok := parsePrefix(l.Str)
		if !ok || (typ == "ipv4-addr") != p.Addr().Is4() {
			return key{}, false
		}
		return key{kind: kindIP, prefix: p}, true
	case kindDomain:
		return key{kind: kindDomain, s: NormalizeDomain(l.Str)}, true
	case kindURL:
		return key{kind: kindURL, s: NormalizeURL(l.Str)}, true
	case kindEmail:
		return key{kind: kindEmail, s: NormalizeEmail(l.Str)}, true
	case kindHash:
		return key{kind: kindHash, s: string(rune(algo)) + NormalizeHash(l.Str)}, true
	}
	return key{}, false
}

// testKeys returns the keys of an indexable comparison: = or IN on an
// indexed path, or ISSUBSET on an address; false for any other.
func testKeys(t *pattern.Test) ([]key, bool) {
	if t.Not {
		return nil, false
	}
	k, algo := pathKind(t.Path)
	if k == kindNone {
		return nil, false
	}
	switch t.Op {
	case "=":
		kk, ok := literalKey(t.Path.Type, k, algo, t.Value)
		return []key{kk}, ok
	case "ISSUBSET":
		if k != kindIP {
			return nil, false
		}
		kk, ok := literalKey(t.Path.Type, k, algo, t.Value)
		return []key{kk}, ok
	case "IN":
		if len(t.Set) == 0 {
			return nil, false
		}
		ks := make([]key, 0, len(t.Set))
		for _, l := range t.Set {
			kk, ok := literalKey(t.Path.Type, k, algo, l)
			if !ok {
				return nil, false
			}
			ks = append(ks, kk)
		}
		return ks, true
	}
	return nil, false
}

// anchors returns the comparisons that index a pattern: any observable
// for which the pattern is a hit or partial makes one of them true (see
// the package comment). False when the pattern has none and goes to the
// evaluate list.
func anchors(e pattern.Expr) ([]*pattern.Test, bool) {
	switch e := e.(type) {
	case *pattern.Observation:
		return compAnchors(e.Comparison)
	case *pattern.ObservationOp:
		l, ok := anchors(e.Left)
		if !ok {
			return nil, false
		}
		r, ok := anchors(e.Right)
		if !ok {
			return nil, false
		}
		return append(l, r...), true
	case *pattern.Qualified:
		return anchors(e.Expr)
	}
	return nil, false
}

func compAnchors(c pattern.Comparison) ([]*pattern.Test, bool) {
	switch c := c.(type) {
	case *pattern.Test:
		if _, ok := testKeys(c); ok {
			return []*pattern.Test{c}, true
		}
		return nil, false
	case *pattern.ComparisonOp:
		l, lok := compAnchors(c.Left)
		r, rok := compAnchors(c.Right)
		if c.Op == "OR" {
			if !lok || !rok {
				return nil, false
			}
			return append(l, r...), true
		}
		// AND: one side is enough to find the candidates; prefer the
		// side with fewer keys.
		switch {
		case lok && rok && len(r) < len(l):
			return r, true
		case lok:
			return l, true
		case rok:
			return r, true
		}
	}
	return nil, false
}

// simple reports whether a pattern is one observation whose comparisons
// are all indexable and joined by OR: a candidate found by its keys is
// then a hit without evaluation.
func simple(e pattern.Expr) bool {
	o, ok := e.(*pattern.Observation)
	return ok && simpleComp(o.Comparison)
}

func simpleComp(c pattern.Comparison) bool {
	switch c := c.(type) {
	case *pattern.Test:
		_, ok := testKeys(c)
		return ok
	case *pattern.ComparisonOp:
		return c.Op == "OR" && simpleComp(c.Left) && simpleComp(c.Right)
	}
	return false
}

// allTests lists every comparison of a pattern, and the object types
// they name.
func allTests(e pattern.Expr, out []*pattern.Test) []*pattern.Test {
	switch e := e.(type) {
	case *pattern.Observation:
		return compTests(e.Comparison, out)
	case *pattern.ObservationOp:
		return allTests(e.Right, allTests(e.Left, out))
	case *pattern.Qualified:
		return allTests(e.Expr, out)
	}
	return out
}

func compTests(c pattern.Comparison, out []*pattern.Test) []*pattern.Test {
	switch c := c.(type) {
	case *pattern.Test:
		return append(out, c)
	case *pattern.ComparisonOp:
		return compTests(c.Right, compTests(c.Left, out))
	}
	return out
}
