package arrangement

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

const examplePath = "../../examples/arrangements/in-ca.toml"

// MustReadExample returns the bytes of the shipped India–Canada file.
func MustReadExample(tb testing.TB) []byte {
	tb.Helper()
	raw, err := os.ReadFile(examplePath)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func TestParseExample(t *testing.T) {
	raw := MustReadExample(t)
	got, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%s) = %v", examplePath, err)
	}
	sum := sha256.Sum256(raw)
	if want := hex.EncodeToString(sum[:]); got.ID != want {
		t.Errorf("ID = %s, want %s", got.ID, want)
	}
	if string(got.Raw) != string(raw) {
		t.Errorf("Raw is not the file's bytes")
	}
	got.ID, got.Raw = "", nil
	mark := func(pairs ...string) []liaison.Marking {
		var ms []liaison.Marking
		for i := 0; i < len(pairs); i += 2 {
			ms = append(ms, liaison.Marking{Label: pairs[i], Level: pairs[i+1]})
		}
		return ms
	}
	want := &liaison.Arrangement{
		Name:       "India–Canada security and law-enforcement arrangement",
		Version:    1,
		Parties:    []string{"in", "ca"},
		CrimeAreas: liaison.CrimeAreas,
		Levels:     []string{"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"},
		Schemes: map[string][]liaison.Marking{
			"in": mark("UNCLASSIFIED", "UNCLASSIFIED", "RESTRICTED", "RESTRICTED", "CONFIDENTIAL", "CONFIDENTIAL",
				"SECRET", "SECRET", "TOP SECRET", "TOP SECRET"),
			"ca": mark("UNCLASSIFIED", "UNCLASSIFIED", "PROTECTED A", "RESTRICTED", "PROTECTED B", "RESTRICTED",
				"PROTECTED C", "CONFIDENTIAL", "CONFIDENTIAL", "CONFIDENTIAL", "SECRET", "SECRET", "TOP SECRET", "TOP SECRET"),
		},
		Ceiling:    "CONFIDENTIAL",
		Evaluation: liaison.EvalAdmiralty,
		Deadlines: map[liaison.Priority]time.Duration{
			liaison.PriorityUrgent:  8 * time.Hour,
			liaison.PriorityHigh:    72 * time.Hour,
			liaison.PriorityRoutine: 168 * time.Hour,
		},
		RetentionDays: 1825,
		ReadReceipts:  true,
	}
	// Instruments: check ids and parties here, titles by eye in the file.
	var ids, parties []string
	for _, in := range got.Instrument {
		ids = append(ids, in.ID)
		parties = append(parties, in.Party)
		if in.Title == "" || in.Cite == "" {
			t.Errorf("instrument %s has no title or cite", in.ID)
		}
	}
	got.Instrument = nil
	// Transfers: checked by their effect in TestParseExampleTerms.
	got.Transfers = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(%s) mismatch (-want +got):\n%s", examplePath, diff)
	}
	wantIDs := []string{"ca-in-extradition-1987", "ca-in-mlat-1995", "ca-privacy-act-8-2-f", "in-dpdp-2023-17-1-c"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("instrument ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "", "ca", "in"}, parties); diff != "" {
		t.Errorf("instrument parties (-want +got):\n%s", diff)
	}
}

func TestParseExampleTerms(t *testing.T) {
	a, err := Parse(MustReadExample(t))
	if err != nil {
		t.Fatal(err)
	}
	if lvl, _ := a.Level("ca", "PROTECTED B"); lvl > a.CeilingLevel() {
		t.Errorf("PROTECTED B is above the ceiling; Canadian law-enforcement content could not travel")
	}
	if lvl, _ := a.Level("in", "SECRET"); lvl <= a.CeilingLevel() {
		t.Errorf("SECRET is at or below the ceiling %s", a.Ceiling)
	}
	h := liaison.Handling{Classification: "PROTECTED B", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs,
		LegalBasis: "ca-privacy-act-8-2-f", PersonalData: true, Subjects: []string{liaison.SubjectSuspect}}
	if err := h.Validate(a, "ca"); err != nil {
		t.Errorf("Validate(Canadian handling) under the example = %v", err)
	}
	transfers := []struct {
		area           liaison.CrimeArea
		subject, basis string
		want           bool
	}{
		{liaison.AreaDrugs, liaison.SubjectSuspect, "ca-in-extradition-1987", true},
		{liaison.AreaImmigration, liaison.SubjectSuspect, "in-dpdp-2023-17-1-c", true},
		{liaison.AreaFraud, liaison.SubjectVictim, "ca-privacy-act-8-2-f", true},
		{liaison.AreaFraud, liaison.SubjectVictim, "ca-in-extradition-1987", false},
		{liaison.AreaImmigration, liaison.SubjectWitness, "ca-in-mlat-1995", false},
		{liaison.AreaDrugs, liaison.SubjectOther, "ca-in-mlat-1995", true},
		{liaison.AreaCyber, liaison.SubjectOther, "ca-in-mlat-1995", false},
	}
	for _, tt := range transfers {
		if got := a.PermitsTransfer(tt.area, tt.subject, tt.basis); got != tt.want {
			t.Errorf("PermitsTransfer(%s, %s, %s) = %v, want %v", tt.area, tt.subject, tt.basis, got, tt.want)
		}
	}
}

func TestParseIDChangesWithEveryByte(t *testing.T) {
	raw := MustReadExample(t)
	a, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	// A change inside a comment still parses, to a different arrangement.
	changed := append([]byte(nil), raw...)
	changed[2] ^= 0x20 // "# India" becomes "# india"
	b, err := Parse(changed)
	if err != nil {
		t.Fatalf("Parse(changed comment) = %v", err)
	}
	if a.ID == b.ID {
		t.Errorf("ID unchanged after a byte changed: %s", a.ID)
	}
	c, err := Parse(append(append([]byte(nil), raw...), '\n'))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == a.ID {
		t.Errorf("ID unchanged after a trailing newline")
	}
}
