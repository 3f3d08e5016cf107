package selector

import (
	"errors"
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/nyaruka/phonenumbers"
)

// maxPhone bounds what is handed to libphonenumber; a real number written
// with spaces, dashes and an extension is well under it.
const maxPhone = 64

// phone reads the number in the region of e.Country, else in region, and
// writes it in E.164. A number with a leading "+" needs neither.
func phone(e *liaison.Entity, region string, f *liaison.Fields) {
	if len(e.Value) > maxPhone {
		f.Add("value", fmt.Sprintf("a phone number of %d bytes, more than %d", len(e.Value), maxPhone))
		return
	}
	if e.Country != "" {
		region = e.Country
	}
	n, err := phonenumbers.Parse(e.Value, region)
	if err != nil {
		f.Add("value", phoneProblem(e.Value, region, err))
		return
	}
	if !phonenumbers.IsValidNumber(n) {
		where := phonenumbers.GetRegionCodeForNumber(n)
		if where == "" || where == "ZZ" {
			f.Add("value", fmt.Sprintf("%s is not a valid phone number: +%d is not a country calling code in use", quote(e.Value), n.GetCountryCode()))
			return
		}
		f.Add("value", fmt.Sprintf("%s is not a valid phone number in %s (wrong length or a range not in service)", quote(e.Value), where))
		return
	}
	if fictional(n) {
		f.Add("value", fmt.Sprintf("%s is a fictional number: 555-0100 to 555-0199 are reserved for films and examples", quote(e.Value)))
		return
	}
	e.Value = phonenumbers.Format(n, phonenumbers.E164)
}

// fictional reports whether n is in the North American block the NANPA
// reserves for fiction (NXX-555-0100 to 0199). libphonenumber counts them
// valid, but no real selector is one.
func fictional(n *phonenumbers.PhoneNumber) bool {
	sub := n.GetNationalNumber() % 10_000_000
	return n.GetCountryCode() == 1 && sub >= 5_550_100 && sub <= 5_550_199
}

// phoneProblem says in plain words why libphonenumber could not read v.
func phoneProblem(v, region string, err error) string {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		if !strings.HasPrefix(v, "+") && region == "" {
			return fmt.Sprintf("%s has no country calling code (+...) and no country to read it in", quote(v))
		}
		if !strings.HasPrefix(v, "+") {
			return fmt.Sprintf("%s has no country calling code (+...) and %s is not a region with phone numbers", quote(v), quote(region))
		}
		return fmt.Sprintf("%s does not start with a country calling code in use", quote(v))
	case errors.Is(err, phonenumbers.ErrNotANumber):
		return fmt.Sprintf("%s is not a phone number", quote(v))
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return fmt.Sprintf("%s is too short to be a phone number", quote(v))
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return fmt.Sprintf("%s is too long to be a phone number", quote(v))
	}
	return fmt.Sprintf("%s is not a phone number", quote(v))
}
