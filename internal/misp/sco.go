package misp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// scoNamespace is the UUID namespace of deterministic SCO ids (STIX 2.1
// section 2.9 "Cyber-observable Object Identifier").
var scoNamespace = uuid.MustParse("00abedb4-aa42-466c-9c01-fed23315a9b7")

// idProps lists, per SCO type this package writes, its ID contributing
// properties (STIX 2.1 section 6, each type's "ID Contributing
// Properties").
var idProps = map[string][]string{
	"ipv4-addr": {"value"}, "ipv6-addr": {"value"}, "domain-name": {"value"}, "url": {"value"},
	"email-addr": {"value"}, "mac-addr": {"value"}, "mutex": {"name"}, "autonomous-system": {"number"},
	"file":                 {"hashes", "name", "extensions", "parent_directory_ref"},
	"windows-registry-key": {"key", "values"},
	"x509-certificate":     {"hashes", "serial_number"},
	"email-message":        {"from_ref", "subject", "body"},
	"network-traffic":      {"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"},
}

// observables builds the SCOs that state facts, each marked with
// markings, and returns them with their ids: the referenced ones (an
// address a connection goes to) come before the one referring to them.
// Equal SCOs have equal ids, whichever attribute or event gave them.
func observables(facts []fact, markings []string) ([]string, []map[string]any) {
	var (
		ids  []string
		objs []map[string]any
		seen = map[string]bool{}
	)
	add := func(o map[string]any) string {
		id := o["type"].(string) + "--" + scoID(o)
		if !seen[id] {
			seen[id] = true
			o["id"] = id
			o["spec_version"] = "2.1"
			if len(markings) > 0 {
				o["object_marking_refs"] = markings
			}
			ids = append(ids, id)
			objs = append(objs, o)
		}
		return id
	}
	for _, g := range group(facts) {
		o := map[string]any{"type": g[0].sco}
		version := ""
		for _, f := range g {
			switch {
			case f.prop == "hashes":
				h, _ := o["hashes"].(map[string]any)
				if h == nil {
					h = map[string]any{}
					o["hashes"] = h
				}
				h[f.key] = f.str
			case f.ref != "":
				ref := add(map[string]any{"type": f.ref, "value": f.str})
				if isRefList(f.prop) {
					l, _ := o[f.prop].([]string)
					o[f.prop] = append(l, ref)
				} else {
					o[f.prop] = ref
				}
				if f.ref == "ipv4-addr" || f.ref == "ipv6-addr" {
					version = strings.TrimSuffix(f.ref, "-addr")
				}
			case f.isNum:
				o[f.prop] = f.num
			default:
				o[f.prop] = f.str
			}
		}
		// Properties the specification requires that MISP does not state.
		switch g[0].sco {
		case "network-traffic":
			if version == "" {
				version = "tcp"
			}
			o["protocols"] = []string{version}
		case "email-message":
			o["is_multipart"] = false
		}
		add(o)
	}
	return ids, objs
}

// scoID is the name-based UUID (version 5) of an SCO's ID contributing
// properties in canonical JSON (RFC 8785). Of hashes only one counts, the
// first of MD5, SHA-1, SHA-256, SHA-512 present, else the first by name,
// as the specification's reference implementation (cti-python-stix2)
// chooses. An SCO with none of them is named by all its properties, so
// that its id is still stable.
func scoID(o map[string]any) string {
	typ := o["type"].(string)
	c := map[string]any{}
	for _, p := range idProps[typ] {
		v, ok := o[p]
		if !ok {
			continue
		}
		if h, isHash := v.(map[string]any); isHash && p == "hashes" {
			v = oneHash(h)
		}
		c[p] = v
	}
	if len(c) == 0 {
		for k, v := range o {
			if k != "type" && k != "id" && k != "spec_version" && k != "object_marking_refs" {
				c[k] = v
			}
		}
	}
	var b strings.Builder
	canon(&b, c)
	return uuid.NewSHA1(scoNamespace, []byte(b.String())).String()
}

func oneHash(h map[string]any) map[string]any {
	for _, k := range []string{"MD5", "SHA-1", "SHA-256", "SHA-512"} {
		if v, ok := h[k]; ok {
			return map[string]any{k: v}
		}
	}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return h
	}
	return map[string]any{keys[0]: h[keys[0]]}
}

// canon writes v in the JSON Canonicalization Scheme (RFC 8785) for the
// values this package builds: objects (members sorted by name), lists,
// strings, integers and booleans. It is also how Convert writes objects:
// compact, and the same bytes for the same object.
func canon(b *strings.Builder, v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// RFC 8785 sorts by UTF-16 code units; the names here are ASCII.
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			canonString(b, k)
			b.WriteByte(':')
			canon(b, v[k])
		}
		b.WriteByte('}')
	case []string:
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			canonString(b, s)
		}
		b.WriteByte(']')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			canon(b, x)
		}
		b.WriteByte(']')
	case string:
		canonString(b, v)
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case nil:
		b.WriteString("null")
	default:
		panic(fmt.Sprintf("misp: canon of %T", v)) // a value this package never builds
	}
}

// canonString escapes as RFC 8785 section 3.2.2.2 (ECMAScript
// JSON.stringify) does: the two-character escapes, other control
// characters as \u00xx, everything else as is.
func canonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		start = i + 1
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&0xf])
		}
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
