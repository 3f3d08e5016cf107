package guard

import (
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// checkRuling fails the test unless r has outcome want and, for each of
// reasons, a reason containing it.
func checkRuling(t *testing.T, r Ruling, want Outcome, reasons ...string) {
	t.Helper()
	if r.Outcome != want {
		t.Errorf("ruling = %s %q, want %s", r.Outcome, r.Reasons, want)
	}
	joined := strings.Join(r.Reasons, "; ")
	for _, s := range reasons {
		if !strings.Contains(joined, s) {
			t.Errorf("ruling reasons %q lack %q", r.Reasons, s)
		}
	}
	if r.Reasons == nil {
		t.Errorf("ruling reasons are nil; want a list, empty when there is nothing to say")
	}
	if want != liaison.DisseminationAllowed && len(r.Reasons) == 0 {
		t.Errorf("ruling %s without a reason", r.Outcome)
	}
}

func TestDisseminate(t *testing.T) {
	base := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs}
	with := func(tlp string, codes ...string) liaison.Handling {
		h := base
		if tlp != "" {
			h.TLP = tlp
		}
		h.Codes = codes
		return h
	}
	const (
		allowed = liaison.DisseminationAllowed
		refused = liaison.DisseminationRefused
		pending = liaison.DisseminationPendingConsent
	)
	tests := []struct {
		name    string
		h       liaison.Handling
		purpose string
		want    Outcome
		reasons []string
	}{
		{"OK", with(""), PurposeInvestigation, allowed, nil},
		{"Clear", with(liaison.TLPClear), PurposeAdministrative, allowed, nil},
		{"Green", with(liaison.TLPGreen), PurposeIntelligence, allowed, nil},
		{"Amber", with(liaison.TLPAmber), PurposePrevention, allowed, nil},
		{"Red", with(liaison.TLPRed), PurposeInvestigation, refused, []string{"TLP:RED", "named recipients only"}},
		{"AmberStrict", with(liaison.TLPAmberStrict), PurposeInvestigation, refused, []string{"TLP:AMBER+STRICT", "recipient agency only"}},
		{"RedWithConsentCode", with(liaison.TLPRed, liaison.CodeNoOnwardDissemination), PurposeInvestigation, refused, []string{"TLP:RED"}},
		{"NoOnward", with("", liaison.CodeNoOnwardDissemination), PurposeInvestigation, pending,
			[]string{"the originator in must consent: the message is marked no-onward-dissemination"}},
		{"NoOnwardAndLEOnlyLE", with("", liaison.CodeNoOnwardDissemination, liaison.CodeLawEnforcementOnly), PurposeProsecution, pending, []string{"no-onward-dissemination"}},
		{"NoOnwardAndLEOnlyAdmin", with("", liaison.CodeNoOnwardDissemination, liaison.CodeLawEnforcementOnly), PurposeAdministrative, refused, []string{"law-enforcement-only"}},
		{"LEOnlyInvestigation", with("", liaison.CodeLawEnforcementOnly), PurposeInvestigation, allowed, nil},
		{"LEOnlyProsecution", with("", liaison.CodeLawEnforcementOnly), PurposeProsecution, allowed, nil},
		{"LEOnlyIntelligence", with("", liaison.CodeLawEnforcementOnly), PurposeIntelligence, allowed, nil},
		{"LEOnlyPrevention", with("", liaison.CodeLawEnforcementOnly), PurposePrevention, allowed, nil},
		{"LEOnlyAdministrative", with("", liaison.CodeLawEnforcementOnly), PurposeAdministrative, refused,
			[]string{"law-enforcement-only", "purpose administrative is not law enforcement", "investigation, prosecution, intelligence, prevention are"}},
		{"LEOnlyJudicial", with("", liaison.CodeLawEnforcementOnly), PurposeJudicial, refused, []string{"purpose judicial is not law enforcement"}},
		{"NoJudicialUseIsNotOnward", with("", liaison.CodeNoJudicialUse), PurposeInvestigation, allowed, nil},
		{"UnknownPurpose", with(""), "curiosity", refused, []string{`purpose "curiosity" is not one of investigation`}},
		{"EmptyPurpose", with(""), "", refused, []string{`purpose "" is not one of`}},
		{"Other", with("", "other:do not contact the vessel"), PurposeInvestigation, allowed,
			[]string{"the recipient inherits the originator's condition: do not contact the vessel"}},
		{"OtherWhenPending", with("", liaison.CodeNoOnwardDissemination, "other:no use before 1 March"), PurposeInvestigation, pending,
			[]string{"must consent", "inherits the originator's condition: no use before 1 March"}},
		{"OtherWhenRefused", with(liaison.TLPRed, "other:source protection"), PurposeInvestigation, refused,
			[]string{"TLP:RED", "condition: source protection"}},
		{"TwoOthers", with("", "other:one", "other:two"), PurposeInvestigation, allowed, []string{"condition: one", "condition: two"}},
		{"AllRefusals", with(liaison.TLPAmberStrict, liaison.CodeLawEnforcementOnly), PurposeAdministrative, refused,
			[]string{"AMBER+STRICT", "law-enforcement-only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Disseminate(Onward{Origin: "in", Handling: tt.h, ToAgency: "cbsa", Purpose: tt.purpose})
			checkRuling(t, r, tt.want, tt.reasons...)
		})
	}
}

func TestDisseminateConditions(t *testing.T) {
	h := liaison.Handling{TLP: liaison.TLPGreen, Codes: []string{"other: keep from the press ", liaison.CodeLawEnforcementOnly, "other:two"}}
	r := Disseminate(Onward{Origin: "ca", Handling: h, Purpose: PurposeInvestigation})
	if want := []string{"keep from the press", "two"}; !slices.Equal(r.Conditions, want) {
		t.Errorf("Conditions = %q, want %q", r.Conditions, want)
	}
	if len(r.Reasons) != 2 {
		t.Errorf("Reasons = %q, want one per condition", r.Reasons)
	}
}

func TestAskOnward(t *testing.T) {
	h := liaison.Handling{CrimeArea: liaison.AreaDrugs}
	drugs := []liaison.CrimeArea{liaison.AreaDrugs}
	tests := []struct {
		name   string
		o      *liaison.Officer
		reason string
	}{
		{"Liaison", &liaison.Officer{Role: liaison.RoleLiaison, Areas: drugs}, ""},
		{"Supervisor", &liaison.Officer{Role: liaison.RoleSupervisor, Areas: drugs}, ""},
		{"Analyst", &liaison.Officer{Role: liaison.RoleAnalyst, Areas: drugs}, "officer role analyst may not pass content on"},
		{"Auditor", &liaison.Officer{Role: liaison.RoleAuditor, Areas: liaison.CrimeAreas}, "role auditor may not pass content on"},
		{"Admin", &liaison.Officer{Role: liaison.RoleAdmin, Areas: liaison.CrimeAreas}, "role admin may not"},
		{"OtherArea", &liaison.Officer{Name: "M", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "does not work in crime area drugs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, AskOnward(tt.o, h), tt.reason) })
	}
}

func TestPurposes(t *testing.T) {
	var le []string
	for _, p := range Purposes {
		if !ValidPurpose(p) {
			t.Errorf("ValidPurpose(%s) = false", p)
		}
		if LawEnforcementPurpose(p) {
			le = append(le, p)
		}
	}
	if want := []string{"investigation", "prosecution", "intelligence", "prevention"}; !slices.Equal(le, want) {
		t.Errorf("law-enforcement purposes = %v, want %v", le, want)
	}
	if ValidPurpose("Investigation") || LawEnforcementPurpose("") {
		t.Error("purposes are matched loosely")
	}
}
