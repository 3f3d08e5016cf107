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
		Instrument: []liaison.Instrument{{ID: "mlat", Title: "MLAT"}},
		Levels:     []string{"U", "R", "C", "S"},
		Schemes: map[string][]liaison.Marking{
			"in": {{Label: "UNCLASSIFIED", Level: "U"}, {Label: "RESTRICTED", Level: "R"}, {Label: "CONFIDENTIAL", Level: "C"}, {Label: "SECRET", Level: "S"}},
			"ca": {{Label: "UNCLASSIFIED", Level: "U"}, {Label: "PROTECTED B", Level: "R"}, {Label: "SECRET", Level: "S"}},
		},
		Ceiling: "C",
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
		{"PersonalDataNoBasis", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.PersonalData = true }), "needs a legal basis"},
		{"PersonalDataWithBasis", liaisonOfficer, "in", []string{"ca"}, with(func(h *liaison.Handling) { h.PersonalData, h.LegalBasis = true, "mlat" }), ""},
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
	secret := ok
	secret.Classification = "SECRET"
	tests := []struct {
		name, from, to string
		h              liaison.Handling
		reason         string
	}{
		{"OK", "ca", "in", ok, ""},
		{"AboveCeiling", "ca", "in", secret, "ceiling is C"},
		{"ReceiverNotParty", "ca", "us", ok, "this node's party us"},
		{"SenderNotParty", "us", "in", ok, "party us is not a party"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, Receive(testArrangement(), tt.from, tt.to, tt.h), tt.reason)
		})
	}
}

func TestRead(t *testing.T) {
	h := liaison.Handling{CrimeArea: liaison.AreaDrugs}
	tests := []struct {
		name   string
		o      *liaison.Officer
		reason string
	}{
		{"Liaison", &liaison.Officer{Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, ""},
		{"Analyst", &liaison.Officer{Role: liaison.RoleAnalyst, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, ""},
		{"OtherArea", &liaison.Officer{Name: "M", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "does not work in crime area drugs"},
		{"Auditor", &liaison.Officer{Role: liaison.RoleAuditor, Areas: liaison.CrimeAreas}, "role auditor does not read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, Read(tt.o, h), tt.reason) })
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
