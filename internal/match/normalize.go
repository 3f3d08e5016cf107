package match

import (
	"net/netip"
	"strings"
)

// NormalizeDomain returns a domain name as the index keeps it: lower case,
// without a trailing dot.
func NormalizeDomain(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	return lowerASCII(s)
}

// NormalizeEmail returns an e-mail address with its domain part lower
// case; the local part is kept as written.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	return s[:at+1] + NormalizeDomain(s[at+1:])
}

// NormalizeHash returns a hash value as the index keeps it: lower-case hex.
func NormalizeHash(s string) string { return lowerASCII(strings.TrimSpace(s)) }

// hash algorithms indexed, by their names with case, hyphens and
// underscores removed.
var hashAlgos = map[string]byte{
	"MD5": 1, "SHA1": 2, "SHA256": 3, "SHA512": 4, "SHA3256": 5, "SHA3512": 6,
}

// hashAlgo returns the number of a hash algorithm name ('SHA-256',
// sha256, SHA_256 alike), 0 for one not indexed.
func hashAlgo(name string) byte {
	if len(name) > 16 {
		return 0
	}
	var buf [16]byte
	k := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		buf[k] = c
		k++
	}
	return hashAlgos[string(buf[:k])]
}

// parsePrefix reads an address or a CIDR block; an address is its own
// one-address block. The block is masked (10.1.2.3/8 is 10.0.0.0/8).
// IPv4-mapped IPv6 addresses are kept as IPv6.
func parsePrefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
