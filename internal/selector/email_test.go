package selector

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeEmail(t *testing.T) {
	m := liaison.EntityEmail
	runNormalize(t, []normalizeTest{
		{name: "OK", in: ent(m, "ops@example.com"), want: ent(m, "ops@example.com")},
		{name: "OKDomainLowered", in: ent(m, "Ops.Desk@Example.GOV.in"), want: ent(m, "Ops.Desk@example.gov.in")},
		{name: "OKPlus", in: ent(m, "a+tag@mail.example.ca"), want: ent(m, "a+tag@mail.example.ca")},
		{name: "ErrTrailingDot", in: ent(m, "a@example.com."), errs: valueErr("is not an e-mail address")},
		{name: "OKIDN", in: ent(m, "kontakt@Bücher.example"), want: ent(m, "kontakt@xn--bcher-kva.example")},
		{name: "ErrDisplayName", in: ent(m, "Ops Desk <ops@example.com>"), errs: valueErr(`is not a bare e-mail address; give only the address, such as "ops@example.com"`)},
		{name: "ErrAngle", in: ent(m, "<ops@example.com>"), errs: valueErr("is not a bare e-mail address")},
		{name: "ErrNoAt", in: ent(m, "ops.example.com"), errs: valueErr(`"ops.example.com" is not an e-mail address`)},
		{name: "ErrTwoAddresses", in: ent(m, "a@example.com, b@example.com"), errs: valueErr("is not an e-mail address")},
		{name: "ErrOneLabel", in: ent(m, "root@localhost"), errs: valueErr("has one label")},
		{name: "ErrLiteral", in: ent(m, "a@[192.0.2.1]"), errs: valueErr("address literal")},
		{name: "ErrUnderscore", in: ent(m, "a@ex_ample.com"), errs: valueErr("the domain of")},
		{name: "ErrLong", in: ent(m, strings.Repeat("a", 64)+"@"+strings.Repeat("b", 63)+"."+strings.Repeat("c", 63)+"."+strings.Repeat("d", 63)+".com"),
			errs: valueErr("more than 254")},
	})
}
