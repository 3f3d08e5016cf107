package pattern

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError says where a pattern is wrong and what was expected there.
type SyntaxError struct {
	Offset int    // byte offset in the pattern, from 0
	Line   int    // from 1
	Column int    // in characters, from 1
	Msg    string // what is wrong, e.g. "expected ] or AND or OR, found 'x'"
}

func (e *SyntaxError) Error() string {
	return "pattern " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) +
		" (byte " + strconv.Itoa(e.Offset) + "): " + e.Msg
}

func position(src string, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	before := src[:off]
	line = 1 + strings.Count(before, "\n")
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, 1 + utf8.RuneCountInString(before)
}

func (l *lexer) errAt(off int, msg string) *SyntaxError {
	line, col := position(l.src, off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}
