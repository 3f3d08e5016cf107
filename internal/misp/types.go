package misp

import (
	"net/netip"
	"strconv"
	"strings"
)

// fact is one property of one cyber observable that a MISP value states:
// "file:hashes.'MD5' is 0123...". A MISP attribute gives one or more; an
// indicator's pattern compares them, an observable is built from them.
type fact struct {
	sco   string // SCO type: file, ipv4-addr, network-traffic, ...
	prop  string // value, name, hashes, size, dst_port, dst_ref, resolves_to_refs, ...
	key   string // the hash algorithm, for hashes
	op    string // "=" or ISSUBSET (an address range)
	str   string
	num   int64
	isNum bool
	// ref is, for *_ref and *_refs, the type of the referenced SCO,
	// whose value str is.
	ref string
}

// hashKeys maps MISP hash types to STIX hash algorithm names (STIX 2.1
// section 10.7 hash-algorithm-ov; SHA-224 and SHA-384 are outside the
// vocabulary, which is open).
var hashKeys = map[string]struct {
	key    string
	hexLen int // 0: not checked
}{
	"md5": {"MD5", 32}, "sha1": {"SHA-1", 40}, "sha224": {"SHA-224", 56}, "sha256": {"SHA-256", 64},
	"sha384": {"SHA-384", 96}, "sha512": {"SHA-512", 128}, "sha3-256": {"SHA3-256", 64},
	"sha3-512": {"SHA3-512", 128}, "ssdeep": {"SSDEEP", 0}, "tlsh": {"TLSH", 0},
}

// factsOf returns the facts a MISP attribute of type typ and value v
// states, or the reason there are none (an unknown type, a malformed
// value). The table is the single place a MISP type is mapped.
func factsOf(typ, v string) ([]fact, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, "empty value"
	}
	if h, ok := hashKeys[typ]; ok {
		return hashFact("file", h.key, h.hexLen, v)
	}
	if name, ok := strings.CutPrefix(typ, "filename|"); ok {
		h, ok := hashKeys[name]
		if !ok {
			return nil, "no STIX mapping for type " + typ
		}
		i := strings.LastIndexByte(v, '|')
		if i < 0 {
			return nil, "want filename|" + name
		}
		fs, why := hashFact("file", h.key, h.hexLen, v[i+1:])
		if why != "" {
			return nil, why
		}
		return append([]fact{{sco: "file", prop: "name", str: v[:i]}}, fs...), ""
	}
	if alg, ok := strings.CutPrefix(typ, "x509-fingerprint-"); ok {
		if h, ok := hashKeys[alg]; ok {
			return hashFact("x509-certificate", h.key, h.hexLen, v)
		}
	}
	switch typ {
	case "ip-src", "ip-dst":
		f, why := ipFact(v)
		return []fact{f}, why
	case "domain", "hostname":
		return []fact{{sco: "domain-name", prop: "value", str: v}}, ""
	case "url", "uri":
		return []fact{{sco: "url", prop: "value", str: v}}, ""
	case "email", "email-src", "email-dst":
		if !strings.Contains(v, "@") {
			return nil, "not an e-mail address"
		}
		return []fact{{sco: "email-addr", prop: "value", str: v}}, ""
	case "email-subject":
		return []fact{{sco: "email-message", prop: "subject", str: v}}, ""
	case "filename":
		return []fact{{sco: "file", prop: "name", str: v}}, ""
	case "size-in-bytes":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, "not a size in bytes"
		}
		return []fact{{sco: "file", prop: "size", num: n, isNum: true}}, ""
	case "mutex":
		return []fact{{sco: "mutex", prop: "name", str: v}}, ""
	case "mac-address":
		return []fact{{sco: "mac-addr", prop: "value", str: strings.ToLower(v)}}, ""
	case "AS":
		n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(v), "AS"), 10, 64)
		if err != nil || n < 0 || n > 1<<32-1 {
			return nil, "not an autonomous system number"
		}
		return []fact{{sco: "autonomous-system", prop: "number", num: n, isNum: true}}, ""
	case "regkey":
		return []fact{{sco: "windows-registry-key", prop: "key", str: v}}, ""
	case "port":
		n, ok := port(v)
		if !ok {
			return nil, "not a port number"
		}
		return []fact{{sco: "network-traffic", prop: "dst_port", num: n, isNum: true}}, ""
	case "ip-src|port", "ip-dst|port":
		side := strings.TrimSuffix(strings.TrimPrefix(typ, "ip-"), "|port")
		i := strings.LastIndexByte(v, '|')
		if i < 0 {
			return nil, "want address|port"
		}
		ip, why := ipFact(v[:i])
		if why != "" {
			return nil, why
		}
		if ip.op != "=" {
			return nil, "an address range cannot be a connection end"
		}
		n, ok := port(v[i+1:])
		if !ok {
			return nil, "not a port number"
		}
		return []fact{{sco: "network-traffic", prop: side + "_ref", ref: ip.sco, str: ip.str},
			{sco: "network-traffic", prop: side + "_port", num: n, isNum: true}}, ""
	case "hostname|port":
		i := strings.LastIndexByte(v, '|')
		if i < 0 {
			return nil, "want hostname|port"
		}
		n, ok := port(v[i+1:])
		if !ok {
			return nil, "not a port number"
		}
		return []fact{{sco: "network-traffic", prop: "dst_ref", ref: "domain-name", str: v[:i]},
			{sco: "network-traffic", prop: "dst_port", num: n, isNum: true}}, ""
	case "domain|ip":
		i := strings.IndexByte(v, '|')
		if i < 0 {
			return nil, "want domain|ip"
		}
		ip, why := ipFact(v[i+1:])
		if why != "" {
			return nil, why
		}
		if ip.op != "=" {
			return nil, "a domain resolves to addresses, not ranges"
		}
		return []fact{{sco: "domain-name", prop: "value", str: v[:i]},
			{sco: "domain-name", prop: "resolves_to_refs", ref: ip.sco, str: ip.str}}, ""
	}
	return nil, "no STIX mapping for type " + typ
}

func hashFact(sco, key string, hexLen int, v string) ([]fact, string) {
	v = strings.TrimSpace(v)
	if hexLen > 0 {
		if len(v) != hexLen || strings.Trim(strings.ToLower(v), "0123456789abcdef") != "" {
			return nil, "not a " + key + " hash (" + strconv.Itoa(hexLen) + " hexadecimal digits)"
		}
		v = strings.ToLower(v)
	}
	if v == "" {
		return nil, "empty hash"
	}
	return []fact{{sco: sco, prop: "hashes", key: key, str: v}}, ""
}

// ipFact reads an address (ipv4-addr or ipv6-addr, "=") or a CIDR range
// (ISSUBSET, STIX 2.1 section 9.5, the pattern operator for ranges).
func ipFact(v string) (fact, string) {
	v = strings.TrimSpace(v)
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return fact{}, "not an IP address or CIDR range"
		}
		sco := "ipv4-addr"
		if !p.Addr().Is4() {
			sco = "ipv6-addr"
		}
		op := "ISSUBSET"
		if p.IsSingleIP() {
			op = "="
		}
		return fact{sco: sco, prop: "value", op: op, str: v}, ""
	}
	a, err := netip.ParseAddr(v)
	if err != nil || a.Zone() != "" {
		return fact{}, "not an IP address or CIDR range"
	}
	sco := "ipv4-addr"
	if !a.Is4() {
		sco = "ipv6-addr"
	}
	return fact{sco: sco, prop: "value", op: "=", str: v}, ""
}

func port(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n >= 0 && n <= 65535
}
