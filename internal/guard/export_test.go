package guard

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestExport(t *testing.T) {
	base := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs}
	with := func(codes ...string) liaison.Handling { h := base; h.Codes = codes; return h }
	const (
		allowed = liaison.DisseminationAllowed
		refused = liaison.DisseminationRefused
		pending = liaison.DisseminationPendingConsent
	)
	const mla = "MLAT/IN-CA/2026/0042"
	tests := []struct {
		name    string
		h       liaison.Handling
		purpose string
		mla     string
		want    Outcome
		reasons []string
	}{
		{"OK", with(), PurposeProsecution, "", allowed, nil},
		{"OKJudicial", with(), PurposeJudicial, "", allowed, nil},
		{"OKWithMLA", with(), PurposeProsecution, mla, allowed, nil},
		{"NoJudicialUseWithoutMLA", with(liaison.CodeNoJudicialUse), PurposeProsecution, "", refused,
			[]string{"mla_ref", "no-judicial-use", "mutual legal assistance request"}},
		{"NoJudicialUseBlankMLA", with(liaison.CodeNoJudicialUse), PurposeProsecution, "  ", refused, []string{"mla_ref"}},
		{"NoJudicialUseWithMLA", with(liaison.CodeNoJudicialUse), PurposeProsecution, mla, pending,
			[]string{"the originator in must consent: the message is marked no-judicial-use", mla}},
		{"NoJudicialUseJudicial", with(liaison.CodeNoJudicialUse), PurposeJudicial, mla, pending, []string{"must consent"}},
		{"LEOnlyProsecution", with(liaison.CodeLawEnforcementOnly), PurposeProsecution, "", allowed, nil},
		{"LEOnlyInvestigation", with(liaison.CodeLawEnforcementOnly), PurposeInvestigation, "", refused,
			[]string{"law-enforcement-only", "only for purpose prosecution, not investigation"}},
		{"LEOnlyJudicial", with(liaison.CodeLawEnforcementOnly), PurposeJudicial, mla, refused, []string{"not judicial"}},
		{"LEOnlyAdministrative", with(liaison.CodeLawEnforcementOnly), PurposeAdministrative, "", refused, []string{"not administrative"}},
		{"BothProsecutionWithMLA", with(liaison.CodeLawEnforcementOnly, liaison.CodeNoJudicialUse), PurposeProsecution, mla, pending, []string{"no-judicial-use"}},
		{"BothProsecutionNoMLA", with(liaison.CodeLawEnforcementOnly, liaison.CodeNoJudicialUse), PurposeProsecution, "", refused, []string{"mla_ref"}},
		{"BothJudicialNoMLA", with(liaison.CodeLawEnforcementOnly, liaison.CodeNoJudicialUse), PurposeJudicial, "", refused,
			[]string{"law-enforcement-only", "mla_ref"}},
		{"NoOnwardIsNotJudicial", with(liaison.CodeNoOnwardDissemination), PurposeProsecution, "", allowed, nil},
		{"UnknownPurpose", with(), "trial", "", refused, []string{`purpose "trial" is not one of`}},
		{"Other", with("other:disclose only under seal"), PurposeProsecution, "", allowed,
			[]string{"inherits the originator's condition: disclose only under seal"}},
		{"OtherWhenPending", with(liaison.CodeNoJudicialUse, "other:under seal"), PurposeProsecution, mla, pending, []string{"must consent", "condition: under seal"}},
		{"OtherWhenRefused", with(liaison.CodeNoJudicialUse, "other:under seal"), PurposeProsecution, "", refused, []string{"mla_ref", "condition: under seal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Export(Evidence{Origin: "in", Handling: tt.h, Purpose: tt.purpose, MLARef: tt.mla})
			checkRuling(t, r, tt.want, tt.reasons...)
		})
	}
}
