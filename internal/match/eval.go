package match

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// result is an indicator's answer for one observable.
type result int

const (
	miss result = iota
	partialHit
	hit
)

// tv is a truth value of three: a comparison on another object, or on a
// property the observable lacks, is unknown.
type tv int

const (
	tFalse tv = iota
	tUnknown
	tTrue
)

// evaluator evaluates one pattern for one observable.
type evaluator struct {
	x         *Index
	o         *Observable
	anchors   []*pattern.Test // nil with anyAnchor
	anyAnchor bool
	evidence  bool   // an anchor was true in the current observation
	why       string // the first reason an answer is unknown
}

// evaluate answers pattern e for o (see the package comment).
func (x *Index) evaluate(e pattern.Expr, o *Observable, anyAnchor bool) (result, string) {
	ev := evaluator{x: x, o: o, anyAnchor: anyAnchor}
	if !anyAnchor {
		ev.anchors, _ = anchors(e)
	}
	return ev.expr(e)
}

func (ev *evaluator) expr(e pattern.Expr) (result, string) {
	switch e := e.(type) {
	case *pattern.Observation:
		ev.evidence, ev.why = false, ""
		switch v := ev.comp(e.Comparison); {
		case v == tTrue:
			return hit, ""
		case v == tUnknown && ev.evidence:
			return partialHit, ev.why
		}
		return miss, ""
	case *pattern.ObservationOp:
		l, lwhy := ev.expr(e.Left)
		r, rwhy := ev.expr(e.Right)
		if e.Op == "OR" {
			if r > l {
				return r, rwhy
			}
			return l, lwhy
		}
		if l == miss && r == miss {
			return miss, ""
		}
		return partialHit, "the pattern needs several observations (" + e.Op + ")"
	case *pattern.Qualified:
		if r, _ := ev.expr(e.Expr); r == miss {
			return miss, ""
		}
		return partialHit, "the qualifier " + e.Qualifier.Kind + " needs the times of the observations"
	}
	return miss, ""
}

func (ev *evaluator) comp(c pattern.Comparison) tv {
	switch c := c.(type) {
	case *pattern.ComparisonOp:
		l := ev.comp(c.Left)
		r := ev.comp(c.Right)
		if c.Op == "AND" {
			return min(l, r)
		}
		return max(l, r)
	case *pattern.Test:
		v := ev.test(c)
		if v == tTrue && ev.isAnchor(c) {
			ev.evidence = true
		}
		return v
	}
	return tFalse
}

func (ev *evaluator) isAnchor(t *pattern.Test) bool {
	if ev.anyAnchor {
		return true
	}
	for _, a := range ev.anchors {
		if a == t {
			return true
		}
	}
	return false
}

func (ev *evaluator) unknown(why string) tv {
	if ev.why == "" {
		ev.why = why
	}
	return tUnknown
}

func (ev *evaluator) test(t *pattern.Test) tv {
	if t.Path.Type != ev.o.Type {
		return ev.unknown("needs a " + t.Path.Type + " object in the same observation")
	}
	var vals []any
	if len(t.Path.Steps) == 1 && t.Path.Steps[0].Key == "value" && ev.o.Value != "" {
		// The common shape: no map needed.
		var one [1]any
		one[0] = ev.o.Value
		vals = one[:]
	} else {
		vals = resolve(ev.o.object(), t.Path)
	}
	if len(vals) == 0 {
		return ev.unknown("the observable has no " + pathString(t.Path))
	}
	if t.Op == "EXISTS" {
		return tTrue
	}
	k, _ := pathKind(t.Path)
	out := tFalse
	for _, v := range vals {
		r := ev.compare(t, k, v)
		if t.Not && r != tUnknown {
			r = tTrue - r
		}
		out = max(out, r)
	}
	return out
}

func pathString(p pattern.ObjectPath) string {
	var b strings.Builder
	b.WriteString(p.Type)
	for i, s := range p.Steps {
		switch s.Kind {
		case pattern.KeyStep:
			if i == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte('.')
			}
			b.WriteString(s.Key)
		case pattern.IndexStep:
			b.WriteString("[" + strconv.FormatInt(s.Index, 10) + "]")
		default:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

// resolve returns the values at path p in obj; a [*] step gives each
// element. Hash algorithm names match as the index reads them.
func resolve(obj map[string]any, p pattern.ObjectPath) []any {
	cur := []any{obj}
	for i, s := range p.Steps {
		var next []any
		for _, c := range cur {
			switch s.Kind {
			case pattern.KeyStep:
				m, ok := c.(map[string]any)
				if !ok {
					continue
				}
				if v, ok := m[s.Key]; ok {
					next = append(next, v)
				} else if i > 0 && p.Steps[i-1].Key == "hashes" {
					if a := hashAlgo(s.Key); a != 0 {
						for k, v := range m {
							if hashAlgo(k) == a {
								next = append(next, v)
							}
						}
					}
				}
			case pattern.IndexStep:
				if l, ok := c.([]any); ok && s.Index >= 0 && s.Index < int64(len(l)) {
					next = append(next, l[s.Index])
				}
			case pattern.AnyStep:
				if l, ok := c.([]any); ok {
					next = append(next, l...)
				}
			}
		}
		cur = next
	}
	return cur
}

// compare answers one comparison for one observed value (Not aside).
func (ev *evaluator) compare(t *pattern.Test, k kind, v any) tv {
	if s, ok := v.(string); ok && k != kindNone {
		switch t.Op {
		case "=", "!=", "ISSUBSET", "ISSUPERSET":
			r := kindEqual(k, t.Path.Type, t.Op, t.Value, s)
			if t.Op == "!=" {
				r = !r
			}
			return truth(r)
		case "IN":
			for _, l := range t.Set {
				if kindEqual(k, t.Path.Type, "=", l, s) {
					return tTrue
				}
			}
			return tFalse
		}
	}
	switch t.Op {
	case "=":
		return truth(equal(t.Value, v))
	case "!=":
		return truth(!equal(t.Value, v))
	case "IN":
		for _, l := range t.Set {
			if equal(l, v) {
				return tTrue
			}
		}
		return tFalse
	case "<", "<=", ">", ">=":
		c, ok := order(t.Value, v)
		if !ok {
			return tFalse
		}
		switch t.Op {
		case "<":
			return truth(c < 0)
		case "<=":
			return truth(c <= 0)
		case ">":
			return truth(c > 0)
		}
		return truth(c >= 0)
	case "LIKE":
		s, ok := v.(string)
		if !ok {
			return tFalse
		}
		if r, ok := likeSimple(t.Value.Str, s); ok {
			return truth(r)
		}
		re, err := ev.x.regexp(likeRegexp(t.Value.Str))
		if err != nil {
			return ev.unknown("LIKE " + quote(t.Value.Str) + " cannot be evaluated")
		}
		return truth(re.MatchString(s))
	case "MATCHES":
		s, ok := v.(string)
		if !ok {
			return tFalse
		}
		re, err := ev.x.regexp(t.Value.Str)
		if err != nil {
			return ev.unknown("MATCHES " + quote(t.Value.Str) + " is not RE2 syntax")
		}
		return truth(re.MatchString(s))
	case "ISSUBSET", "ISSUPERSET":
		s, ok := v.(string)
		if !ok {
			return tFalse
		}
		return truth(ipSet(t.Op, t.Value.Str, s))
	}
	return tFalse
}

func truth(b bool) tv {
	if b {
		return tTrue
	}
	return tFalse
}

// kindEqual compares an observed string with a literal by the rules of
// the index: membership for addresses, subdomains for domain names,
// normalised URLs, e-mail domains and hashes.
func kindEqual(k kind, typ, op string, l pattern.Literal, s string) bool {
	if l.Kind != pattern.StringLit {
		return false
	}
	switch k {
	case kindIP:
		if op == "ISSUPERSET" {
			return ipSet(op, l.Str, s)
		}
		return ipSet("ISSUBSET", l.Str, s)
	case kindDomain:
		d, o := NormalizeDomain(l.Str), NormalizeDomain(s)
		return o == d || strings.HasSuffix(o, "."+d)
	case kindURL:
		return NormalizeURL(l.Str) == NormalizeURL(s)
	case kindEmail:
		return NormalizeEmail(l.Str) == NormalizeEmail(s)
	case kindHash:
		return NormalizeHash(l.Str) == NormalizeHash(s)
	}
	return false
}

// ipSet answers "observed ISSUBSET lit" or "observed ISSUPERSET lit".
func ipSet(op, lit, observed string) bool {
	p, ok1 := parsePrefix(lit)
	o, ok2 := parsePrefix(observed)
	if !ok1 || !ok2 || p.Addr().Is4() != o.Addr().Is4() {
		return false
	}
	if op == "ISSUPERSET" {
		p, o = o, p
	}
	return o.Bits() >= p.Bits() && p.Contains(o.Addr())
}

func equal(l pattern.Literal, v any) bool {
	switch l.Kind {
	case pattern.StringLit, pattern.TimestampLit:
		s, ok := v.(string)
		return ok && s == l.Str
	case pattern.IntLit:
		f, ok := v.(float64)
		return ok && f == float64(l.Int)
	case pattern.FloatLit:
		f, ok := v.(float64)
		return ok && f == l.Float
	case pattern.BoolLit:
		b, ok := v.(bool)
		return ok && b == l.Bool
	case pattern.HexLit, pattern.BinaryLit:
		s, ok := v.(string)
		return ok && s == string(l.Bytes)
	}
	return false
}

// order compares the observed value with the literal: negative when the
// value is less.
func order(l pattern.Literal, v any) (int, bool) {
	switch l.Kind {
	case pattern.IntLit, pattern.FloatLit:
		f, ok := v.(float64)
		if !ok {
			return 0, false
		}
		lf := l.Float
		if l.Kind == pattern.IntLit {
			lf = float64(l.Int)
		}
		switch {
		case f < lf:
			return -1, true
		case f > lf:
			return 1, true
		}
		return 0, true
	case pattern.StringLit, pattern.TimestampLit:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		return strings.Compare(s, l.Str), true
	}
	return 0, false
}

// likeSimple answers the common LIKE shapes ('x', 'x%', '%x', '%x%')
// without a regular expression; ok is false for others.
func likeSimple(like, s string) (r, ok bool) {
	if strings.IndexByte(like, '_') >= 0 {
		return false, false
	}
	lead := strings.HasPrefix(like, "%")
	core := like
	if lead {
		core = core[1:]
	}
	trail := strings.HasSuffix(core, "%")
	if trail {
		core = core[:len(core)-1]
	}
	if strings.IndexByte(core, '%') >= 0 {
		return false, false
	}
	switch {
	case lead && trail:
		return strings.Contains(s, core), true
	case lead:
		return strings.HasSuffix(s, core), true
	case trail:
		return strings.HasPrefix(s, core), true
	}
	return s == core, true
}

// likeRegexp turns an SQL LIKE pattern into an anchored RE2 expression.
func likeRegexp(like string) string {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range like {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return b.String()
}

// compiled is a regular expression compiled once, or why it cannot be.
type compiled struct {
	re  *regexp.Regexp
	err error
}

// regexp returns the compiled expression src, from the index's cache:
// the evaluate list would otherwise compile its expressions for every
// observable.
func (x *Index) regexp(src string) (*regexp.Regexp, error) {
	if c, ok := x.res.Load(src); ok {
		return c.(compiled).re, c.(compiled).err
	}
	re, err := regexp.Compile(src)
	x.res.Store(src, compiled{re, err})
	return re, err
}
