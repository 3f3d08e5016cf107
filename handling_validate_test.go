package liaison

import (
	"strings"
	"testing"
)

func TestHandlingValidate(t *testing.T) {
	long := strings.Repeat("é", 201)
	tests := []struct {
		name  string
		party string
		edit  func(*Handling)
		arr   func(*Arrangement)
		want  []FieldError
	}{
		{name: "OK", party: "in", edit: func(*Handling) {}},
		{name: "OKCanada", party: "ca", edit: func(h *Handling) {
			h.Classification, h.LegalBasis = "PROTECTED B", "ca-privacy-act-8-2-f"
		}},
		{name: "OKMinimal", party: "in", edit: func(h *Handling) {
			*h = Handling{Classification: "UNCLASSIFIED", TLP: TLPClear, CrimeArea: AreaCyber}
		}},
		{name: "OKAboveCeiling", party: "in", edit: func(h *Handling) { h.Classification = "SECRET" }},
		{name: "OKEveryTLP", party: "in", edit: func(h *Handling) { h.TLP = TLPAmberStrict }},
		{name: "OKOtherCode", party: "in", edit: func(h *Handling) {
			h.Codes = []string{"other:not for use in immigration decisions", CodeNoJudicialUse}
		}},
		{name: "OKOther200", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:" + long[2:]} }},
		{name: "OKNoEvaluation", party: "in", edit: func(h *Handling) { h.SourceReliability, h.InfoCredibility = "", "" }},
		{name: "OKEuropol", party: "in", arr: europol, edit: func(h *Handling) { h.SourceReliability, h.InfoCredibility = "X", "4" }},
		{name: "OKDefaultEvaluation", party: "in", arr: func(a *Arrangement) { a.Evaluation = "" },
			edit: func(h *Handling) { h.SourceReliability, h.InfoCredibility = "F", "6" }},
		{name: "OKNoPersonalData", party: "in", edit: func(h *Handling) { h.PersonalData, h.LegalBasis, h.Subjects = false, "", nil }},
		{name: "OKSubjects", party: "in", edit: func(h *Handling) { h.Subjects = []string{SubjectVictim, SubjectWitness, SubjectOther} }},
		{name: "OKIntelligence", party: "in", edit: func(h *Handling) { h.Intelligence = true }},
		{name: "OKLeapDay", party: "in", edit: func(h *Handling) { h.RetainUntil = "2028-02-29" }},

		{name: "ErrClassificationRequired", party: "in", edit: func(h *Handling) { h.Classification = "" },
			want: []FieldError{{"classification", "required", inLabels}}},
		{name: "ErrClassificationOtherScheme", party: "in", edit: func(h *Handling) { h.Classification = "PROTECTED B" },
			want: []FieldError{{"classification", `unknown label "PROTECTED B" in the scheme of party "in"`, inLabels}}},
		{name: "ErrClassificationLowerCase", party: "ca", edit: func(h *Handling) { h.Classification = "protected a" },
			want: []FieldError{{"classification", `unknown label "protected a"`, caLabels}}},
		{name: "ErrPartyUnknown", party: "us", edit: func(h *Handling) { h.LegalBasis, h.PersonalData, h.Subjects = "", false, nil },
			want: []FieldError{{"classification", `"us" is not a party`, nil}}},
		{name: "ErrPartyWithoutScheme", party: "in", arr: func(a *Arrangement) { delete(a.Schemes, "in") },
			edit: func(*Handling) {}, want: []FieldError{{"classification", `no classification scheme for party "in"`, nil}}},
		{name: "ErrTLPRequired", party: "in", edit: func(h *Handling) { h.TLP = "" },
			want: []FieldError{{"tlp", "required", TLPLabels}}},
		{name: "ErrTLPUnknown", party: "in", edit: func(h *Handling) { h.TLP = "PURPLE" },
			want: []FieldError{{"tlp", `unknown label "PURPLE"`, TLPLabels}}},
		{name: "ErrTLPLowerCase", party: "in", edit: func(h *Handling) { h.TLP = "amber" },
			want: []FieldError{{"tlp", `unknown label "amber"`, TLPLabels}}},
		{name: "ErrTLPWhite", party: "in", edit: func(h *Handling) { h.TLP = "WHITE" },
			want: []FieldError{{"tlp", `unknown label "WHITE"`, TLPLabels}}},
		{name: "ErrCodeUnknown", party: "in", edit: func(h *Handling) { h.Codes = []string{CodeNoJudicialUse, "secret-squirrel"} },
			want: []FieldError{{"codes[1]", `unknown code "secret-squirrel"`, codesAllow}}},
		{name: "ErrCodeDuplicate", party: "in", edit: func(h *Handling) { h.Codes = []string{CodeNoJudicialUse, CodeNoJudicialUse} },
			want: []FieldError{{"codes[1]", `duplicate code "no-judicial-use"`, nil}}},
		{name: "ErrCodeOtherDuplicate", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:x", "other:x"} },
			want: []FieldError{{"codes[1]", "duplicate code", nil}}},
		{name: "ErrCodeOtherEmpty", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:"} },
			want: []FieldError{{"codes[0]", `must be followed by text`, nil}}},
		{name: "ErrCodeOtherBlank", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:   "} },
			want: []FieldError{{"codes[0]", `must be followed by text`, nil}}},
		{name: "ErrCodeOtherTooLong", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:" + long} },
			want: []FieldError{{"codes[0]", "longer than 200 characters", nil}}},
		{name: "ErrCodeOtherControl", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:a\nb"} },
			want: []FieldError{{"codes[0]", "control character", nil}}},
		{name: "ErrCodeOtherUTF8", party: "in", edit: func(h *Handling) { h.Codes = []string{"other:\xff"} },
			want: []FieldError{{"codes[0]", "not valid UTF-8", nil}}},
		{name: "ErrCodeOtherCase", party: "in", edit: func(h *Handling) { h.Codes = []string{"OTHER:x"} },
			want: []FieldError{{"codes[0]", `unknown code "OTHER:x"`, codesAllow}}},
		{name: "ErrTooManyCodes", party: "in", edit: func(h *Handling) { h.Codes = make([]string, 17) },
			want: []FieldError{{"codes", "17 codes, more than 16", nil}}},
		{name: "ErrReliabilityWithoutCredibility", party: "in", edit: func(h *Handling) { h.InfoCredibility = "" },
			want: []FieldError{{"info_credibility", "required when source_reliability is set", admInfos}}},
		{name: "ErrCredibilityWithoutReliability", party: "in", edit: func(h *Handling) { h.SourceReliability = "" },
			want: []FieldError{{"source_reliability", "required when info_credibility is set", admSources}}},
		{name: "ErrReliabilityUnknown", party: "in", edit: func(h *Handling) { h.SourceReliability = "G" },
			want: []FieldError{{"source_reliability", `unknown grade "G" for evaluation scheme admiralty-6x6`, admSources}}},
		{name: "ErrCredibilityUnknown", party: "in", edit: func(h *Handling) { h.InfoCredibility = "7" },
			want: []FieldError{{"info_credibility", `unknown grade "7"`, admInfos}}},
		{name: "ErrReliabilityLowerCase", party: "in", edit: func(h *Handling) { h.SourceReliability = "b" },
			want: []FieldError{{"source_reliability", `unknown grade "b"`, admSources}}},
		{name: "ErrEuropolE", party: "in", arr: europol, edit: func(h *Handling) { h.SourceReliability, h.InfoCredibility = "E", "5" },
			want: []FieldError{
				{"source_reliability", `unknown grade "E" for evaluation scheme europol-4x4`, eurSources},
				{"info_credibility", `unknown grade "5"`, eurInfos},
			}},
		{name: "ErrAdmiraltyX", party: "in", edit: func(h *Handling) { h.SourceReliability = "X" },
			want: []FieldError{{"source_reliability", `unknown grade "X"`, admSources}}},
		{name: "ErrEvaluationSchemeUnknown", party: "in", arr: func(a *Arrangement) { a.Evaluation = "nato-ajp" },
			edit: func(*Handling) {}, want: []FieldError{{"source_reliability", `unknown evaluation scheme "nato-ajp"`, []string{EvalAdmiralty, EvalEuropol}}}},
		{name: "ErrCrimeAreaRequired", party: "in", edit: func(h *Handling) { h.CrimeArea = "" },
			want: []FieldError{{"crime_area", "required", allAreas}}},
		{name: "ErrCrimeAreaUnknown", party: "in", edit: func(h *Handling) { h.CrimeArea = "piracy" },
			want: []FieldError{{"crime_area", `"piracy" is not in the arrangement's scope`, allAreas}}},
		{name: "ErrCrimeAreaOutOfScope", party: "in", arr: func(a *Arrangement) { a.CrimeAreas = []CrimeArea{AreaCyber, AreaFraud} },
			edit: func(*Handling) {}, want: []FieldError{{"crime_area", `"drugs" is not in the arrangement's scope`, []string{"cyber", "fraud"}}}},
		{name: "ErrLegalBasisUnknown", party: "in", edit: func(h *Handling) { h.LegalBasis = "gdpr-6-1-e" },
			want: []FieldError{{"legal_basis", `unknown instrument "gdpr-6-1-e"`, inBases}}},
		{name: "ErrLegalBasisOtherPartysLaw", party: "in", edit: func(h *Handling) { h.LegalBasis = "ca-privacy-act-8-2-f" },
			want: []FieldError{{"legal_basis", `domestic law of party "ca" and cannot be the legal basis for party "in"`, inBases}}},
		{name: "ErrLegalBasisRequired", party: "ca", edit: func(h *Handling) { h.Classification, h.LegalBasis = "PROTECTED A", "" },
			want: []FieldError{{"legal_basis", "required when personal_data is true", caBases}}},
		{name: "ErrSubjectsRequired", party: "in", edit: func(h *Handling) { h.Subjects = nil },
			want: []FieldError{{"subjects", "required when personal_data is true", Subjects}}},
		{name: "ErrSubjectsWithoutPersonalData", party: "in", edit: func(h *Handling) { h.PersonalData, h.LegalBasis = false, "" },
			want: []FieldError{{"subjects", "set only when personal_data is true", nil}}},
		{name: "ErrSubjectUnknown", party: "in", edit: func(h *Handling) { h.Subjects = []string{"suspect", "informant"} },
			want: []FieldError{{"subjects[1]", `unknown subject category "informant"`, Subjects}}},
		{name: "ErrSubjectDuplicate", party: "in", edit: func(h *Handling) { h.Subjects = []string{"victim", "victim"} },
			want: []FieldError{{"subjects[1]", `duplicate subject category "victim"`, nil}}},
		{name: "ErrIntelligenceUnevaluated", party: "in", edit: func(h *Handling) {
			h.Intelligence, h.SourceReliability, h.InfoCredibility = true, "", ""
		}, want: []FieldError{
			{"source_reliability", "required for intelligence", admSources},
			{"info_credibility", "required for intelligence", admInfos},
		}},
		{name: "ErrRetainUntilFormat", party: "in", edit: func(h *Handling) { h.RetainUntil = "31/12/2030" },
			want: []FieldError{{"retain_until", `not a date in the form YYYY-MM-DD: "31/12/2030"`, nil}}},
		{name: "ErrRetainUntilTime", party: "in", edit: func(h *Handling) { h.RetainUntil = "2030-12-31T00:00:00Z" },
			want: []FieldError{{"retain_until", "not a date", nil}}},
		{name: "ErrRetainUntilNoDay", party: "in", edit: func(h *Handling) { h.RetainUntil = "2029-02-29" },
			want: []FieldError{{"retain_until", "not a date", nil}}},
		{name: "ErrRetainUntilShort", party: "in", edit: func(h *Handling) { h.RetainUntil = "2030-1-31" },
			want: []FieldError{{"retain_until", "not a date", nil}}},
		{name: "ErrEverything", party: "in", edit: func(h *Handling) { *h = Handling{PersonalData: true, InfoCredibility: "9"} },
			want: []FieldError{
				{"classification", "required", inLabels},
				{"tlp", "required", TLPLabels},
				{"source_reliability", "required", admSources},
				{"info_credibility", `unknown grade "9"`, admInfos},
				{"crime_area", "required", allAreas},
				{"legal_basis", "required", inBases},
				{"subjects", "required", Subjects},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testArrangement()
			if tt.arr != nil {
				tt.arr(a)
			}
			h := testHandling()
			tt.edit(&h)
			checkFields(t, h.Validate(a, tt.party), tt.want)
		})
	}
}

func europol(a *Arrangement) { a.Evaluation = EvalEuropol }

func TestHandlingValidateNilArrangement(t *testing.T) {
	h := testHandling()
	if err := h.Validate(nil, "in"); ErrorCode(err) != EINVALID {
		t.Errorf("Validate(nil) = %v, want an %s error", err, EINVALID)
	}
}

func TestHandlingValidatePrefix(t *testing.T) {
	h := testHandling()
	h.TLP = "PURPLE"
	var f Fields
	f.Prefix("handling", h.Validate(testArrangement(), "in"))
	got := ErrorFields(f.Err())
	if len(got) != 1 || got[0].Field != "handling.tlp" {
		t.Errorf("prefixed fields = %+v, want one for handling.tlp", got)
	}
}
