package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/examples/workplans"
	"github.com/liaison-project/liaison/internal/arrangement"
	"github.com/liaison-project/liaison/internal/node"
)

// The demo's parties, agencies and officers. The people are invented.
var demoParties = []struct{ party, name, label string }{
	{"in", "India liaison node (NCB, New Delhi)", "India"},
	{"ca", "Canada liaison node (RCMP, Ottawa)", "Canada"},
}

type demoUser struct {
	name, agency, agencyName string
	role                     liaison.Role
	areas                    []liaison.CrimeArea
}

var all = []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaCyber, liaison.AreaFraud, liaison.AreaImmigration, liaison.AreaTerrorism}

var demoUsers = map[string][]demoUser{
	"in": {
		{"Priya Sharma", "ncb", "Narcotics Control Bureau", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaFraud, liaison.AreaImmigration}},
		{"Arjun Mehta", "nia", "National Investigation Agency", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaTerrorism, liaison.AreaOrganisedCrime}},
		{"Ananya Iyer", "cert-in", "Indian Computer Emergency Response Team", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaCyber, liaison.AreaFraud}},
		{"Rajesh Kumar", "ncb", "", liaison.RoleSupervisor, all},
		{"Kavya Nair", "ncb", "", liaison.RoleAnalyst, []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime}},
	},
	"ca": {
		{"Emily Tremblay", "rcmp", "Royal Canadian Mounted Police", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaFraud, liaison.AreaTerrorism}},
		{"Daniel Singh", "cbsa", "Canada Border Services Agency", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaImmigration}},
		{"Marie Gagnon", "cccs", "Canadian Centre for Cyber Security", liaison.RoleLiaison, []liaison.CrimeArea{liaison.AreaCyber, liaison.AreaFraud}},
		{"Mark Wilson", "rcmp", "", liaison.RoleSupervisor, all},
		{"Sophie Roy", "rcmp", "", liaison.RoleAuditor, nil},
	},
}

// demoCase is a seeded case: who opens it (party, officer index), and its
// messages.
type demoCase struct {
	party    string
	officer  int
	title    string
	area     liaison.CrimeArea
	handling liaison.Handling
	messages []node.MessageInput
	// request, when set, is a request for information the case's opener
	// asks of the other party, with the arrangement's deadline.
	request  string
	priority liaison.Priority
}

func h(class, tlp string, area liaison.CrimeArea, codes ...string) liaison.Handling {
	return liaison.Handling{Classification: class, TLP: tlp, Codes: codes, CrimeArea: area, SourceReliability: "B", InfoCredibility: "2"}
}

func withPersonal(hd liaison.Handling, basis string) liaison.Handling {
	hd.PersonalData, hd.LegalBasis, hd.Subjects = true, basis, []string{liaison.SubjectSuspect}
	return hd
}

var demoCases = []demoCase{
	{party: "in", officer: 0, area: liaison.AreaDrugs,
		title:    "NPP consignment declared as a dye intermediate, Nhava Sheva to Vancouver",
		handling: h("RESTRICTED", "AMBER", liaison.AreaDrugs, liaison.CodeLawEnforcementOnly),
		messages: []node.MessageInput{{
			Subject:  "Container and vessel details; ETA Vancouver in 19 days",
			Body:     "Customs at Nhava Sheva flagged 400 kg of N-phenethyl-4-piperidone (NPP), a fentanyl precursor, declared as a dye intermediate. Container and vessel below. Please advise whether CBSA can examine on arrival.",
			Handling: h("RESTRICTED", "AMBER", liaison.AreaDrugs, liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination),
			Entities: []liaison.Entity{
				{Kind: liaison.EntityContainer, Value: "CSQU 305438 3"},
				{Kind: liaison.EntityVesselIMO, Value: "IMO 9074729"},
				{Kind: liaison.EntityCompany, Value: "U24100MH2019PTC000000", Country: "IN", Label: "exporter"},
			},
		}},
		request:  "Can CBSA examine container CSQU 305438 3 on arrival at Vancouver, and hold it for a controlled delivery if NPP is confirmed?",
		priority: liaison.PriorityUrgent,
	},
	{party: "ca", officer: 0, area: liaison.AreaOrganisedCrime,
		title:    "Trade-based money laundering through over-invoiced electronics",
		handling: h("PROTECTED B", "AMBER", liaison.AreaOrganisedCrime, liaison.CodeLawEnforcementOnly),
		messages: []node.MessageInput{{
			Subject:  "Invoices 3x market price; funds routed via two shell companies",
			Body:     "RCMP financial intelligence links two Ontario importers to a network over-invoicing electronics from Mumbai suppliers. Seeking company registry details for the suppliers.",
			Handling: h("PROTECTED B", "AMBER", liaison.AreaOrganisedCrime, liaison.CodeLawEnforcementOnly, liaison.CodeNoJudicialUse),
			Entities: []liaison.Entity{{Kind: liaison.EntityBankAccount, Value: "GB82 WEST 1234 5698 7654 32", Label: "correspondent account"}},
		}},
	},
	{party: "in", officer: 2, area: liaison.AreaCyber,
		title:    "Phishing kit impersonating tax-refund portals in both countries",
		handling: h("UNCLASSIFIED", "GREEN", liaison.AreaCyber),
		messages: []node.MessageInput{{
			Subject:  "Indicators: one domain, one IP, one URL",
			Body:     "CERT-In observed a phishing kit serving lookalike tax-refund pages for Indian and Canadian taxpayers from the same host.",
			Handling: h("UNCLASSIFIED", "GREEN", liaison.AreaCyber),
			Entities: []liaison.Entity{
				{Kind: liaison.EntityDomain, Value: "Tax-Refund-Portal.example"},
				{Kind: liaison.EntityIP, Value: "198.51.100.23"},
				{Kind: liaison.EntityURL, Value: "https://tax-refund-portal.example/claim"},
			},
		}},
	},
	{party: "ca", officer: 2, area: liaison.AreaFraud,
		title:    "Call-centre fraud against Canadian seniors paid in bitcoin",
		handling: h("PROTECTED A", "AMBER", liaison.AreaFraud, liaison.CodeLawEnforcementOnly),
		messages: []node.MessageInput{{
			Subject:  "Victim payments traced to one wallet",
			Body:     "Seventeen victims in British Columbia paid a caller posing as a bank investigator. Payments went to the wallet below.",
			Handling: h("PROTECTED A", "AMBER", liaison.AreaFraud, liaison.CodeLawEnforcementOnly),
			Entities: []liaison.Entity{{Kind: liaison.EntityCryptoWallet, Value: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}},
		}},
	},
	{party: "ca", officer: 1, area: liaison.AreaImmigration,
		title:    "Forged admission letters used in study-permit applications",
		handling: h("PROTECTED B", "AMBER+STRICT", liaison.AreaImmigration, liaison.CodeLawEnforcementOnly),
		// Canada's rules hold this one for a supervisor (immigration, a
		// person) and ask for a mistreatment-risk assessment: the seed has
		// the supervisor approve it, as one would.
		messages: []node.MessageInput{{
			Subject:  "Request to verify one passport",
			Body:     "CBSA found forged admission letters with one applicant's passport. Please confirm whether the passport was issued as shown.",
			Handling: withPersonal(h("PROTECTED B", "AMBER+STRICT", liaison.AreaImmigration, liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination), "ca-privacy-act-8-2-f"),
			Entities: []liaison.Entity{{Kind: liaison.EntityPassport, Value: "Z1234567", Country: "IN", Role: "suspect"}},
			Assessment: &liaison.Assessment{Risk: liaison.RiskMitigated,
				Note: "Document fraud inquiry only; the applicant has not claimed refugee protection; assurances on use given under the MLAT."},
		}},
	},
	{party: "in", officer: 1, area: liaison.AreaTerrorism,
		title:    "Hawala transfers linked to a proscribed organisation",
		handling: h("CONFIDENTIAL", "AMBER+STRICT", liaison.AreaTerrorism, liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination),
	},
}

// demoPassword is every demo officer's web UI password: the demo is for
// trying on loopback, never for real data.
const demoPassword = "liaison-demo-only"

// demoLogin is an officer's web UI login in the demo: the first name in
// lower case.
func demoLogin(name string) string {
	first, _, _ := strings.Cut(name, " ")
	return strings.ToLower(first)
}

// seed applies the arrangement, links the nodes, creates the officers and
// opens the demo cases through the service layer, as officers would.
func (d *demo) seed(ctx context.Context) error {
	for _, n := range d.nodes {
		if _, err := n.node.ApplyArrangement(ctx, arrangements.InCA); err != nil {
			return err
		}
	}
	for i, n := range d.nodes {
		other := d.nodes[1-i]
		if _, err := n.node.AddPeer(ctx, other.keys.Card(other.cfg.Party, other.cfg.Name, other.cfg.Federation.URL)); err != nil {
			return err
		}
	}
	byParty := map[string]*demoNode{}
	for _, n := range d.nodes {
		byParty[n.cfg.Party] = n
		for _, u := range demoUsers[n.cfg.Party] {
			o, token, err := n.node.AddOfficer(ctx, liaison.Officer{Name: u.name, Agency: u.agency, Role: u.role, Areas: u.areas}, u.agencyName)
			if err != nil {
				return fmt.Errorf("officer %s: %w", u.name, err)
			}
			login := demoLogin(u.name)
			if err := n.node.SetPassword(ctx, o.ID, login, demoPassword); err != nil {
				return fmt.Errorf("officer %s: %w", u.name, err)
			}
			n.officers = append(n.officers, demoOfficer{Officer: *o, token: token, login: login})
		}
	}
	// The starter workplan, seeded on each node as each party would: the
	// objectives on both, each party's actions on its own node, due dates
	// counted from today.
	plan, err := arrangement.ParseWorkplan(workplans.InCA)
	if err != nil {
		return fmt.Errorf("starter workplan: %w", err)
	}
	for _, n := range d.nodes {
		if _, err := n.node.SeedWorkplan(ctx, plan, "", time.Now().UTC().Format(time.DateOnly)); err != nil {
			return fmt.Errorf("seed workplan on %s: %w", n.cfg.Party, err)
		}
	}
	for _, dc := range demoCases {
		n := byParty[dc.party]
		actor := &n.officers[dc.officer].Officer
		other := "ca"
		if dc.party == "ca" {
			other = "in"
		}
		c, err := n.node.CreateCase(ctx, actor, node.CaseInput{Title: dc.title, CrimeArea: dc.area, Parties: []string{other}, Handling: dc.handling})
		if err != nil {
			return fmt.Errorf("case %q: %w", dc.title, err)
		}
		for _, m := range dc.messages {
			_, held, err := n.node.Compose(ctx, actor, c.ID, m)
			if err != nil {
				return fmt.Errorf("message %q: %w", m.Subject, err)
			}
			if held != nil {
				if _, err := n.node.Approve(ctx, n.supervisor(), held.ID); err != nil {
					return fmt.Errorf("approve message %q: %w", m.Subject, err)
				}
			}
		}
		if dc.request != "" {
			in := node.RequestInput{CaseID: c.ID, Question: dc.request, Priority: dc.priority, Handling: dc.handling}
			if _, err := n.node.AskRequest(ctx, actor, in); err != nil {
				return fmt.Errorf("request in %q: %w", dc.title, err)
			}
		}
	}
	return nil
}

// supervisor returns the node's first seeded supervisor.
func (n *demoNode) supervisor() *liaison.Officer {
	for i := range n.officers {
		if n.officers[i].Role == liaison.RoleSupervisor {
			return &n.officers[i].Officer
		}
	}
	return nil
}
