package liaison

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// testArrangement returns the India–Canada terms in the shape
// internal/arrangement parses them to, built in Go so that root tests need
// no file and no third-party decoder.
func testArrangement() *Arrangement {
	return &Arrangement{
		ID:      strings.Repeat("ab", 32),
		Name:    "India–Canada security and law-enforcement arrangement",
		Version: 1,
		Parties: []string{"in", "ca"},
		CrimeAreas: []CrimeArea{
			AreaDrugs, AreaOrganisedCrime, AreaCyber, AreaFraud, AreaImmigration, AreaTerrorism,
		},
		Instrument: []Instrument{
			{ID: "ca-in-extradition-1987", Title: "Extradition Treaty between Canada and India"},
			{ID: "ca-in-mlat-1995", Title: "Treaty on Mutual Legal Assistance in Criminal Matters"},
			{ID: "ca-privacy-act-8-2-f", Title: "Privacy Act, s. 8(2)(f)", Party: "ca"},
			{ID: "in-dpdp-2023-17-1-c", Title: "Digital Personal Data Protection Act, 2023, s. 17(1)(c)", Party: "in"},
		},
		Levels: []string{"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"},
		Schemes: map[string][]Marking{
			"in": {
				{"UNCLASSIFIED", "UNCLASSIFIED"}, {"RESTRICTED", "RESTRICTED"},
				{"CONFIDENTIAL", "CONFIDENTIAL"}, {"SECRET", "SECRET"}, {"TOP SECRET", "TOP SECRET"},
			},
			"ca": {
				{"UNCLASSIFIED", "UNCLASSIFIED"}, {"PROTECTED A", "RESTRICTED"},
				{"PROTECTED B", "RESTRICTED"}, {"PROTECTED C", "CONFIDENTIAL"},
				{"CONFIDENTIAL", "CONFIDENTIAL"}, {"SECRET", "SECRET"}, {"TOP SECRET", "TOP SECRET"},
			},
		},
		Ceiling:    "CONFIDENTIAL",
		Evaluation: EvalAdmiralty,
		Deadlines: map[Priority]time.Duration{
			PriorityUrgent: 8 * time.Hour, PriorityHigh: 72 * time.Hour, PriorityRoutine: 168 * time.Hour,
		},
		RetentionDays: 1825,
		ReadReceipts:  true,
	}
}

// testHandling returns a valid handling for content India sends.
func testHandling() Handling {
	return Handling{
		Classification:    "RESTRICTED",
		TLP:               TLPAmber,
		Codes:             []string{CodeLawEnforcementOnly, CodeNoOnwardDissemination},
		SourceReliability: "B",
		InfoCredibility:   "2",
		CrimeArea:         AreaDrugs,
		LegalBasis:        "ca-in-mlat-1995",
		PersonalData:      true,
		Subjects:          []string{SubjectSuspect},
		RetainUntil:       "2030-12-31",
	}
}

var (
	inLabels   = []string{"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"}
	caLabels   = []string{"UNCLASSIFIED", "PROTECTED A", "PROTECTED B", "PROTECTED C", "CONFIDENTIAL", "SECRET", "TOP SECRET"}
	allAreas   = []string{"drugs", "organised_crime", "cyber", "fraud", "immigration", "terrorism"}
	inBases    = []string{"ca-in-extradition-1987", "ca-in-mlat-1995", "in-dpdp-2023-17-1-c"}
	caBases    = []string{"ca-in-extradition-1987", "ca-in-mlat-1995", "ca-privacy-act-8-2-f"}
	codesAllow = []string{CodeLawEnforcementOnly, CodeNoJudicialUse, CodeNoOnwardDissemination, "other:TEXT"}
	admSources = []string{"A", "B", "C", "D", "E", "F"}
	admInfos   = []string{"1", "2", "3", "4", "5", "6"}
	eurSources = []string{"A", "B", "C", "X"}
	eurInfos   = []string{"1", "2", "3", "4"}
)

// checkFields compares got with want: the same fields in the same order,
// the same allowed values, and each wanted problem a substring of the one
// got (problems are prose; the test pins their gist, not every word).
func checkFields(t *testing.T, err error, want []FieldError) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("Validate() = %v, want nil", err)
		}
		return
	}
	if code := ErrorCode(err); code != EINVALID {
		t.Fatalf("Validate() code = %q (%v), want %q", code, err, EINVALID)
	}
	got := ErrorFields(err)
	if len(got) != len(want) {
		t.Fatalf("Validate() = %v\ngot %d field problems, want %d: %+v", err, len(got), len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Field != w.Field || !strings.Contains(g.Problem, w.Problem) || !slices.Equal(g.Allowed, w.Allowed) {
			t.Errorf("problem %d = %+v\nwant %+v", i, g, w)
		}
	}
}
