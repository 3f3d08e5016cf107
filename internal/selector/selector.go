// Package selector validates selectors, the identifiers in a message worth
// matching across parties (phone numbers, e-mail addresses, wallets, ...),
// and puts them in one canonical form, so that the same phone number
// written "+91 98765 43210" by one officer and "098765 43210" by another is
// stored, compared and matched as "+919876543210".
//
// # Canonical forms
//
//	phone         E.164: +919876543210
//	email         local part as given, domain lower-case ASCII: Ops@example.com
//	crypto_wallet Bitcoin base58 as given, bech32 lower-case, Ethereum 0x + lower-case hex, Tron as given
//	bank_account  IBAN upper-case without spaces (checked), or national number upper-case alphanumerics
//	passport      upper-case alphanumerics
//	company       registration number upper-case, single spaces
//	vessel_imo    IMO9074729 (check digit verified)
//	container     CSQU3054383 (ISO 6346 check digit verified)
//	ip            netip's form: 192.0.2.1, 2001:db8::1 (IPv4-mapped IPv6 as IPv4)
//	domain        lower-case ASCII (IDNA), no trailing dot
//	url           scheme and host lower-case
//	person_name   trimmed, single spaces, NFC
//
// Country codes are ISO 3166-1 alpha-2, upper-cased.
package selector

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
)

// MaxEntities is how many entities one message may carry.
const MaxEntities = 200

// Limits on the free parts of an entity.
const (
	maxValue = 4096 // bytes, before any kind-specific limit
	maxLabel = 200  // characters
)

// Roles lists the subject categories an entity's Role may name.
var Roles = []string{"suspect", "victim", "witness", "other"}

// A normalizer checks e.Value (and e.Country where the kind needs it) and
// rewrites them in canonical form, recording problems in f under the
// entity's own field names ("value", "country").
type normalizer func(e *liaison.Entity, region string, f *liaison.Fields)

var normalizers = map[liaison.EntityKind]normalizer{
	liaison.EntityPhone:        phone,
	liaison.EntityEmail:        email,
	liaison.EntityCryptoWallet: wallet,
	liaison.EntityBankAccount:  bankAccount,
	liaison.EntityPassport:     passport,
	liaison.EntityCompany:      company,
	liaison.EntityVesselIMO:    vesselIMO,
	liaison.EntityContainer:    container,
	liaison.EntityIP:           ip,
	liaison.EntityDomain:       domain,
	liaison.EntityURL:          webURL,
	liaison.EntityPersonName:   personName,
}

// Normalize validates e for its kind and returns it in canonical form.
// region is the sending party's ISO 3166-1 region ("IN", "CA"), used to
// read a national phone number when e.Country is empty.
//
// It returns a zero Entity and an EINVALID [*liaison.Error] whose fields
// ("kind", "value", "country", "role", "label") say what is wrong in plain
// words.
func Normalize(e liaison.Entity, region string) (liaison.Entity, error) {
	var f liaison.Fields
	out := normalize(e, region, &f)
	if err := f.Err(); err != nil {
		return liaison.Entity{}, err
	}
	return out, nil
}

// NormalizeAll normalises every entity of a message. It returns one EINVALID
// error that lists the problems of every bad entity, with field names such
// as "entities[3].value", or an error naming "entities" when there are more
// than [MaxEntities].
func NormalizeAll(es []liaison.Entity, region string) ([]liaison.Entity, error) {
	if len(es) > MaxEntities {
		var f liaison.Fields
		f.Add("entities", fmt.Sprintf("%d entities, more than the limit of %d", len(es), MaxEntities))
		return nil, f.Err()
	}
	var all liaison.Fields
	out := make([]liaison.Entity, len(es))
	for i, e := range es {
		var f liaison.Fields
		out[i] = normalize(e, region, &f)
		all.Prefix(fmt.Sprintf("entities[%d]", i), f.Err())
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func normalize(e liaison.Entity, region string, f *liaison.Fields) liaison.Entity {
	normalizeCountry(&e, f)
	if e.Role != "" && !slices.Contains(Roles, e.Role) {
		f.Add("role", "unknown role "+quote(e.Role), Roles...)
	}
	if problem := freeText(e.Label, maxLabel); problem != "" {
		f.Add("label", problem)
	}
	n, ok := normalizers[e.Kind]
	switch {
	case !ok:
		kinds := make([]string, len(liaison.EntityKinds))
		for i, k := range liaison.EntityKinds {
			kinds[i] = string(k)
		}
		f.Add("kind", "unknown entity kind "+quote(string(e.Kind)), kinds...)
	case !utf8.ValidString(e.Value):
		f.Add("value", "not valid UTF-8")
	case len(e.Value) > maxValue:
		f.Add("value", fmt.Sprintf("longer than %d bytes", maxValue))
	case strings.TrimSpace(e.Value) == "":
		f.Add("value", "required")
	default:
		e.Value = strings.TrimSpace(e.Value)
		n(&e, strings.ToUpper(strings.TrimSpace(region)), f)
	}
	return e
}

// normalizeCountry upper-cases a two-letter country code or reports it.
func normalizeCountry(e *liaison.Entity, f *liaison.Fields) {
	if e.Country == "" {
		return
	}
	c := strings.ToUpper(e.Country)
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		f.Add("country", quote(e.Country)+" is not an ISO 3166-1 alpha-2 country code (two letters, such as IN or CA)")
		return
	}
	e.Country = c
}

// requireCountry records that kind needs a country when e has none.
func requireCountry(e *liaison.Entity, what string, f *liaison.Fields) {
	if e.Country == "" {
		f.Add("country", "required: the country that issued the "+what)
	}
}

// freeText says what is wrong with optional free text, or returns "".
func freeText(s string, max int) string {
	switch {
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("longer than %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	}
	return ""
}

// quote quotes s for an error message, shortened so that a hostile value
// cannot make the message huge.
func quote(s string) string {
	if len(s) > 64 {
		i := 64
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "..."
	}
	return fmt.Sprintf("%q", s)
}
