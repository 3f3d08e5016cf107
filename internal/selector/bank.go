package selector

import (
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
)

// bankAccount accepts an IBAN, verified by its ISO 13616 check digits and
// written without spaces in upper case, or a national account number of 5
// to 34 letters and digits (spaces and dashes dropped) with its country.
func bankAccount(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(e.Value))
	if looksLikeIBAN(v) {
		iban(e, v, f)
		return
	}
	requireCountry(e, "account", f)
	if len(v) < 5 || len(v) > 34 {
		f.Add("value", fmt.Sprintf("an account number has 5 to 34 letters and digits, %s has %d", quote(e.Value), len(v)))
		return
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return !isAlnum(r) }); i >= 0 {
		f.Add("value", fmt.Sprintf("%s has %q; an account number has only letters and digits", quote(e.Value), []rune(v[i:])[0]))
		return
	}
	e.Value = v
}

// looksLikeIBAN reports whether v starts as an IBAN does: a country code
// and two check digits.
func looksLikeIBAN(v string) bool {
	return len(v) >= 4 && isUpper(v[0]) && isUpper(v[1]) && isDigit(v[2]) && isDigit(v[3])
}

func iban(e *liaison.Entity, v string, f *liaison.Fields) {
	if len(v) < 15 || len(v) > 34 {
		f.Add("value", fmt.Sprintf("an IBAN has 15 to 34 characters, %s has %d", quote(e.Value), len(v)))
		return
	}
	// ISO 13616: move the first four characters to the end, read letters
	// as 10..35, and the number mod 97 must be 1.
	rearranged := v[4:] + v[:4]
	rem := 0
	for i := 0; i < len(rearranged); i++ {
		c := rearranged[i]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			f.Add("value", fmt.Sprintf("%s has %q; an IBAN has only letters and digits", quote(e.Value), rune(c)))
			return
		}
	}
	if rem != 1 {
		f.Add("value", fmt.Sprintf("invalid IBAN check digits in %s: the remainder mod 97 is %d, want 1", quote(e.Value), rem))
		return
	}
	if e.Country != "" && e.Country != v[:2] {
		f.Add("country", fmt.Sprintf("%s does not match the IBAN's country %s", e.Country, v[:2]))
		return
	}
	e.Value, e.Country = v, v[:2]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isAlnum(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' }
