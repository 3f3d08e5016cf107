package selector

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
	"golang.org/x/text/unicode/norm"
)

// personName trims the name, collapses inner whitespace and composes it
// (NFC), so that the same name typed on two keyboards compares equal.
func personName(e *liaison.Entity, _ string, f *liaison.Fields) {
	if strings.ContainsFunc(e.Value, notSpaceControl) {
		f.Add("value", "contains a control character")
		return
	}
	v := norm.NFC.String(strings.Join(strings.Fields(e.Value), " "))
	if n := utf8.RuneCountInString(v); n > 200 {
		f.Add("value", fmt.Sprintf("a name of %d characters, more than 200", n))
		return
	}
	e.Value = v
}

func notSpaceControl(r rune) bool { return unicode.IsControl(r) && !unicode.IsSpace(r) }
