package liaison

import (
	"slices"
	"testing"
)

func TestArrangementHasParty(t *testing.T) {
	a := testArrangement()
	for p, want := range map[string]bool{"in": true, "ca": true, "us": false, "": false, "IN": false} {
		if got := a.HasParty(p); got != want {
			t.Errorf("HasParty(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestArrangementCovers(t *testing.T) {
	a := testArrangement()
	a.CrimeAreas = []CrimeArea{AreaDrugs, AreaCyber}
	for area, want := range map[CrimeArea]bool{AreaDrugs: true, AreaCyber: true, AreaFraud: false, "": false} {
		if got := a.Covers(area); got != want {
			t.Errorf("Covers(%q) = %v, want %v", area, got, want)
		}
	}
}

func TestArrangementLevel(t *testing.T) {
	a := testArrangement()
	a.Schemes["ca"] = append(a.Schemes["ca"], Marking{"COSMIC", "ULTRA"})
	tests := []struct {
		party, label string
		want         int
		ok           bool
	}{
		{"in", "UNCLASSIFIED", 0, true},
		{"in", "TOP SECRET", 4, true},
		{"ca", "PROTECTED A", 1, true},
		{"ca", "PROTECTED B", 1, true},
		{"ca", "PROTECTED C", 2, true},
		{"ca", "SECRET", 3, true},
		{"in", "PROTECTED A", -1, false},
		{"us", "SECRET", -1, false},
		{"ca", "COSMIC", -1, false}, // maps to a level the order does not know
		{"ca", "", -1, false},
	}
	for _, tt := range tests {
		got, ok := a.Level(tt.party, tt.label)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Level(%q, %q) = %d, %v, want %d, %v", tt.party, tt.label, got, ok, tt.want, tt.ok)
		}
	}
}

func TestArrangementCeilingLevel(t *testing.T) {
	a := testArrangement()
	if got := a.CeilingLevel(); got != 2 {
		t.Errorf("CeilingLevel() = %d, want 2", got)
	}
	a.Ceiling = "COSMIC"
	if got := a.CeilingLevel(); got != -1 {
		t.Errorf("CeilingLevel() with unknown ceiling = %d, want -1", got)
	}
}

func TestArrangementLabels(t *testing.T) {
	a := testArrangement()
	if got := a.Labels("ca"); !slices.Equal(got, caLabels) {
		t.Errorf("Labels(ca) = %q, want %q", got, caLabels)
	}
	if got := a.Labels("us"); got != nil {
		t.Errorf("Labels(us) = %q, want nil", got)
	}
}

func TestArrangementInstrumentByID(t *testing.T) {
	a := testArrangement()
	in, ok := a.InstrumentByID("ca-privacy-act-8-2-f")
	if !ok || in.Party != "ca" {
		t.Errorf("InstrumentByID(ca-privacy-act-8-2-f) = %+v, %v, want the Canadian instrument", in, ok)
	}
	if in, ok := a.InstrumentByID("nope"); ok || in != (Instrument{}) {
		t.Errorf("InstrumentByID(nope) = %+v, %v, want zero, false", in, ok)
	}
}

func TestArrangementLegalBases(t *testing.T) {
	a := testArrangement()
	for party, want := range map[string][]string{"in": inBases, "ca": caBases} {
		var got []string
		for _, in := range a.LegalBases(party) {
			got = append(got, in.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("LegalBases(%q) = %q, want %q", party, got, want)
		}
	}
}

func TestArrangementEvaluationScale(t *testing.T) {
	tests := []struct {
		eval          string
		sources, info []string
	}{
		{"", admSources, admInfos},
		{EvalAdmiralty, admSources, admInfos},
		{EvalEuropol, eurSources, eurInfos},
		{"other", nil, nil},
	}
	for _, tt := range tests {
		a := &Arrangement{Evaluation: tt.eval}
		s, i := a.EvaluationScale()
		if !slices.Equal(s, tt.sources) || !slices.Equal(i, tt.info) {
			t.Errorf("EvaluationScale() for %q = %q, %q, want %q, %q", tt.eval, s, i, tt.sources, tt.info)
		}
	}
}
