package selector

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeBankAccount(t *testing.T) {
	b := liaison.EntityBankAccount
	runNormalize(t, []normalizeTest{
		{name: "OKIBAN", in: ent(b, "GB82WEST12345698765432"), want: entC(b, "GB82WEST12345698765432", "GB")},
		{name: "OKIBANSpaced", in: ent(b, "gb82 west 1234 5698 7654 32"), want: entC(b, "GB82WEST12345698765432", "GB")},
		{name: "OKIBANCountry", in: entC(b, "DE89 3704 0044 0532 0130 00", "de"), want: entC(b, "DE89370400440532013000", "DE")},
		{name: "OKNational", in: entC(b, "12345-003-1234567", "CA"), want: entC(b, "123450031234567", "CA")},
		{name: "OKNationalIndia", in: entC(b, "50100012345678", "IN"), want: entC(b, "50100012345678", "IN")},
		{name: "ErrIBANCheck", in: ent(b, "GB82WEST12345698765433"), errs: valueErr("invalid IBAN check digits in \"GB82WEST12345698765433\": the remainder mod 97 is")},
		{name: "ErrIBANSwapped", in: ent(b, "GB82WEST12345698765423"), errs: valueErr("invalid IBAN check digits")},
		{name: "ErrIBANShort", in: ent(b, "GB82WEST1234"), errs: valueErr("an IBAN has 15 to 34 characters")},
		{name: "ErrIBANChar", in: ent(b, "GB82WEST1234569876543/"), errs: valueErr("an IBAN has only letters and digits")},
		{name: "ErrIBANCountryMismatch", in: entC(b, "GB82WEST12345698765432", "IN"),
			errs: []liaison.FieldError{{Field: "country", Problem: "IN does not match the IBAN's country GB"}}},
		{name: "ErrNationalNoCountry", in: ent(b, "50100012345678"),
			errs: []liaison.FieldError{{Field: "country", Problem: "required: the country that issued the account"}}},
		{name: "ErrNationalShort", in: entC(b, "1234", "IN"), errs: valueErr("an account number has 5 to 34 letters and digits")},
		{name: "ErrNationalChar", in: entC(b, "1234.5678", "IN"), errs: valueErr(`has '.'`)},
	})
}
