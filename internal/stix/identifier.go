package stix

import "strings"

// ValidType reports why typ is not a valid STIX type name, or "" when it
// is: 3 to 250 characters of a-z, 0-9 and hyphen, no leading, trailing or
// double hyphen (STIX 2.1 section 3.1, "type").
func ValidType(typ string) string {
	if len(typ) < 3 {
		return "shorter than 3 characters"
	}
	if len(typ) > 250 {
		return "longer than 250 characters"
	}
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if i == 0 || i == len(typ)-1 {
				return "starts or ends with a hyphen"
			}
			if typ[i-1] == '-' {
				return "has two hyphens in a row"
			}
		default:
			return "may contain only a-z, 0-9 and hyphen"
		}
	}
	return ""
}

// SplitIdentifier splits a STIX identifier "<type>--<UUID>" into its type
// and UUID. ok is false when there is no "--" separator.
func SplitIdentifier(id string) (typ, uuid string, ok bool) {
	// The type has no double hyphen, so the first "--" separates.
	i := strings.Index(id, "--")
	if i < 0 {
		return "", "", false
	}
	return id[:i], id[i+2:], true
}

// ValidIdentifier reports why id is not a valid STIX identifier, or "" when
// it is: "<type>--<UUID>" with a valid type name and an RFC 4122 UUID
// (STIX 2.1 section 2.9).
func ValidIdentifier(id string) string {
	typ, u, ok := SplitIdentifier(id)
	if !ok {
		return "not an identifier of the form <type>--<UUID>"
	}
	if p := ValidType(typ); p != "" {
		return "type " + quote(typ) + " " + p
	}
	if p := validUUID(u); p != "" {
		return "UUID " + quote(u) + " " + p
	}
	return ""
}

// validUUID checks the RFC 4122 text form: 8-4-4-4-12 hex digits, the
// RFC 4122 variant (10xx). Versions 1 to 5 are RFC 4122's; 6 to 8 come from
// RFC 9562, which obsoletes RFC 4122, and are accepted too (a UUIDv7 is what
// Liaison itself assigns). STIX recommends v4, and v5 for SCOs. Upper-case
// hex digits are accepted, as the OASIS JSON schema does.
func validUUID(u string) string {
	if len(u) != 36 {
		return "is not 36 characters"
	}
	for i := 0; i < 36; i++ {
		c := u[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return "is not in the 8-4-4-4-12 form"
			}
			continue
		}
		if !isHex(c) {
			return "has a character that is not a hex digit"
		}
	}
	if v := u[14]; v < '1' || v > '8' {
		return "has version " + string(v) + ", not 1 to 8"
	}
	switch u[19] {
	case '8', '9', 'a', 'b', 'A', 'B':
	default:
		return "is not of the RFC 4122 variant"
	}
	return ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validPropertyName reports why name is not a valid property name, or "".
// STIX 2.1 section 3.1 and 11.1: a-z, 0-9 and underscore, 3 to 250
// characters; "id" is the one predefined name shorter than that.
func validPropertyName(name string) string {
	if name == "id" {
		return ""
	}
	if len(name) < 3 {
		return "property name shorter than 3 characters"
	}
	if len(name) > 250 {
		return "property name longer than 250 characters"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "property name may contain only a-z, 0-9 and underscore"
		}
	}
	return ""
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}
