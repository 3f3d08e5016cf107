package pattern

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type kind int

const (
	tEOF       kind = iota
	tPunct          // [ ] ( ) : . , * and comparison operators
	tKeyword        // AND OR NOT ...
	tIdent          // name, may contain hyphens
	tString         // '...'
	tInt            // [+-]?digits
	tFloat          // [+-]?digits?.digits
	tBool           // true false
	tHex            // h'..'
	tBinary         // b'..'
	tTimestamp      // t'..'
)

type token struct {
	kind kind
	text string // the token as written
	val  string // decoded string literal, or the inside of h'' b'' t''
	pos  int
}

// keywords of the STIX 2.1 grammar; upper case only.
var keywords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "FOLLOWEDBY": true, "LIKE": true,
	"MATCHES": true, "ISSUPERSET": true, "ISSUBSET": true, "EXISTS": true,
	"LAST": true, "IN": true, "START": true, "STOP": true, "SECONDS": true,
	"WITHIN": true, "REPEATS": true, "TIMES": true,
}

type lexer struct {
	src  string
	toks []token
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }

// skipSpace skips white space (the grammar's WS set) and comments.
func (l *lexer) skipSpace(i int) (int, *SyntaxError) {
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f':
			i++
		case c == '/' && i+1 < len(l.src) && l.src[i+1] == '*':
			end := strings.Index(l.src[i+2:], "*/")
			if end < 0 {
				return i, l.errAt(i, "comment not closed: expected */")
			}
			i += end + 4
		case c == '/' && i+1 < len(l.src) && l.src[i+1] == '/':
			for i < len(l.src) && l.src[i] != '\n' && l.src[i] != '\r' {
				i++
			}
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(l.src[i:])
			if !isUnicodeSpace(r) {
				return i, nil
			}
			i += n
		default:
			return i, nil
		}
	}
	return i, nil
}

func isUnicodeSpace(r rune) bool {
	switch r {
	case 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func (l *lexer) run() *SyntaxError {
	i := 0
	for {
		var err *SyntaxError
		if i, err = l.skipSpace(i); err != nil {
			return err
		}
		if i >= len(l.src) {
			l.toks = append(l.toks, token{kind: tEOF, pos: i})
			return nil
		}
		start := i
		c := l.src[i]
		switch {
		case (c == 'h' || c == 'b' || c == 't') && i+1 < len(l.src) && l.src[i+1] == '\'':
			end := strings.IndexByte(l.src[i+2:], '\'')
			if end < 0 {
				return l.errAt(i, "literal not closed: expected '")
			}
			k := tTimestamp
			switch c {
			case 'h':
				k = tHex
			case 'b':
				k = tBinary
			}
			i += end + 3
			l.toks = append(l.toks, token{kind: k, text: l.src[start:i], val: l.src[start+2 : i-1], pos: start})
		case isIdentStart(c):
			for i < len(l.src) && isIdentChar(l.src[i]) {
				i++
			}
			w := l.src[start:i]
			k := tIdent
			if keywords[w] {
				k = tKeyword
			} else if w == "true" || w == "false" {
				k = tBool
			}
			l.toks = append(l.toks, token{kind: k, text: w, pos: start})
		case c == '\'':
			var b strings.Builder
			i++
			closed := false
			for i < len(l.src) {
				ch := l.src[i]
				if ch == '\\' {
					if i+1 < len(l.src) && (l.src[i+1] == '\'' || l.src[i+1] == '\\') {
						b.WriteByte(l.src[i+1])
						i += 2
						continue
					}
					return l.errAt(i, `invalid escape in string: only \' and \\ are allowed`)
				}
				if ch == '\'' {
					i++
					closed = true
					break
				}
				b.WriteByte(ch)
				i++
			}
			if !closed {
				return l.errAt(start, "string not closed: expected '")
			}
			l.toks = append(l.toks, token{kind: tString, text: l.src[start:i], val: b.String(), pos: start})
		case isDigit(c) || c == '.' && i+1 < len(l.src) && isDigit(l.src[i+1]) ||
			(c == '+' || c == '-') && i+1 < len(l.src) && (isDigit(l.src[i+1]) || l.src[i+1] == '.'):
			if c == '+' || c == '-' {
				i++
			}
			ds := i
			for i < len(l.src) && isDigit(l.src[i]) {
				i++
			}
			k := tInt
			if i < len(l.src) && l.src[i] == '.' {
				i++
				fs := i
				for i < len(l.src) && isDigit(l.src[i]) {
					i++
				}
				if i == fs {
					return l.errAt(i, "expected a digit after the decimal point")
				}
				k = tFloat
			} else if i-ds > 1 && l.src[ds] == '0' {
				return l.errAt(ds, "an integer may not start with 0")
			}
			l.toks = append(l.toks, token{kind: k, text: l.src[start:i], pos: start})
		default:
			op := ""
			for _, p := range []string{"==", "!=", "<>", "<=", ">=", "=", "<", ">", "[", "]", "(", ")", ":", ".", ",", "*"} {
				if strings.HasPrefix(l.src[i:], p) {
					op = p
					break
				}
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(l.src[i:])
				return l.errAt(i, fmt.Sprintf("unexpected character %q", r))
			}
			i += len(op)
			l.toks = append(l.toks, token{kind: tPunct, text: op, pos: start})
		}
	}
}
