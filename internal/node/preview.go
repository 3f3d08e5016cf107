package node

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// PreviewInput is a message as it would be sent, without its text: the
// guard decides on handling and addressing, never on the words.
type PreviewInput struct {
	CaseID     string              `json:"case_id"`
	Handling   liaison.Handling    `json:"handling"`
	To         liaison.Recipients  `json:"to"`
	Assessment *liaison.Assessment `json:"assessment"`
}

// Preview is what the guard would decide on sending, and who would be able
// to read the message on the other side.
type Preview struct {
	// Decision is allow, approval (held for a supervisor), escalate
	// (refused and supervisors told) or deny.
	Decision string   `json:"decision"`
	Reasons  []string `json:"reasons"`
	Caveats  []string `json:"caveats"`
	Policies []string `json:"policies"`
	// Rules name, in words, the terms that applied.
	Rules    []string   `json:"rules"`
	Audience []Audience `json:"audience"`
}

// Audience is who may read the message on one receiving party's node, as
// far as this node knows from that party's directory. The party's own
// rules may narrow it further.
type Audience struct {
	Party string `json:"party"`
	// Who says in words who the message is for there.
	Who string `json:"who"`
	// Refused is the receiving side's reason to refuse, under the
	// arrangement's terms it applies again; empty when it would accept.
	Refused  []string          `json:"refused,omitempty"`
	Officers []liaison.Officer `json:"officers"`
}

// PreviewSend answers, before anything is sent, what the guard would
// decide on a message with in's handling and addressing, and who on each
// receiving side could read it. The preview is audited as a decision.
func (n *Node) PreviewSend(ctx context.Context, actor *liaison.Officer, in PreviewInput) (*Preview, error) {
	m, c, a, err := n.draft(ctx, actor, in.CaseID, MessageInput{
		Subject: "(preview)", Body: "(preview)", Handling: in.Handling, To: in.To, Assessment: in.Assessment,
	})
	if err != nil {
		return nil, err
	}
	d := guard.Send(n.release(actor, c, a, m, false))
	p := &Preview{Reasons: nonNil(d.Reasons), Caveats: nonNil(d.Caveats), Policies: nonNil(d.Policies), Audience: []Audience{}}
	switch {
	case d.Allow:
		p.Decision = "allow"
	case d.Approval:
		p.Decision = "approval"
	case d.Escalate:
		p.Decision = "escalate"
	default:
		p.Decision = "deny"
	}
	p.Rules = rulesApplied(a, n.party, m.Handling, n.rules() != nil)
	_, officers, err := n.store.Directory(ctx)
	if err != nil {
		return nil, err
	}
	for _, party := range others(c.Parties, n.party) {
		au := Audience{Party: party, Who: who(party, m), Officers: []liaison.Officer{}}
		if r := guard.Receive(a, n.party, party, m.Handling, nil); !r.Allow {
			au.Refused = r.Reasons
		}
		content := guard.Content{Handling: m.Handling, Inbound: true, Origin: n.party, To: m.To}
		for _, o := range officers {
			if o.Party == party && guard.Read(guard.Reader{Officer: &o, Party: party}, content).Allow {
				au.Officers = append(au.Officers, o)
			}
		}
		p.Audience = append(p.Audience, au)
	}
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		decision := "allow"
		if !d.Allow {
			decision = "deny"
		}
		return n.audit(tx, actor, "message.preview", c.ID, decision, d.Reasons, nil)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// who says in words whom on party's node a message is for.
func who(party string, m *liaison.Message) string {
	var agencies []string
	for _, a := range m.To.Agencies {
		if code, ok := strings.CutPrefix(a, party+"/"); ok {
			agencies = append(agencies, code)
		}
	}
	named := m.To.Officers
	var s string
	switch {
	case len(agencies) > 0 && len(named) > 0:
		s = fmt.Sprintf("agencies %s and %d named officers", strings.Join(agencies, ", "), len(named))
	case len(agencies) > 0:
		s = "agencies " + strings.Join(agencies, ", ")
	case len(named) > 0:
		s = fmt.Sprintf("%d named officers", len(named))
	default:
		s = party + "'s liaison officers and supervisors"
	}
	switch m.Handling.TLP {
	case liaison.TLPRed:
		return s + "; TLP:RED: the named officers only"
	case liaison.TLPAmberStrict:
		return s + "; TLP:AMBER+STRICT: the recipient organisation only, never passed on"
	case liaison.TLPAmber:
		return s + "; TLP:AMBER: and agencies it is passed on to on need to know"
	}
	return s + "; TLP:" + m.Handling.TLP + ": may be shared further under the arrangement"
}

// rulesApplied names the terms a send is checked against.
func rulesApplied(a *liaison.Arrangement, party string, h liaison.Handling, domestic bool) []string {
	r := []string{
		fmt.Sprintf("arrangement %q version %d: crime areas %s", a.Name, a.Version, joinAreas(a.CrimeAreas)),
		"classification ceiling " + a.Ceiling + " on the common scale",
	}
	if h.PersonalData {
		r = append(r, "personal data crosses only under a transfer term of the arrangement for its crime area, subjects and legal basis")
	}
	if h.Intelligence {
		r = append(r, "intelligence carries an evaluation")
	}
	r = append(r, "TLP 2.0 and addressing decide who reads it on the receiving side")
	if domestic {
		r = append(r, "the policies of "+party+" in the node's policy directory")
	}
	return r
}

func joinAreas(as []liaison.CrimeArea) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
