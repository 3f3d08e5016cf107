package stix

import "time"

// ParseTimestamp parses a STIX timestamp: RFC 3339 in UTC,
// "YYYY-MM-DDTHH:MM:SS[.s+]Z" with an upper-case T and Z (STIX 2.1 section
// 2.14). digits is the number of fractional-second digits written, which
// the specification constrains for created and modified (at least 3).
// problem is "" when the timestamp is valid.
func ParseTimestamp(s string) (t time.Time, digits int, problem string) {
	const form = "YYYY-MM-DDTHH:MM:SS"
	if len(s) < len(form)+1 {
		return time.Time{}, 0, "not a timestamp of the form YYYY-MM-DDTHH:MM:SS[.s+]Z"
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	min, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, 0, "not a timestamp of the form YYYY-MM-DDTHH:MM:SS[.s+]Z"
	}
	rest := s[19:]
	nanos := 0
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			if i <= 9 {
				nanos = nanos*10 + int(rest[i]-'0')
			}
			i++
		}
		digits = i - 1
		if digits == 0 {
			return time.Time{}, 0, "no digits after the decimal point"
		}
		for k := digits; k < 9; k++ {
			nanos *= 10
		}
		rest = rest[i:]
	}
	if rest != "Z" {
		return time.Time{}, 0, "not in UTC: must end in Z"
	}
	if month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, 0, "date or time out of range"
	}
	t = time.Date(year, time.Month(month), day, hour, min, sec, nanos, time.UTC)
	if t.Day() != day {
		return time.Time{}, 0, "date out of range"
	}
	return t, digits, ""
}

// FormatTimestamp writes t in UTC with millisecond precision, the form STIX
// requires for created and modified.
func FormatTimestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
