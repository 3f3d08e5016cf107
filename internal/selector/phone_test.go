package selector

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizePhone(t *testing.T) {
	p := liaison.EntityPhone
	runNormalize(t, []normalizeTest{
		{name: "OKIndiaMobile", in: ent(p, "+91 98765 43210"), want: ent(p, "+919876543210")},
		{name: "OKIndiaNational", in: ent(p, "098765-43210"), want: ent(p, "+919876543210")},
		{name: "OKIndiaBare", in: ent(p, "9876543210"), want: ent(p, "+919876543210")},
		{name: "OKInternationalPrefix", in: ent(p, "0044 20 7946 0958"), want: ent(p, "+442079460958")},
		{name: "OKCanadaInternationalPrefix", in: ent(p, "011 91 98765 43210"), region: "CA", want: ent(p, "+919876543210")},
		{name: "OKCanadaByCountry", in: entC(p, "(613) 992-4211", "ca"), want: entC(p, "+16139924211", "CA")},
		{name: "OKCanadaByRegion", in: ent(p, "613.992.4211"), region: "ca", want: ent(p, "+16139924211")},
		{name: "OKCanadaE164", in: ent(p, "+1 613 992 4211"), want: ent(p, "+16139924211")},
		{name: "OKCountryIgnoredWithPlus", in: entC(p, "+91 98765 43210", "CA"), want: entC(p, "+919876543210", "CA")},
		{name: "OKUK", in: ent(p, "+44 20 7946 0958"), want: ent(p, "+442079460958")},
		{name: "ErrFictional555", in: entC(p, "613-555-0100", "CA"), errs: valueErr(`"613-555-0100" is a fictional number: 555-0100 to 555-0199 are reserved for films and examples`)},
		{name: "ErrFictional555US", in: ent(p, "+1 202 555 0199"), errs: valueErr("is a fictional number")},
		{name: "OK555NotFictional", in: ent(p, "+1 613 555 0200"), want: ent(p, "+16135550200")},
		{name: "ErrIndiaShort", in: ent(p, "98765 4321"), errs: valueErr("is not a valid phone number in IN")},
		{name: "ErrIndiaLong", in: ent(p, "+91 98765 432109"), errs: valueErr("not a valid phone number in IN")},
		{name: "ErrNoRegion", in: ent(p, "98765 43210"), region: " ", errs: valueErr("has no country calling code (+...) and no country to read it in")},
		{name: "ErrRegionUnknown", in: ent(p, "98765 43210"), region: "XQ", errs: valueErr(`"XQ" is not a region with phone numbers`)},
		{name: "ErrCallingCode", in: ent(p, "+999 1234 5678"), errs: valueErr("does not start with a country calling code in use")},
		{name: "ErrLetters", in: ent(p, "call me"), errs: valueErr(`"call me" is not a phone number`)},
		{name: "ErrTooShort", in: ent(p, "+9"), errs: valueErr("")},
		{name: "ErrTooLong", in: ent(p, strings.Repeat("1", 65)), errs: valueErr("a phone number of 65 bytes, more than 64")},
	})
}
