package selector

import (
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
)

// vesselIMO accepts "IMO 9074729", "IMO9074729" or "9074729" and writes
// "IMO9074729" after verifying the check digit: the last digit of the sum
// of the first six digits weighted 7 down to 2.
func vesselIMO(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := strings.ToUpper(e.Value)
	v = strings.TrimSpace(strings.TrimPrefix(v, "IMO"))
	if len(v) != 7 || strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		f.Add("value", fmt.Sprintf("%s is not an IMO number: want IMO and seven digits, such as IMO 9074729", quote(e.Value)))
		return
	}
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(v[i]-'0') * (7 - i)
	}
	if got, want := int(v[6]-'0'), sum%10; got != want {
		f.Add("value", fmt.Sprintf("invalid IMO check digit: got %d, want %d", got, want))
		return
	}
	e.Value = "IMO" + v
}

// container accepts an ISO 6346 container number: a three-letter owner
// code, a category letter (U freight, J detachable equipment, Z trailer or
// chassis), six digits and a check digit, written in upper case without
// spaces or dashes.
func container(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(e.Value))
	ok := len(v) == 11
	for i := 0; ok && i < 11; i++ {
		if i < 4 {
			ok = isUpper(v[i])
		} else {
			ok = isDigit(v[i])
		}
	}
	if !ok {
		f.Add("value", fmt.Sprintf("%s is not a container number: want four letters and seven digits, such as CSQU3054383", quote(e.Value)))
		return
	}
	if c := v[3]; c != 'U' && c != 'J' && c != 'Z' {
		f.Add("value", fmt.Sprintf("%s has category %q; ISO 6346 has U, J and Z", quote(e.Value), rune(c)))
		return
	}
	// Letters count 10 upwards, skipping multiples of 11; position i is
	// weighted 2^i; the sum mod 11 (10 counting as 0) is the check digit.
	sum := 0
	for i := 0; i < 10; i++ {
		n := int(v[i] - '0')
		if isUpper(v[i]) {
			n = int(v[i]-'A') + 10
			n += (n - 1) / 10 // A=10, B=12 ... K=21, L=23 ... U=32, V=34
		}
		sum += n << i
	}
	if got, want := int(v[10]-'0'), sum%11%10; got != want {
		f.Add("value", fmt.Sprintf("invalid container check digit: got %d, want %d", got, want))
		return
	}
	e.Value = v
}
