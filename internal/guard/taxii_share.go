package guard

import (
	"slices"

	"github.com/liaison-project/liaison"
)

// ShareSTIX decides whether the STIX object id, whose TLP 2.0 label is
// tlp, may cross the border from party from to party to through the shared
// TAXII collection of arrangement a. The sending node asks before it
// queues the object and the receiving node asks again before it stores it.
//
// The arrangement must name both parties and cover cyber. TLP:RED is for
// named recipients only (FIRST, TLP 2.0, 2022) and a collection names
// none, so RED never crosses; TLP:AMBER+STRICT limits sharing to the
// recipient's organisation, which a peer's node is not, so it never
// crosses either. CLEAR, GREEN and AMBER cross. Every reason names the
// object.
func ShareSTIX(a *liaison.Arrangement, from, to, id, tlp string) Decision {
	var why reasons
	if !a.Covers(liaison.AreaCyber) {
		why.add("%s: arrangement %q does not cover crime area cyber", id, a.Name)
	}
	if from == to || !slices.Contains(a.Parties, from) || !slices.Contains(a.Parties, to) {
		why.add("%s: arrangement %q does not name both %s and %s", id, a.Name, from, to)
	}
	switch tlp {
	case liaison.TLPClear, liaison.TLPGreen, liaison.TLPAmber:
	case liaison.TLPRed:
		why.add("%s: TLP:RED never crosses the border", id)
	case liaison.TLPAmberStrict:
		why.add("%s: TLP:AMBER+STRICT stays within the organisation and never crosses the border", id)
	default:
		why.add("%s: unknown TLP label %q", id, tlp)
	}
	return why.decision()
}
