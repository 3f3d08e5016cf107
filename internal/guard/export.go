package guard

import (
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// Evidence is a receiving officer's request to export a received message
// as evidence.
type Evidence struct {
	// Origin is the party that originated the message.
	Origin   string
	Handling liaison.Handling
	Purpose  string
	// MLARef is the reference of the mutual legal assistance request under
	// which the evidence is sought; empty if none was recorded.
	MLARef string
	// Officer asks on this node (party Party), under the party's own
	// Rules (nil for none).
	Officer *liaison.Officer
	Party   string
	Rules   *policy.Set
}

// Export decides whether a received message may be exported as evidence:
//
//   - content marked no-judicial-use needs a recorded mutual legal
//     assistance request (mla_ref; refused without one) and the
//     originator's consent;
//   - content marked law-enforcement-only may be exported only for a
//     prosecution;
//   - otherwise allowed.
//
// The originator's "other:" codes are named in the reasons, whatever the
// outcome, as conditions the recipient inherits.
func Export(r Evidence) Ruling {
	var refused, consent reasons
	h := r.Handling
	purpose(&refused, r.Purpose)
	if has(h, liaison.CodeLawEnforcementOnly) && ValidPurpose(r.Purpose) && r.Purpose != PurposeProsecution {
		refused.add("the message is marked law-enforcement-only; it may be exported as evidence only for purpose %s, not %s",
			PurposeProsecution, r.Purpose)
	}
	if has(h, liaison.CodeNoJudicialUse) {
		if strings.TrimSpace(r.MLARef) == "" {
			refused.add("mla_ref: the message is marked no-judicial-use; record the reference of the mutual legal assistance request to export it as evidence")
		} else {
			consent.add("the originator %s must consent: the message is marked no-judicial-use (mutual legal assistance request %s)", r.Origin, r.MLARef)
		}
	}
	domestic(&refused, r.Rules, policy.Request{
		Action: policy.ActionExport, Officer: r.Officer, Party: r.Party, From: r.Origin,
		Handling: h, Purpose: r.Purpose, MLARef: r.MLARef,
	})
	return rule(refused, consent, h)
}
