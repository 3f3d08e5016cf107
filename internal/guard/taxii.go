package guard

import "github.com/liaison-project/liaison"

// UseTAXII decides whether officer o may read and write the TAXII
// collections of this node (party): liaison officers, supervisors and
// analysts of the node whose crime areas include cyber. The same answer
// gives a collection's can_read and can_write (TAXII 2.1 section 5.2); the
// guard still decides, per object, what an officer is shown (ReadSTIX) and
// what crosses the border.
func UseTAXII(o *liaison.Officer, party string) Decision {
	var why reasons
	switch o.Role {
	case liaison.RoleLiaison, liaison.RoleSupervisor, liaison.RoleAnalyst:
	default:
		why.add("role %s does not use the TAXII collections; liaison officers, supervisors and analysts do", o.Role)
	}
	if !o.CoversArea(liaison.AreaCyber) {
		why.add("officer %s does not work in crime area cyber", o.ID)
	}
	if o.Party != party {
		why.add("officer %s is not an officer of %s", o.ID, party)
	}
	return why.decision()
}

// ReadSTIX decides whether an officer UseTAXII allows is shown a STIX
// object whose TLP 2.0 label is tlp. TLP:RED is for named recipients
// only, which a collection cannot name, so a RED object is held but never
// served through TAXII. Every other label is shown: the officers of the
// node's collections are the community of CLEAR to AMBER+STRICT alike (the
// node serves one organisation's officers; finer AMBER+STRICT handling by
// agency is not done yet).
func ReadSTIX(tlp string) Decision {
	var why reasons
	if tlp == liaison.TLPRed {
		why.add("TLP:RED objects are not served through TAXII")
	}
	return why.decision()
}
