package pattern

import (
	"reflect"
	"testing"
)

// FuzzParsePattern checks that Parse never panics, that its errors point
// inside the input, and that every tree it returns prints to a pattern
// that parses to the same tree.
func FuzzParsePattern(f *testing.F) {
	for _, tc := range validPatterns {
		f.Add(tc.in)
	}
	for _, tc := range invalidPatterns {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok {
				t.Fatalf("Parse(%q) error is %T", src, err)
			}
			if se.Offset < 0 || se.Offset > len(src) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("Parse(%q): position %d %d:%d out of range", src, se.Offset, se.Line, se.Column)
			}
			return
		}
		out := String(e)
		e2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its print %q does not parse: %v", src, out, err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("Parse(%q) and Parse(%q) differ", src, out)
		}
	})
}
