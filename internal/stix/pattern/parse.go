package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// MaxDepth bounds the nesting of parentheses and brackets, so a hostile
// pattern cannot exhaust the stack.
const MaxDepth = 100

// MaxLength bounds the pattern's size in bytes.
const MaxLength = 1 << 20

type parser struct {
	lexer
	i     int
	depth int
}

// Parse parses a STIX 2.1 pattern. The error, when not nil, is a
// *SyntaxError.
func Parse(src string) (Expr, error) {
	p := &parser{lexer: lexer{src: src}}
	if len(src) > MaxLength {
		return nil, p.errAt(MaxLength, "pattern longer than "+strconv.Itoa(MaxLength)+" bytes")
	}
	p.toks = make([]token, 0, 16)
	if err := p.run(); err != nil {
		return nil, err
	}
	e, err := p.observations()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected("AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern")
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) is(k kind, text string) bool {
	t := p.toks[p.i]
	return t.kind == k && t.text == text
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "the end of the pattern"
	case tString, tHex, tBinary, tTimestamp:
		s := t.text
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return s
	}
	return "'" + t.text + "'"
}

func (p *parser) unexpected(expected string) *SyntaxError {
	t := p.peek()
	return p.errAt(t.pos, "expected "+expected+", found "+describe(t))
}

func (p *parser) enter() *SyntaxError {
	p.depth++
	if p.depth > MaxDepth {
		return p.errAt(p.peek().pos, "nested deeper than "+strconv.Itoa(MaxDepth))
	}
	return nil
}

// observations: orExpr (FOLLOWEDBY orExpr)*, left-associative; the lowest
// precedence of the observation operators.
func (p *parser) observations() (Expr, *SyntaxError) {
	return p.obsBinary(0)
}

var obsOps = [...]string{"FOLLOWEDBY", "OR", "AND"}

func (p *parser) obsBinary(level int) (Expr, *SyntaxError) {
	if level == len(obsOps) {
		return p.qualified()
	}
	left, err := p.obsBinary(level + 1)
	if err != nil {
		return nil, err
	}
	for p.is(tKeyword, obsOps[level]) {
		p.next()
		right, err := p.obsBinary(level + 1)
		if err != nil {
			return nil, err
		}
		left = &ObservationOp{Op: obsOps[level], Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) qualified() (Expr, *SyntaxError) {
	e, err := p.obsPrimary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tKeyword {
			return e, nil
		}
		var q Qualifier
		switch t.text {
		case "WITHIN":
			p.next()
			n := p.next()
			if n.kind != tInt && n.kind != tFloat || strings.HasPrefix(n.text, "-") {
				p.i--
				return nil, p.unexpected("a positive number of seconds after WITHIN")
			}
			f, _ := strconv.ParseFloat(n.text, 64)
			if !(f > 0) {
				return nil, p.errAt(n.pos, "WITHIN needs a number of seconds greater than 0")
			}
			if !p.is(tKeyword, "SECONDS") {
				return nil, p.unexpected("SECONDS")
			}
			p.next()
			q = Qualifier{Kind: "WITHIN", Seconds: f}
		case "REPEATS":
			p.next()
			n := p.next()
			if n.kind != tInt || strings.HasPrefix(n.text, "-") {
				p.i--
				return nil, p.unexpected("a positive whole number after REPEATS")
			}
			c, perr := strconv.ParseInt(strings.TrimPrefix(n.text, "+"), 10, 64)
			if perr != nil || c < 1 {
				return nil, p.errAt(n.pos, "REPEATS needs a whole number from 1")
			}
			if !p.is(tKeyword, "TIMES") {
				return nil, p.unexpected("TIMES")
			}
			p.next()
			q = Qualifier{Kind: "REPEATS", Times: c}
		case "START":
			p.next()
			start, err := p.timestamp("a timestamp t'...' after START")
			if err != nil {
				return nil, err
			}
			if !p.is(tKeyword, "STOP") {
				return nil, p.unexpected("STOP")
			}
			p.next()
			stopPos := p.peek().pos
			stop, err := p.timestamp("a timestamp t'...' after STOP")
			if err != nil {
				return nil, err
			}
			if !stop.Time.After(start.Time) {
				return nil, p.errAt(stopPos, "STOP must be later than START")
			}
			q = Qualifier{Kind: "START", Start: start, Stop: stop}
		default:
			return e, nil
		}
		e = &Qualified{Expr: e, Qualifier: q}
	}
}

func (p *parser) timestamp(expected string) (Literal, *SyntaxError) {
	t := p.peek()
	if t.kind != tTimestamp {
		return Literal{}, p.unexpected(expected)
	}
	p.next()
	return p.literal(t)
}

func (p *parser) obsPrimary() (Expr, *SyntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	switch {
	case p.is(tPunct, "["):
		p.next()
		c, err := p.comparisons()
		if err != nil {
			return nil, err
		}
		if !p.is(tPunct, "]") {
			return nil, p.unexpected("']' or AND or OR")
		}
		p.next()
		return &Observation{Comparison: c}, nil
	case p.is(tPunct, "("):
		p.next()
		e, err := p.observations()
		if err != nil {
			return nil, err
		}
		if !p.is(tPunct, ")") {
			return nil, p.unexpected("')' or AND, OR, FOLLOWEDBY or a qualifier")
		}
		p.next()
		return e, nil
	}
	return nil, p.unexpected("'[' or '(' to start an observation expression")
}

func (p *parser) comparisons() (Comparison, *SyntaxError) { return p.compBinary(0) }

var compOps = [...]string{"OR", "AND"}

func (p *parser) compBinary(level int) (Comparison, *SyntaxError) {
	if level == len(compOps) {
		return p.test()
	}
	left, err := p.compBinary(level + 1)
	if err != nil {
		return nil, err
	}
	for p.is(tKeyword, compOps[level]) {
		p.next()
		right, err := p.compBinary(level + 1)
		if err != nil {
			return nil, err
		}
		left = &ComparisonOp{Op: compOps[level], Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) test() (Comparison, *SyntaxError) {
	if p.is(tPunct, "(") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		p.next()
		c, err := p.comparisons()
		if err != nil {
			return nil, err
		}
		if !p.is(tPunct, ")") {
			return nil, p.unexpected("')' or AND or OR")
		}
		p.next()
		p.depth--
		return c, nil
	}
	if p.is(tKeyword, "EXISTS") {
		p.next()
		path, err := p.objectPath()
		if err != nil {
			return nil, err
		}
		return &Test{Path: path, Op: "EXISTS"}, nil
	}
	path, err := p.objectPath()
	if err != nil {
		return nil, err
	}
	t := &Test{Path: path}
	if p.is(tKeyword, "NOT") {
		p.next()
		t.Not = true
	}
	op := p.peek()
	switch {
	case op.kind == tPunct && (op.text == "=" || op.text == "=="):
		t.Op = "="
	case op.kind == tPunct && (op.text == "!=" || op.text == "<>"):
		t.Op = "!="
	case op.kind == tPunct && (op.text == "<" || op.text == "<=" || op.text == ">" || op.text == ">="):
		t.Op = op.text
	case op.kind == tKeyword && (op.text == "IN" || op.text == "LIKE" || op.text == "MATCHES" || op.text == "ISSUBSET" || op.text == "ISSUPERSET"):
		t.Op = op.text
	default:
		return nil, p.unexpected("a comparison operator (= != < <= > >= IN LIKE MATCHES ISSUBSET ISSUPERSET)")
	}
	p.next()
	switch t.Op {
	case "IN":
		t.Set, err = p.set()
	case "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET":
		if p.peek().kind != tString {
			return nil, p.unexpected("a string literal after " + t.Op)
		}
		t.Value, err = p.literal(p.next())
	case "=", "!=":
		t.Value, err = p.value(true)
	default:
		t.Value, err = p.value(false)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (p *parser) set() ([]Literal, *SyntaxError) {
	if !p.is(tPunct, "(") {
		return nil, p.unexpected("'(' to start the set after IN")
	}
	p.next()
	set := []Literal{}
	for !p.is(tPunct, ")") {
		if len(set) > 0 {
			if !p.is(tPunct, ",") {
				return nil, p.unexpected("',' or ')'")
			}
			p.next()
		}
		pos := p.peek().pos
		v, err := p.value(true)
		if err != nil {
			return nil, err
		}
		if len(set) > 0 && v.Kind != set[0].Kind {
			return nil, p.errAt(pos, "a set's values must all be of one kind: "+set[0].Kind.String()+", not "+v.Kind.String())
		}
		set = append(set, v)
	}
	p.next()
	return set, nil
}

// value reads a literal; booleans only where allowBool (= and !=, sets).
func (p *parser) value(allowBool bool) (Literal, *SyntaxError) {
	t := p.peek()
	switch t.kind {
	case tString, tInt, tFloat, tHex, tBinary, tTimestamp:
	case tBool:
		if !allowBool {
			return Literal{}, p.unexpected("an orderable literal (number, string, h'', b'' or t'')")
		}
	default:
		return Literal{}, p.unexpected("a literal")
	}
	p.next()
	return p.literal(t)
}

func (p *parser) literal(t token) (Literal, *SyntaxError) {
	switch t.kind {
	case tString:
		return Literal{Kind: StringLit, Str: t.val}, nil
	case tBool:
		return Literal{Kind: BoolLit, Bool: t.text == "true"}, nil
	case tInt:
		n, err := strconv.ParseInt(strings.TrimPrefix(t.text, "+"), 10, 64)
		if err != nil {
			return Literal{}, p.errAt(t.pos, "integer out of range")
		}
		return Literal{Kind: IntLit, Int: n}, nil
	case tFloat:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return Literal{}, p.errAt(t.pos, "number out of range")
		}
		return Literal{Kind: FloatLit, Float: f}, nil
	case tHex:
		if len(t.val)%2 != 0 {
			return Literal{}, p.errAt(t.pos, "hex literal needs an even number of hex digits")
		}
		b, err := hex.DecodeString(t.val)
		if err != nil {
			return Literal{}, p.errAt(t.pos, "hex literal may contain only hex digits")
		}
		return Literal{Kind: HexLit, Bytes: b}, nil
	case tBinary:
		b, err := base64.StdEncoding.Strict().DecodeString(t.val)
		if err != nil {
			return Literal{}, p.errAt(t.pos, "binary literal is not padded base64")
		}
		return Literal{Kind: BinaryLit, Bytes: b}, nil
	case tTimestamp:
		tm, ok := parseTime(t.val)
		if !ok {
			return Literal{}, p.errAt(t.pos, "timestamp literal must be t'YYYY-MM-DDTHH:MM:SS[.s+]Z'")
		}
		return Literal{Kind: TimestampLit, Str: t.val, Time: tm}, nil
	}
	return Literal{}, p.errAt(t.pos, "expected a literal")
}

// parseTime reads the RFC 3339 UTC form STIX timestamps use.
func parseTime(s string) (time.Time, bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[10] != 'T' {
		return time.Time{}, false
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if i != 19 || len(s) < 22 {
			return time.Time{}, false
		}
		for _, c := range s[20 : len(s)-1] {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
		}
	} else if len(s) != 20 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func (p *parser) objectPath() (ObjectPath, *SyntaxError) {
	t := p.peek()
	if t.kind != tIdent {
		return ObjectPath{}, p.unexpected("an object path such as file:name, or '(' or EXISTS")
	}
	p.next()
	path := ObjectPath{Type: t.text, Steps: make([]Step, 0, 2)}
	if !p.is(tPunct, ":") {
		return ObjectPath{}, p.unexpected("':' after the object type")
	}
	p.next()
	key, err := p.key("a property name after ':'")
	if err != nil {
		return ObjectPath{}, err
	}
	path.Steps = append(path.Steps, Step{Kind: KeyStep, Key: key})
	for {
		switch {
		case p.is(tPunct, "."):
			p.next()
			key, err := p.key("a property name after '.'")
			if err != nil {
				return ObjectPath{}, err
			}
			path.Steps = append(path.Steps, Step{Kind: KeyStep, Key: key})
		case p.is(tPunct, "["):
			p.next()
			n := p.next()
			switch {
			case n.kind == tPunct && n.text == "*":
				path.Steps = append(path.Steps, Step{Kind: AnyStep})
			case n.kind == tInt:
				v, err := strconv.ParseInt(strings.TrimPrefix(n.text, "+"), 10, 64)
				if err != nil {
					return ObjectPath{}, p.errAt(n.pos, "list index out of range")
				}
				path.Steps = append(path.Steps, Step{Kind: IndexStep, Index: v})
			default:
				p.i--
				return ObjectPath{}, p.unexpected("a list index (a whole number or *)")
			}
			if !p.is(tPunct, "]") {
				return ObjectPath{}, p.unexpected("']' after the list index")
			}
			p.next()
		default:
			return path, nil
		}
	}
}

// key reads a property name: a name without hyphens, or a quoted string.
func (p *parser) key(expected string) (string, *SyntaxError) {
	t := p.peek()
	switch t.kind {
	case tIdent:
		if strings.IndexByte(t.text, '-') >= 0 {
			return "", p.errAt(t.pos, "property name "+describe(t)+" has a hyphen: quote it as '"+t.text+"'")
		}
		p.next()
		return t.text, nil
	case tString:
		p.next()
		return t.val, nil
	}
	return "", p.unexpected(expected)
}
