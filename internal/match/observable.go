package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
)

// Observable is one cyber observable to match: the common shape
// {"type": ..., "value": ...}, a file with hashes, or any STIX SCO as is.
type Observable struct {
	Type  string
	Value string
	// Hashes are a file's hashes, by the algorithm names sent.
	Hashes map[string]string
	// Raw is the JSON text of the observable.
	Raw []byte

	prefix netip.Prefix   // ipv4-addr and ipv6-addr
	obj    map[string]any // the decoded object; nil until object() is called
}

// lineError is a problem with one line.
type lineError string

func (e lineError) Error() string { return string(e) }

// DecodeObservable decodes one observable from its JSON text. The common
// shape {"type":"…","value":"…"} with plain strings is read without
// encoding/json; anything else is decoded by it. The error says what is
// wrong with the text.
func DecodeObservable(line []byte) (Observable, error) {
	line = bytes.TrimSpace(line)
	o := Observable{Raw: line}
	if typ, val, hashes, ok := fastObject(line); ok {
		o.Type, o.Value, o.Hashes = typ, val, hashes
		return o, o.check(true)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return o, lineError("invalid JSON at byte " + itoa(int(syn.Offset)) + ": " + syn.Error())
		case errors.As(err, &typ):
			return o, lineError("not a JSON object")
		}
		return o, lineError("invalid JSON: " + err.Error())
	}
	if m == nil {
		return o, lineError("not a JSON object")
	}
	o.obj = m
	t, ok := m["type"].(string)
	if !ok {
		return o, lineError(`no "type" string`)
	}
	o.Type = t
	_, hasValue := m["value"]
	if v, ok := m["value"].(string); ok {
		o.Value = v
	} else if hasValue && valueTypes[t] {
		return o, lineError(`"value" must be a string`)
	}
	if h, ok := m["hashes"]; ok {
		hm, ok := h.(map[string]any)
		if !ok {
			return o, lineError(`"hashes" must be an object of strings`)
		}
		o.Hashes = make(map[string]string, len(hm))
		for k, v := range hm {
			s, ok := v.(string)
			if !ok {
				return o, lineError(`"hashes"."` + k + `" must be a string`)
			}
			o.Hashes[k] = s
		}
	}
	return o, o.check(false)
}

// valueTypes are the object types whose value is required and indexed.
var valueTypes = map[string]bool{"ipv4-addr": true, "ipv6-addr": true, "domain-name": true, "url": true, "email-addr": true}

func (o *Observable) check(fast bool) error {
	if o.Type == "" {
		return lineError(`empty "type"`)
	}
	if !validType(o.Type) {
		return lineError(`"type" is not a STIX object type: ` + quote(o.Type))
	}
	if valueTypes[o.Type] && o.Value == "" {
		return lineError(`no "value" for ` + o.Type)
	}
	switch o.Type {
	case "ipv4-addr", "ipv6-addr":
		p, ok := parsePrefix(o.Value)
		if !ok || p.Addr().Is4() != (o.Type == "ipv4-addr") {
			fam := "an IPv4"
			if o.Type == "ipv6-addr" {
				fam = "an IPv6"
			}
			return lineError(`"value" is not ` + fam + " address or CIDR block: " + quote(o.Value))
		}
		o.prefix = p
	}
	return nil
}

// validType is STIX's rule for type names, loosely: 1–250 of a-z, 0-9
// and hyphen.
func validType(t string) bool {
	if len(t) > 250 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// object returns the observable as a decoded JSON object.
func (o *Observable) object() map[string]any {
	if o.obj == nil {
		o.obj = map[string]any{"type": o.Type}
		if o.Value != "" {
			o.obj["value"] = o.Value
		}
		if o.Hashes != nil {
			h := make(map[string]any, len(o.Hashes))
			for k, v := range o.Hashes {
				h[k] = v
			}
			o.obj["hashes"] = h
		}
	}
	return o.obj
}

// fastObject reads {"type":"…","value":"…"} (either order, white space
// allowed), and files' {"type":"file","hashes":{"…":"…",…}}, whose
// strings are plain: no escapes, no control characters, ASCII only. ok is
// false for anything else, which the caller decodes with encoding/json.
func fastObject(b []byte) (typ, val string, hashes map[string]string, ok bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return "", "", nil, false
	}
	var haveT, haveV, haveH bool
	i++
	for n := 0; ; n++ {
		i = skipWS(b, i)
		if n > 0 {
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			if i >= len(b) || b[i] != ',' {
				return "", "", nil, false
			}
			i = skipWS(b, i+1)
		}
		k, j, ok := plainBytes(b, i)
		if !ok {
			return "", "", nil, false
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return "", "", nil, false
		}
		i = skipWS(b, i+1)
		if string(k) == "hashes" && !haveH {
			hashes, i, ok = fastHashes(b, i)
			if !ok {
				return "", "", nil, false
			}
			haveH = true
			continue
		}
		v, j, ok := plainBytes(b, i)
		if !ok {
			return "", "", nil, false
		}
		i = j
		switch {
		case string(k) == "type" && !haveT:
			typ, haveT = internType(v), true
		case string(k) == "value" && !haveV:
			val, haveV = string(v), true
		default:
			return "", "", nil, false
		}
	}
	if skipWS(b, i) != len(b) || !haveT {
		return "", "", nil, false
	}
	return typ, val, hashes, true
}

// fastHashes reads an object of plain strings at b[i].
func fastHashes(b []byte, i int) (map[string]string, int, bool) {
	if i >= len(b) || b[i] != '{' {
		return nil, 0, false
	}
	i++
	m := make(map[string]string, 1)
	for n := 0; ; n++ {
		i = skipWS(b, i)
		if i < len(b) && b[i] == '}' && n == 0 {
			return m, i + 1, true
		}
		if n > 0 {
			if i < len(b) && b[i] == '}' {
				return m, i + 1, true
			}
			if i >= len(b) || b[i] != ',' {
				return nil, 0, false
			}
			i = skipWS(b, i+1)
		}
		k, j, ok := plainBytes(b, i)
		if !ok {
			return nil, 0, false
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, 0, false
		}
		v, j, ok := plainBytes(b, skipWS(b, i+1))
		if !ok {
			return nil, 0, false
		}
		if _, dup := m[string(k)]; dup {
			return nil, 0, false
		}
		m[string(k)] = string(v)
		i = j
	}
}

// internType returns the common object types without allocating.
func internType(v []byte) string {
	for _, t := range commonTypes {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

var commonTypes = [...]string{"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file"}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// plainBytes reads a JSON string at b[i] without escapes, control or
// non-ASCII characters; j is the index after its closing quote.
func plainBytes(b []byte, i int) (s []byte, j int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j = i + 1; j < len(b); j++ {
		c := b[j]
		if c == '"' {
			return b[i+1 : j], j + 1, true
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// eachHash calls fn with each hash of an indexed algorithm.
func (o *Observable) eachHash(fn func(algo byte, hex string)) {
	for k, v := range o.Hashes {
		if a := hashAlgo(k); a != 0 {
			fn(a, v)
		}
	}
}
