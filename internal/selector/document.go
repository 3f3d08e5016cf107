package selector

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/liaison-project/liaison"
)

// passport accepts a passport number of 5 to 20 letters and digits (spaces
// dropped), upper-cased, with its issuing country.
func passport(e *liaison.Entity, _ string, f *liaison.Fields) {
	requireCountry(e, "passport", f)
	v := strings.ToUpper(strings.ReplaceAll(e.Value, " ", ""))
	if len(v) < 5 || len(v) > 20 {
		f.Add("value", fmt.Sprintf("a passport number has 5 to 20 letters and digits, %s has %d", quote(e.Value), len(v)))
		return
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return !isAlnum(r) }); i >= 0 {
		f.Add("value", fmt.Sprintf("%s has %q; a passport number has only letters and digits", quote(e.Value), []rune(v[i:])[0]))
		return
	}
	e.Value = v
}

// company accepts a registration number (India's CIN, a Canadian
// corporation number, ...) of 1 to 64 characters with its country. The
// forms differ too much between registries to check more; the number is
// upper-cased with single spaces so that copies compare equal.
func company(e *liaison.Entity, _ string, f *liaison.Fields) {
	requireCountry(e, "registration", f)
	if strings.ContainsFunc(e.Value, unicode.IsControl) {
		f.Add("value", "contains a control character")
		return
	}
	v := strings.ToUpper(strings.Join(strings.Fields(e.Value), " "))
	if n := len([]rune(v)); n > 64 {
		f.Add("value", fmt.Sprintf("a registration number of %d characters, more than 64", n))
		return
	}
	e.Value = v
}
