package misp

// Object templates whose relations say more than their attribute types
// (MISP/misp-objects, objects/<name>/definition.json): an e-mail's from
// and to addresses are the message's sender and recipients, not two
// unrelated addresses; a network connection's addresses and ports are
// the ends of one flow; a domain-ip's addresses are what the domain
// resolves to. Other templates, and other relations of these, are read
// by attribute type alone.

// fixedRefs are the reference properties whose target type the
// specification fixes, so a pattern need not compare the target's type.
var fixedRefs = map[string]bool{"from_ref": true, "sender_ref": true, "to_refs": true, "cc_refs": true, "bcc_refs": true}

// emailRelations maps e-mail object relations to email-message
// reference properties (STIX 2.1 section 6.5).
var emailRelations = map[string]string{"from": "from_ref", "to": "to_refs", "cc": "cc_refs", "bcc": "bcc_refs"}

// connectionRelations maps network-connection relations to
// network-traffic properties (STIX 2.1 section 6.12).
var connectionRelations = map[string]string{
	"ip-src": "src_ref", "ip-dst": "dst_ref", "hostname-src": "src_ref", "hostname-dst": "dst_ref",
	"src-port": "src_port", "dst-port": "dst_port",
}

// byRelation rewrites the facts of the attributes of one object, given in
// order with their relations, by the object's template.
func byRelation(object string, relations []string, facts [][]fact) []fact {
	var out []fact
	hasDomain := false
	for _, fs := range facts {
		for _, f := range fs {
			hasDomain = hasDomain || f.sco == "domain-name" && f.prop == "value"
		}
	}
	for i, fs := range facts {
		if len(fs) == 1 {
			f, rel := fs[0], relations[i]
			switch {
			case object == "email" && f.sco == "email-addr" && emailRelations[rel] != "":
				fs = []fact{{sco: "email-message", prop: emailRelations[rel], ref: "email-addr", str: f.str}}
			case object == "network-connection" && connectionRelations[rel] != "":
				p := connectionRelations[rel]
				switch {
				case f.isNum && f.prop == "dst_port":
					fs = []fact{{sco: "network-traffic", prop: p, num: f.num, isNum: true}}
				case f.op == "=" && (f.sco == "ipv4-addr" || f.sco == "ipv6-addr") || f.sco == "domain-name" && f.prop == "value":
					fs = []fact{{sco: "network-traffic", prop: p, ref: f.sco, str: f.str}}
				}
			case object == "domain-ip" && hasDomain && (f.sco == "ipv4-addr" || f.sco == "ipv6-addr") && f.op == "=":
				fs = []fact{{sco: "domain-name", prop: "resolves_to_refs", ref: f.sco, str: f.str}}
			}
		}
		out = append(out, fs...)
	}
	return out
}
