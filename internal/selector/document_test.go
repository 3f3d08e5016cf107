package selector

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeDocuments(t *testing.T) {
	p, c := liaison.EntityPassport, liaison.EntityCompany
	runNormalize(t, []normalizeTest{
		{name: "OKPassport", in: entC(p, "z1234567", "in"), want: entC(p, "Z1234567", "IN")},
		{name: "OKPassportSpaced", in: entC(p, "AB 123456", "CA"), want: entC(p, "AB123456", "CA")},
		{name: "ErrPassportCountry", in: ent(p, "Z1234567"),
			errs: []liaison.FieldError{{Field: "country", Problem: "required: the country that issued the passport"}}},
		{name: "ErrPassportShort", in: entC(p, "Z12", "IN"), errs: valueErr("a passport number has 5 to 20 letters and digits")},
		{name: "ErrPassportLong", in: entC(p, strings.Repeat("9", 21), "IN"), errs: valueErr("has 21")},
		{name: "ErrPassportChar", in: entC(p, "Z-1234567", "IN"), errs: valueErr(`has '-'`)},
		{name: "OKCompanyCIN", in: entC(c, "l17110mh1973plc019786", "IN"), want: entC(c, "L17110MH1973PLC019786", "IN")},
		{name: "OKCompanySpaces", in: entC(c, "  1234567-8   BC  ", "CA"), want: entC(c, "1234567-8 BC", "CA")},
		{name: "ErrCompanyCountry", in: ent(c, "123"),
			errs: []liaison.FieldError{{Field: "country", Problem: "required: the country that issued the registration"}}},
		{name: "ErrCompanyLong", in: entC(c, strings.Repeat("A", 65), "IN"), errs: valueErr("a registration number of 65 characters, more than 64")},
		{name: "ErrCompanyControl", in: entC(c, "12\x0034", "IN"), errs: valueErr("control character")},
	})
}
