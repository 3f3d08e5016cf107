package liaison

import "regexp"

// A party code names a country or organisation that signs arrangements:
// lower-case letters, two to eight of them ("in", "ca", "europol").
var partyCode = regexp.MustCompile(`^[a-z]{2,8}$`)

// ValidParty reports whether code is a well-formed party code.
func ValidParty(code string) bool { return partyCode.MatchString(code) }

// Agency is an organisation inside a party (NCB, CBSA, CERT-In, ...).
// Code is unique within the party and is how officers address it.
type Agency struct {
	Party string `json:"party"`
	Code  string `json:"code"`
	Name  string `json:"name"`
}

var agencyCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ValidAgencyCode reports whether code is a well-formed agency code:
// lower-case letters, digits and dashes, at most 32.
func ValidAgencyCode(code string) bool { return agencyCode.MatchString(code) }
