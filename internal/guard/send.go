package guard

import (
	"slices"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
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
	// Recipients address the content within the receiving parties.
	Recipients liaison.Recipients
	// Risk is the recorded mistreatment-risk assessment ("" when none).
	Risk string
	// Approved says a supervisor other than the author approved it.
	Approved bool
	// Rules are the releasing party's own rules; nil means none.
	Rules *policy.Set
}

// Send decides whether r.Officer may release content with r.Handling to
// r.To under r.Arrangement and the releasing party's own rules.
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
	if h.TLP == liaison.TLPRed && len(r.Recipients.Officers) == 0 {
		why.add("TLP:RED content is for named recipients only; name the officers it is for")
	}
	return withRules(why, ask(r.Rules, policy.Request{
		Action: "send", Officer: o, Party: r.From, From: r.From, To: r.To, Handling: h,
		Risk: r.Risk, Approved: r.Approved,
	}, a))
}

// Receive decides whether this node (party to) accepts content with
// handling h from party from under arrangement a and its own rules. The
// receiver re-checks the arrangement's terms itself; it never trusts the
// sender's guard.
func Receive(a *liaison.Arrangement, from, to string, h liaison.Handling, rules *policy.Set) Decision {
	var why reasons
	if !slices.Contains(a.Parties, to) {
		why.add("this node's party %s is not a party to the arrangement %q", to, a.Name)
	}
	terms(&why, a, from, h)
	d := withRules(why, ask(rules, policy.Request{Action: "receive", Party: to, From: from, To: []string{to}, Handling: h}, a))
	// A receiver cannot ask the sender's supervisor: what its rules would
	// let through only with an approval, it refuses.
	d.Approval = false
	return d
}

// ask puts r to rules, filling in the common classification level from a.
// No rules allow everything.
func ask(rules *policy.Set, r policy.Request, a *liaison.Arrangement) policy.Outcome {
	if rules == nil {
		return policy.Outcome{Allow: true}
	}
	r.LevelRank = -1
	if a == nil {
		return rules.Decide(r)
	}
	if i, ok := a.Level(r.From, r.Handling.Classification); ok {
		r.Level, r.LevelRank = a.Levels[i], i
	}
	return rules.Decide(r)
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
	if h.Intelligence && (h.SourceReliability == "" || h.InfoCredibility == "") {
		why.add("intelligence must carry an evaluation: source reliability and information credibility")
	}
	personal(why, a, from, h)
}

// personal applies the arrangement's terms on personal data: a legal basis
// the sending party may cite, and a transfer term for every category of
// person the data is about.
func personal(why *reasons, a *liaison.Arrangement, from string, h liaison.Handling) {
	if !h.PersonalData {
		return
	}
	if h.LegalBasis == "" {
		why.add("personal data needs a legal basis naming one of the arrangement's instruments")
		return
	}
	if !slices.ContainsFunc(a.LegalBases(from), func(in liaison.Instrument) bool { return in.ID == h.LegalBasis }) {
		why.add("legal basis %s is not an instrument of the arrangement that %s may cite", h.LegalBasis, from)
		return
	}
	if len(h.Subjects) == 0 {
		why.add("personal data must say whom it is about (suspect, victim, witness or other)")
	}
	for _, s := range h.Subjects {
		if !a.PermitsTransfer(h.CrimeArea, s, h.LegalBasis) {
			why.add("the arrangement lets no personal data about %s cross for crime area %s under %s", people(s), h.CrimeArea, h.LegalBasis)
		}
	}
}

// people names a subject category in the plural, for reasons.
func people(subject string) string {
	switch subject {
	case liaison.SubjectSuspect:
		return "suspects"
	case liaison.SubjectVictim:
		return "victims"
	case liaison.SubjectWitness:
		return "witnesses"
	case liaison.SubjectOther:
		return "other people"
	}
	return subject
}
