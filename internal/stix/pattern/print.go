package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
)

// String prints an observation expression in the canonical form: one
// space around operators, upper-case keywords, and only the parentheses
// the tree needs. Parse(String(e)) returns a tree equal to e.
func String(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

// precedence of observation expressions: FOLLOWEDBY < OR < AND < qualified.
func obsPrec(e Expr) int {
	if op, ok := e.(*ObservationOp); ok {
		switch op.Op {
		case "FOLLOWEDBY":
			return 1
		case "OR":
			return 2
		}
		return 3
	}
	return 4
}

func writeExpr(b *strings.Builder, e Expr, min int) {
	if obsPrec(e) < min {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch e := e.(type) {
	case *Observation:
		b.WriteByte('[')
		writeComparison(b, e.Comparison, 0)
		b.WriteByte(']')
	case *ObservationOp:
		p := obsPrec(e)
		writeExpr(b, e.Left, p)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Right, p+1) // left-associative: a right child of equal rank needs parentheses
	case *Qualified:
		writeExpr(b, e.Expr, 4)
		q := e.Qualifier
		switch q.Kind {
		case "WITHIN":
			b.WriteString(" WITHIN " + strconv.FormatFloat(q.Seconds, 'f', -1, 64) + " SECONDS")
		case "REPEATS":
			b.WriteString(" REPEATS " + strconv.FormatInt(q.Times, 10) + " TIMES")
		case "START":
			b.WriteString(" START ")
			writeLiteral(b, q.Start)
			b.WriteString(" STOP ")
			writeLiteral(b, q.Stop)
		}
	}
}

func compPrec(c Comparison) int {
	if op, ok := c.(*ComparisonOp); ok {
		if op.Op == "OR" {
			return 1
		}
		return 2
	}
	return 3
}

func writeComparison(b *strings.Builder, c Comparison, min int) {
	if compPrec(c) < min {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch c := c.(type) {
	case *ComparisonOp:
		p := compPrec(c)
		writeComparison(b, c.Left, p)
		b.WriteString(" " + c.Op + " ")
		writeComparison(b, c.Right, p+1)
	case *Test:
		if c.Op == "EXISTS" {
			b.WriteString("EXISTS ")
			writePath(b, c.Path)
			return
		}
		writePath(b, c.Path)
		if c.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" " + c.Op + " ")
		if c.Op == "IN" {
			b.WriteByte('(')
			for i, v := range c.Set {
				if i > 0 {
					b.WriteString(", ")
				}
				writeLiteral(b, v)
			}
			b.WriteByte(')')
			return
		}
		writeLiteral(b, c.Value)
	}
}

func writePath(b *strings.Builder, p ObjectPath) {
	b.WriteString(p.Type)
	b.WriteByte(':')
	for i, s := range p.Steps {
		switch s.Kind {
		case KeyStep:
			if i > 0 {
				b.WriteByte('.')
			}
			if plainKey(s.Key) {
				b.WriteString(s.Key)
			} else {
				writeString(b, s.Key)
			}
		case IndexStep:
			b.WriteString("[" + strconv.FormatInt(s.Index, 10) + "]")
		case AnyStep:
			b.WriteString("[*]")
		}
	}
}

// plainKey reports whether a key can be written without quotes.
func plainKey(k string) bool {
	if k == "" || !isIdentStart(k[0]) || keywords[k] || k == "true" || k == "false" {
		return false
	}
	if len(k) > 1 && k[1] == '\'' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !isIdentChar(k[i]) || k[i] == '-' {
			return false
		}
	}
	return true
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
}

func formatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func writeLiteral(b *strings.Builder, l Literal) {
	switch l.Kind {
	case StringLit:
		writeString(b, l.Str)
	case IntLit:
		b.WriteString(strconv.FormatInt(l.Int, 10))
	case FloatLit:
		b.WriteString(formatFloat(l.Float))
	case BoolLit:
		b.WriteString(strconv.FormatBool(l.Bool))
	case HexLit:
		b.WriteString("h'" + hex.EncodeToString(l.Bytes) + "'")
	case BinaryLit:
		b.WriteString("b'" + base64.StdEncoding.EncodeToString(l.Bytes) + "'")
	case TimestampLit:
		b.WriteString("t'" + l.Str + "'")
	}
}
