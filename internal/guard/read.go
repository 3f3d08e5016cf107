package guard

import (
	"slices"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// Content is what the guard needs to know of a case or message held on
// this node when an officer asks to read it.
type Content struct {
	Handling liaison.Handling
	// Inbound is true for content received from a peer; Origin is the
	// party that sent it.
	Inbound bool
	Origin  string
	// Author and AuthorAgency name who wrote own content (officer id,
	// agency code).
	Author       string
	AuthorAgency string
	// To addresses received content within this node's party.
	To liaison.Recipients
	// Disseminated lists the agencies of this node's party the content
	// was passed on to with the originator's leave.
	Disseminated []string
}

// Reader is who asks to read, on which node, under which rules.
type Reader struct {
	Officer *liaison.Officer
	// Party is this node's party.
	Party string
	// Arrangement is the arrangement the content travels under (for the
	// classification level the rules see); nil for none.
	Arrangement *liaison.Arrangement
	Rules       *policy.Set
}

// Read decides whether r.Officer may read content c held on this node:
// need to know by role, crime area, addressing and TLP 2.0, then the
// party's own rules. Auditors and administrators see metadata, never
// content.
//
// Received content is for whom it is addressed to: named officers; the
// named agencies; with neither, this party's liaison officers and
// supervisors (as traffic to a national unit). Officers of an agency it
// was disseminated to may read it too. TLP narrows that further (FIRST,
// TLP 2.0): RED, the named recipients only; AMBER+STRICT, the recipient
// agency only, not those it was disseminated to; AMBER, recipients on
// need to know; GREEN and CLEAR put no further limit. CLEAR content may
// be read by anyone on the node whatever their crime areas.
//
// Own content is read by its author; under RED by its author alone, under
// AMBER+STRICT within the author's agency.
func Read(r Reader, c Content) Decision {
	var why reasons
	o, h := r.Officer, c.Handling
	switch o.Role {
	case liaison.RoleLiaison, liaison.RoleAnalyst, liaison.RoleSupervisor:
	default:
		why.add("role %s does not read case content", o.Role)
		return why.decision()
	}
	if h.TLP != liaison.TLPClear && !o.CoversArea(h.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, h.CrimeArea)
	}
	if c.Inbound {
		received(&why, r, c)
	} else {
		own(&why, o, c)
	}
	if len(why) > 0 || r.Rules == nil {
		return why.decision()
	}
	from := c.Origin
	if from == "" {
		from = r.Party
	}
	a := r.Arrangement
	if a == nil {
		a = &liaison.Arrangement{}
	}
	return withRules(why, ask(r.Rules, policy.Request{Action: "read", Officer: o, Party: r.Party, From: from, Handling: h}, a))
}

// received applies need to know to content a peer sent.
func received(why *reasons, r Reader, c Content) {
	o := r.Officer
	named := slices.Contains(c.To.Officers, o.ID)
	agency := slices.Contains(c.To.Agencies, r.Party+"/"+o.Agency)
	// Content naming nobody of this party goes to its liaison unit.
	national := !slices.ContainsFunc(c.To.Agencies, func(a string) bool { return len(a) > len(r.Party) && a[:len(r.Party)+1] == r.Party+"/" }) &&
		len(c.To.Officers) == 0 && (o.Role == liaison.RoleLiaison || o.Role == liaison.RoleSupervisor)
	addressed := named || agency || national
	passed := slices.Contains(c.Disseminated, o.Agency)
	switch c.Handling.TLP {
	case liaison.TLPRed:
		if !named {
			why.add("TLP:RED: only the named recipients may read it, and officer %s is not one of them", o.Name)
		}
	case liaison.TLPAmberStrict:
		if !addressed {
			why.add("TLP:AMBER+STRICT: only the recipient organisation may read it, and it was not sent to officer %s's agency %s", o.Name, o.Agency)
		}
	default:
		if !addressed && !passed {
			why.add("it was not addressed to officer %s or agency %s, nor passed on to that agency", o.Name, o.Agency)
		}
	}
}

// own applies the originator's TLP to its own content.
func own(why *reasons, o *liaison.Officer, c Content) {
	switch c.Handling.TLP {
	case liaison.TLPRed:
		if o.ID != c.Author {
			why.add("TLP:RED: on this node only its author may read it")
		}
	case liaison.TLPAmberStrict:
		if o.Agency != c.AuthorAgency {
			why.add("TLP:AMBER+STRICT: on this node only the author's agency %s may read it", c.AuthorAgency)
		}
	}
}
