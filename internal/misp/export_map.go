package misp

import (
	"encoding/json"
	"strconv"

	"github.com/liaison-project/liaison/internal/stix/pattern"
)

// pathTypes maps the object paths of one-comparison patterns to the MISP
// attribute type stating them; the inverse of the simple rows of
// factsOf. Hash paths are handled apart.
var pathTypes = map[string]string{
	"ipv4-addr:value": "ip-dst", "ipv6-addr:value": "ip-dst", "domain-name:value": "domain", "url:value": "url",
	"email-addr:value": "email", "email-message:subject": "email-subject", "file:name": "filename",
	"file:size": "size-in-bytes", "mutex:name": "mutex", "mac-addr:value": "mac-address",
	"autonomous-system:number": "AS", "windows-registry-key:key": "regkey", "network-traffic:dst_port": "port",
}

// hashTypes is hashKeys the other way: STIX algorithm to MISP type.
var hashTypes = func() map[string]string {
	m := map[string]string{}
	for t, h := range hashKeys {
		m[h.key] = t
	}
	return m
}()

// simplePattern reads an indicator whose STIX pattern is one comparison
// with = (or ISSUBSET on an address) of a path a MISP type states.
func simplePattern(o *stixObj) (typ, value, why string) {
	if o.PatternType != "stix" {
		return "", "", "pattern_type " + o.PatternType + " has no MISP form"
	}
	e, err := pattern.Parse(o.Pattern)
	if err != nil {
		return "", "", "pattern: " + err.Error()
	}
	obs, ok := e.(*pattern.Observation)
	if !ok {
		return "", "", "a pattern of more than one observation has no MISP attribute form"
	}
	t, ok := obs.Comparison.(*pattern.Test)
	if !ok || t.Not || len(t.Path.Steps) == 0 {
		return "", "", "a pattern of more than one comparison has no MISP attribute form"
	}
	path := t.Path.Type + ":" + t.Path.Steps[0].Key
	switch {
	case len(t.Path.Steps) == 2 && t.Path.Steps[0].Key == "hashes" && (t.Path.Type == "file" || t.Path.Type == "x509-certificate"):
		typ = hashTypes[t.Path.Steps[1].Key]
		if typ != "" && t.Path.Type == "x509-certificate" {
			typ = "x509-fingerprint-" + typ
		}
	case len(t.Path.Steps) == 1:
		typ = pathTypes[path]
	}
	if typ == "" {
		return "", "", "no MISP type states " + path
	}
	switch {
	case t.Op == "=":
	case t.Op == "ISSUBSET" && typ == "ip-dst":
	default:
		return "", "", "the operator " + t.Op + " has no MISP form"
	}
	switch t.Value.Kind {
	case pattern.StringLit:
		value = t.Value.Str
	case pattern.IntLit:
		value = strconv.FormatInt(t.Value.Int, 10)
	default:
		return "", "", "a " + t.Value.Kind.String() + " value has no MISP form"
	}
	return typ, value, ""
}

// scoAttributes gives the attributes an SCO states on its own.
func scoAttributes(o *stixObj) ([]outAttr, string) {
	base := outAttr{UUID: uuidOf(o.ID), Timestamp: ""}
	one := func(typ, value string) outAttr {
		a := base
		a.Type, a.Category, a.Value = typ, categoryOf(typ), value
		return a
	}
	var s string
	_ = json.Unmarshal(o.Value, &s)
	switch o.Type {
	case "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "mac-addr":
		if s == "" {
			return nil, "no value"
		}
		return []outAttr{one(pathTypes[o.Type+":value"], s)}, ""
	case "autonomous-system":
		var n int64
		if json.Unmarshal(o.Number, &n) != nil {
			return nil, "no number"
		}
		return []outAttr{one("AS", strconv.FormatInt(n, 10))}, ""
	case "mutex":
		return []outAttr{one("mutex", o.Name)}, ""
	case "windows-registry-key":
		return []outAttr{one("regkey", o.Key)}, ""
	case "file":
		var out []outAttr
		if o.Name != "" {
			out = append(out, one("filename", o.Name))
		}
		for _, k := range sortedKeys(o.Hashes) {
			if t := hashTypes[k]; t != "" {
				a := one(t, o.Hashes[k])
				// One SCO, several attributes: only the first keeps its uuid.
				if len(out) > 0 {
					a.UUID = ""
				}
				out = append(out, a)
			}
		}
		if len(out) == 0 {
			return nil, "a file without a name or a known hash has no MISP attribute form"
		}
		return out, ""
	}
	return nil, "type " + o.Type + " has no MISP attribute form"
}

// categoryOf is the MISP category an exported attribute of typ gets when
// the STIX object does not say (MISP's default category per type).
func categoryOf(typ string) string {
	switch typ {
	case "ip-dst", "ip-src", "domain", "hostname", "url", "AS", "mac-address", "port":
		return "Network activity"
	case "mutex", "regkey":
		return "Artifacts dropped"
	case "email", "email-subject", "filename", "size-in-bytes":
		return "Payload delivery"
	}
	if _, ok := hashKeys[typ]; ok {
		return "Payload delivery"
	}
	return "Other"
}

// galaxyOf is the MISP galaxy type of a STIX domain object type that
// Convert writes for clusters, "" for other types.
func galaxyOf(stixType string) string {
	switch stixType {
	case "threat-actor", "malware", "tool", "attack-pattern", "intrusion-set", "course-of-action":
		return stixType
	}
	return ""
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
