package guard

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func testArrangement() *liaison.Arrangement {
	return &liaison.Arrangement{
		ID: strings.Repeat("ab", 32), Name: "test", Version: 1,
		Parties:    []string{"in", "ca"},
		CrimeAreas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber},
		Levels:     []string{"U", "R", "C", "S"},
		Schemes: map[string][]liaison.Marking{
			"in": {{Label: "UNCLASSIFIED", Level: "U"}, {Label: "RESTRICTED", Level: "R"}, {Label: "CONFIDENTIAL", Level: "C"}, {Label: "SECRET", Level: "S"}},
			"ca": {{Label: "UNCLASSIFIED", Level: "U"}, {Label: "PROTECTED B", Level: "R"}, {Label: "SECRET", Level: "S"}},
		},
		Ceiling: "C",
		Instrument: []liaison.Instrument{
			{ID: "mlat", Title: "MLAT"},
			{ID: "ca-privacy", Title: "Privacy Act", Party: "ca"},
			{ID: "in-dpdp", Title: "DPDP Act", Party: "in"},
		},
		Transfers: []liaison.Transfer{
			{Areas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber}, Subjects: []string{"suspect"}, Bases: []string{"mlat", "ca-privacy", "in-dpdp"}},
			{Areas: []liaison.CrimeArea{liaison.AreaCyber}, Subjects: []string{"victim", "witness"}, Bases: []string{"mlat"}},
		},
	}
}

func TestSend(t *testing.T) {
	liaisonOfficer := &liaison.Officer{Name: "P", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}
	analyst := &liaison.Officer{Name: "K", Role: liaison.RoleAnalyst, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}
	ok := liaison.Handling{Classification: "RESTRICTED", TLP: "AMBER", CrimeArea: liaison.AreaDrugs}
	with := func(f func(*liaison.Handling)) liaison.Handling { h := ok; f(&h); return h }
	tests := []struct {
		name    string
		officer *liaison.Officer
		from    string
		to      []string
		h       liaison.Handling
		reason  string // "" means allow
	}{
		{"OK", liaisonOfficer, "in", []string{"ca"}, ok, ""},
		{"AtCeiling", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.Classification = "CONFIDENTIAL" }), ""},
		{"AboveCeiling", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.Classification = "SECRET" }), "ceiling is C; this content is SECRET"},
		{"UnknownLabel", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.Classification = "PROTECTED B" }), `classification "PROTECTED B" is not in in's scheme`},
		{"AnalystMayNotSend", analyst, "in", []string{"ca"}, ok, "role analyst may not release"},
		{"OfficerArea", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.CrimeArea = liaison.AreaCyber }), "does not work in crime area cyber"},
		{"OutOfScope", &liaison.Officer{Role: liaison.RoleLiaison, Areas: liaison.CrimeAreas}, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.CrimeArea = liaison.AreaFraud }), "outside the arrangement's scope"},
		{"NotAParty", liaisonOfficer, "in", []string{"us"}, ok, "party us is not a party"},
		{"PersonalDataNoBasis", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.PersonalData, h.Subjects = true, []string{"suspect"} }), "needs a legal basis"},
		{"PersonalDataWithBasis", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "mlat"
		}), ""},
		{"PersonalDataOwnLaw", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "in-dpdp"
		}), ""},
		{"PersonalDataOthersLaw", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "ca-privacy"
		}), "not an instrument of the arrangement that in may cite"},
		{"PersonalDataWitnessDrugs", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect", "witness"}, "mlat"
		}), "no personal data about witnesses cross for crime area drugs"},
		{"PersonalDataOther", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"other"}, "mlat" }), "about other people"},
		{"IntelligenceUnevaluated", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.Intelligence = true }), "must carry an evaluation"},
		{"SupervisorMaySend", &liaison.Officer{Name: "S", Role: liaison.RoleSupervisor, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, "in", []string{"ca"}, ok, ""},
		{"AuditorMayNotSend", &liaison.Officer{Name: "A", Role: liaison.RoleAuditor, Areas: liaison.CrimeAreas}, "in", []string{"ca"}, ok, "role auditor may not release"},
		{"AdminMayNotSend", &liaison.Officer{Name: "A", Role: liaison.RoleAdmin, Areas: liaison.CrimeAreas}, "in", []string{"ca"}, ok, "role admin may not release"},
		{"RedWithoutNames", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.TLP = liaison.TLPRed }), "TLP:RED content is for named recipients only"},
		{"CaFromOwnScheme", liaisonOfficer, "ca", []string{"in"}, with(func(h *liaison.Handling) { h.Classification = "PROTECTED B" }), ""},
		{"CaSecretAboveCeiling", liaisonOfficer, "ca", []string{"in"}, with(func(h *liaison.Handling) { h.Classification = "SECRET" }), "ceiling is C; this content is SECRET"},
		{"SeveralReasons", analyst, "in", []string{"us"}, with(func(h *liaison.Handling) { h.Classification = "SECRET" }), "may not release content across the border; liaison officers and supervisors may; the arrangement's ceiling is C; this content is SECRET, at the common level S; party us is not a party"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Send(Release{Officer: tt.officer, Arrangement: testArrangement(), From: tt.from, To: tt.to, Handling: tt.h})
			check(t, d, tt.reason)
		})
	}
}

func TestReceive(t *testing.T) {
	ok := liaison.Handling{Classification: "PROTECTED B", TLP: "AMBER", CrimeArea: liaison.AreaDrugs}
	with := func(f func(*liaison.Handling)) liaison.Handling { h := ok; f(&h); return h }
	tests := []struct {
		name, from, to string
		h              liaison.Handling
		reason         string
	}{
		{"OK", "ca", "in", ok, ""},
		{"AboveCeiling", "ca", "in", with(func(h *liaison.Handling) { h.Classification = "SECRET" }), "ceiling is C"},
		{"ReceiverNotParty", "ca", "us", ok, "this node's party us"},
		{"SenderNotParty", "us", "in", ok, "party us is not a party"},
		{"OutOfScope", "ca", "in", with(func(h *liaison.Handling) { h.CrimeArea = liaison.AreaFraud }), "outside the arrangement's scope"},
		{"OtherSchemesLabel", "ca", "in", with(func(h *liaison.Handling) { h.Classification = "RESTRICTED" }), `"RESTRICTED" is not in ca's scheme`},
		{"PersonalDataNoBasis", "ca", "in", with(func(h *liaison.Handling) { h.PersonalData, h.Subjects = true, []string{"suspect"} }), "needs a legal basis"},
		{"PersonalDataSuspect", "ca", "in", with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "mlat"
		}), ""},
		{"PersonalDataVictimNoTerm", "ca", "in", with(func(h *liaison.Handling) { h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"victim"}, "mlat" }), "no personal data about victims cross for crime area drugs under mlat"},
		{"PersonalDataSendersOwnLaw", "ca", "in", with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "ca-privacy"
		}), ""},
		{"PersonalDataReceiversLaw", "ca", "in", with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "in-dpdp"
		}), "not an instrument of the arrangement that ca may cite"},
		{"PersonalDataUnknownBasis", "ca", "in", with(func(h *liaison.Handling) {
			h.PersonalData, h.Subjects, h.LegalBasis = true, []string{"suspect"}, "gdpr"
		}), "not an instrument"},
		{"PersonalDataNoSubjects", "ca", "in", with(func(h *liaison.Handling) { h.PersonalData, h.LegalBasis = true, "mlat" }), "must say whom it is about"},
		{"IntelligenceUnevaluated", "ca", "in", with(func(h *liaison.Handling) { h.Intelligence = true }), "intelligence must carry an evaluation"},
		{"IntelligenceEvaluated", "ca", "in", with(func(h *liaison.Handling) { h.Intelligence, h.SourceReliability, h.InfoCredibility = true, "B", "2" }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, Receive(testArrangement(), tt.from, tt.to, tt.h, nil), tt.reason)
		})
	}
}

func TestRead(t *testing.T) {
	drugs := []liaison.CrimeArea{liaison.AreaDrugs}
	lo := &liaison.Officer{ID: "lo", Name: "Lo", Party: "in", Agency: "ncb", Role: liaison.RoleLiaison, Areas: drugs}
	sup := &liaison.Officer{ID: "sup", Name: "Sup", Party: "in", Agency: "ncb", Role: liaison.RoleSupervisor, Areas: drugs}
	analyst := &liaison.Officer{ID: "an", Name: "An", Party: "in", Agency: "ncb", Role: liaison.RoleAnalyst, Areas: drugs}
	nia := &liaison.Officer{ID: "nia1", Name: "Nia", Party: "in", Agency: "nia", Role: liaison.RoleAnalyst, Areas: drugs}
	niaLO := &liaison.Officer{ID: "nia2", Name: "NiaLO", Party: "in", Agency: "nia", Role: liaison.RoleLiaison, Areas: drugs}
	cyber := &liaison.Officer{ID: "cy", Name: "Cy", Party: "in", Agency: "ncb", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaCyber}}
	auditor := &liaison.Officer{ID: "au", Name: "Au", Party: "in", Agency: "ncb", Role: liaison.RoleAuditor, Areas: liaison.CrimeAreas}
	admin := &liaison.Officer{ID: "ad", Name: "Ad", Party: "in", Agency: "ncb", Role: liaison.RoleAdmin, Areas: liaison.CrimeAreas}
	in := func(tlp string, to liaison.Recipients, passed ...string) Content {
		return Content{Handling: liaison.Handling{TLP: tlp, CrimeArea: liaison.AreaDrugs}, Inbound: true, Origin: "ca", To: to, Disseminated: passed}
	}
	own := func(tlp string) Content {
		return Content{Handling: liaison.Handling{TLP: tlp, CrimeArea: liaison.AreaDrugs}, Author: "lo", AuthorAgency: "ncb"}
	}
	national := liaison.Recipients{}
	toNIA := liaison.Recipients{Agencies: []string{"in/nia"}}
	toNia1 := liaison.Recipients{Officers: []string{"nia1"}}
	toOtherParty := liaison.Recipients{Agencies: []string{"ca/rcmp"}}
	tests := []struct {
		name   string
		o      *liaison.Officer
		c      Content
		reason string
	}{
		// Roles.
		{"LiaisonNational", lo, in(liaison.TLPAmber, national), ""},
		{"SupervisorNational", sup, in(liaison.TLPAmber, national), ""},
		{"AnalystNotAddressed", analyst, in(liaison.TLPAmber, national), "not addressed to officer An or agency ncb"},
		{"Auditor", auditor, in(liaison.TLPClear, national), "role auditor does not read"},
		{"Admin", admin, in(liaison.TLPGreen, national), "role admin does not read"},
		// Crime areas.
		{"OtherArea", cyber, in(liaison.TLPAmber, national), "does not work in crime area drugs"},
		{"OtherAreaClear", cyber, in(liaison.TLPClear, national), ""},
		{"OtherAreaGreen", cyber, in(liaison.TLPGreen, national), "does not work in crime area drugs"},
		// Addressing to agencies.
		{"AgencyAddressed", nia, in(liaison.TLPAmber, toNIA), ""},
		{"AgencyAddressedLiaisonOfOther", lo, in(liaison.TLPAmber, toNIA), "not addressed to officer Lo or agency ncb"},
		{"AgencyOfOtherPartyIsNational", lo, in(liaison.TLPAmber, toOtherParty), ""},
		{"NamedOfficer", nia, in(liaison.TLPAmber, toNia1), ""},
		{"NamedOtherOfficer", niaLO, in(liaison.TLPAmber, toNia1), "not addressed to officer NiaLO"},
		// TLP.
		{"RedNamed", nia, in(liaison.TLPRed, toNia1), ""},
		{"RedNotNamed", niaLO, in(liaison.TLPRed, toNia1), "TLP:RED: only the named recipients"},
		{"RedAgencyNotEnough", nia, in(liaison.TLPRed, toNIA), "TLP:RED"},
		{"RedNationalNotEnough", lo, in(liaison.TLPRed, national), "TLP:RED"},
		{"AmberStrictAgency", niaLO, in(liaison.TLPAmberStrict, toNIA), ""},
		{"AmberStrictDisseminatedRefused", analyst, in(liaison.TLPAmberStrict, toNIA, "ncb"), "TLP:AMBER+STRICT: only the recipient organisation"},
		{"AmberDisseminated", analyst, in(liaison.TLPAmber, toNIA, "ncb"), ""},
		{"AmberDisseminatedElsewhere", analyst, in(liaison.TLPAmber, toNIA, "cbi"), "nor passed on"},
		{"GreenDisseminated", analyst, in(liaison.TLPGreen, national, "ncb"), ""},
		{"ClearNotAddressed", analyst, in(liaison.TLPClear, toNIA), "not addressed"},
		{"ClearAddressed", nia, in(liaison.TLPClear, toNIA), ""},
		// Own content.
		{"OwnAuthor", lo, own(liaison.TLPRed), ""},
		{"OwnRedOther", sup, own(liaison.TLPRed), "only its author"},
		{"OwnAmberStrictSameAgency", analyst, own(liaison.TLPAmberStrict), ""},
		{"OwnAmberStrictOtherAgency", nia, own(liaison.TLPAmberStrict), "only the author's agency ncb"},
		{"OwnAmberOtherAgency", nia, own(liaison.TLPAmber), ""},
		{"OwnOtherArea", cyber, own(liaison.TLPGreen), "does not work in crime area drugs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, Read(Reader{Officer: tt.o, Party: "in"}, tt.c), tt.reason) })
	}
}

func check(t *testing.T, d Decision, reason string) {
	t.Helper()
	if reason == "" {
		if !d.Allow {
			t.Errorf("decision = %v, want allow", d)
		}
		return
	}
	if d.Allow {
		t.Fatalf("decision = allow, want deny with %q", reason)
	}
	if !strings.Contains(strings.Join(d.Reasons, "; "), reason) {
		t.Errorf("decision = %v, want a reason containing %q", d, reason)
	}
	if liaison.ErrorCode(d.Err()) != liaison.EFORBIDDEN {
		t.Errorf("Err() code = %q, want forbidden", liaison.ErrorCode(d.Err()))
	}
}
