package guard

import "github.com/liaison-project/liaison"

// UseTAXII decides whether officer o may read and write the TAXII
// collections of this node (party): liaison officers, supervisors and
// analysts of the node whose crime areas include cyber. The same answer
// gives a collection's can_read and can_write (TAXII 2.1 section 5.2); the
// guard still decides, per object, what an officer is shown (ReadSTIX).
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

// ReadSTIX decides whether officer o, whom UseTAXII allows, is shown a
// STIX object whose TLP 2.0 label is tlp, added by an officer of agency.
// TLP:RED is for named recipients only, which a collection cannot name, so
// a RED object is held but never served through TAXII. AMBER+STRICT
// limits sharing to the recipient's organisation: here, the agency of the
// officer who added it. CLEAR, GREEN and AMBER are shown to every officer
// of the node's collections.
func ReadSTIX(o *liaison.Officer, tlp, agency string) Decision {
	var why reasons
	switch tlp {
	case liaison.TLPRed:
		why.add("TLP:RED objects are not served through TAXII")
	case liaison.TLPAmberStrict:
		if o.Agency != agency {
			why.add("TLP:AMBER+STRICT object added by agency %s; officer %s is of %s", agency, o.ID, o.Agency)
		}
	}
	return why.decision()
}
