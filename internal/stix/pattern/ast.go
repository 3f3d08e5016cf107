// Package pattern parses the STIX 2.1 patterning language (OASIS, STIX
// Version 2.1, section 9 "STIX Patterning"; the grammar STIXPattern.g4 of
// oasis-open/cti-stix2-json-schemas and cti-pattern-validator) into a
// syntax tree, and prints the tree back.
//
// # Errors
//
// A pattern that does not parse is refused with a [*SyntaxError] that
// gives the byte offset, the line and column, and what was expected there.
//
// # Choices
//
// Keywords are upper case (AND, OR, FOLLOWEDBY, ...) and booleans lower
// case (true, false), as in the STIX 2.1 grammar. Equivalent spellings are
// normalised in the tree: "==" is "=", "<>" is "!=". Parentheses are not
// kept; [String] adds those the tree needs, so Parse(String(t)) gives t
// again.
package pattern

import "time"

// Expr is an observation expression: *Observation, *ObservationOp or
// *Qualified.
type Expr interface{ expr() }

// Observation is "[ comparison ]": one observation of cyber observables.
type Observation struct {
	Comparison Comparison
}

// ObservationOp joins two observation expressions with AND, OR or
// FOLLOWEDBY.
type ObservationOp struct {
	Op          string
	Left, Right Expr
}

// Qualified is an observation expression with a qualifier after it.
type Qualified struct {
	Expr      Expr
	Qualifier Qualifier
}

// Qualifier is WITHIN n SECONDS, REPEATS n TIMES, or START t STOP t.
type Qualifier struct {
	Kind    string  // "WITHIN", "REPEATS" or "START"
	Seconds float64 // WITHIN
	Times   int64   // REPEATS
	// Start and Stop are the START/STOP timestamp literals.
	Start, Stop Literal
}

// Comparison is a comparison expression: *ComparisonOp or *Test.
type Comparison interface{ comparison() }

// ComparisonOp joins two comparison expressions with AND or OR.
type ComparisonOp struct {
	Op          string
	Left, Right Comparison
}

// Test compares an object path with a literal: "path [NOT] op value", or
// "EXISTS path". Op is one of = != > < >= <= IN LIKE MATCHES ISSUBSET
// ISSUPERSET EXISTS; Set holds the values of IN, Value the others'.
type Test struct {
	Path  ObjectPath
	Not   bool
	Op    string
	Value Literal
	Set   []Literal
}

// ObjectPath is "type:property" followed by further steps.
type ObjectPath struct {
	Type  string
	Steps []Step // the first is always a key
}

// StepKind tells what one step of an object path is.
type StepKind int

// The kinds of step.
const (
	KeyStep   StepKind = iota // .name or .'quoted name'
	IndexStep                 // [n]
	AnyStep                   // [*]
)

// Step is one step of an object path.
type Step struct {
	Kind  StepKind
	Key   string
	Index int64
}

// LitKind is the kind of a literal.
type LitKind int

// The kinds of literal.
const (
	StringLit LitKind = iota
	IntLit
	FloatLit
	BoolLit
	HexLit
	BinaryLit
	TimestampLit
)

var litNames = [...]string{"string", "integer", "float", "boolean", "hex", "binary", "timestamp"}

func (k LitKind) String() string { return litNames[k] }

// Literal is a constant in a pattern. Str is the decoded string, or the
// timestamp's text; Bytes the value of h” and b”.
type Literal struct {
	Kind  LitKind
	Str   string
	Int   int64
	Float float64
	Bool  bool
	Bytes []byte
	Time  time.Time
}

func (*Observation) expr()        {}
func (*ObservationOp) expr()      {}
func (*Qualified) expr()          {}
func (*ComparisonOp) comparison() {}
func (*Test) comparison()         {}
