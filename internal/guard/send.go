package guard

import (
	"slices"

	"github.com/liaison-project/liaison"
)

// Release is what an officer asks to send across the border.
type Release struct {
	Officer     *liaison.Officer
	Arrangement *liaison.Arrangement
	// From is the releasing node's party; To the receiving parties.
	From string
	To   []string
	// Handling is the handling of the content; it must already be valid
	// for the arrangement (see liaison.Handling.Validate).
	Handling liaison.Handling
}

// Send decides whether r.Officer may release content with r.Handling to
// r.To under r.Arrangement.
func Send(r Release) Decision {
	var why reasons
	o, a, h := r.Officer, r.Arrangement, r.Handling
	if !o.CanSend() {
		why.add("officer role %s may not release content across the border; liaison officers and supervisors may", o.Role)
	}
	if !o.CoversArea(h.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, h.CrimeArea)
	}
	terms(&why, a, r.From, h)
	for _, p := range r.To {
		if !slices.Contains(a.Parties, p) {
			why.add("party %s is not a party to the arrangement %q", p, a.Name)
		}
	}
	return why.decision()
}

// Receive decides whether this node (party to) accepts content with
// handling h from party from under arrangement a. The receiver re-checks the
// arrangement's terms itself; it never trusts the sender's guard.
func Receive(a *liaison.Arrangement, from, to string, h liaison.Handling) Decision {
	var why reasons
	if !slices.Contains(a.Parties, to) {
		why.add("this node's party %s is not a party to the arrangement %q", to, a.Name)
	}
	terms(&why, a, from, h)
	return why.decision()
}

// terms applies the arrangement's own terms to content from party from.
func terms(why *reasons, a *liaison.Arrangement, from string, h liaison.Handling) {
	if !slices.Contains(a.Parties, from) {
		why.add("party %s is not a party to the arrangement %q", from, a.Name)
	}
	if !a.Covers(h.CrimeArea) {
		why.add("crime area %s is outside the arrangement's scope", h.CrimeArea)
	}
	level, ok := a.Level(from, h.Classification)
	if !ok {
		why.add("classification %q is not in %s's scheme", h.Classification, from)
	} else if level > a.CeilingLevel() {
		class := h.Classification
		if a.Levels[level] != class {
			class += ", at the common level " + a.Levels[level]
		}
		why.add("the arrangement's ceiling is %s; this content is %s", a.Ceiling, class)
	}
	if h.PersonalData && h.LegalBasis == "" {
		why.add("personal data needs a legal basis naming one of the arrangement's instruments")
	}
}
