package stix

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestTLPOf(t *testing.T) {
	const other = "marking-definition--2a7a6a2e-3b0c-4c2e-9b55-8d8f1f8f2a11"
	for _, tc := range []struct {
		name string
		refs []string
		want string
		ok   bool
	}{
		{"OKClear", []string{TLP2Clear}, liaison.TLPClear, true},
		{"OKGreen", []string{TLP2Green}, liaison.TLPGreen, true},
		{"OKAmber", []string{TLP2Amber}, liaison.TLPAmber, true},
		{"OKAmberStrict", []string{TLP2AmberStrict}, liaison.TLPAmberStrict, true},
		{"OKRed", []string{TLP2Red}, liaison.TLPRed, true},
		{"OKWhiteIsClear", []string{TLP1White}, liaison.TLPClear, true},
		{"OKTLP1Green", []string{TLP1Green}, liaison.TLPGreen, true},
		{"OKTLP1Amber", []string{TLP1Amber}, liaison.TLPAmber, true},
		{"OKTLP1Red", []string{TLP1Red}, liaison.TLPRed, true},
		{"OKMostRestrictive", []string{TLP2Green, other, TLP1Red, TLP2AmberStrict}, liaison.TLPRed, true},
		{"OKOtherMarkingsIgnored", []string{other, TLP2Amber}, liaison.TLPAmber, true},
		{"None", []string{other}, "", false},
		{"Empty", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := TLPOf(tc.refs)
			if got != tc.want || ok != tc.ok {
				t.Errorf("TLPOf(%v) = %q, %v, want %q, %v", tc.refs, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestTLPMarkingDefinitions: the published objects decode, carry the
// extension, and map back to their label.
func TestTLPMarkingDefinitions(t *testing.T) {
	defs := TLPMarkingDefinitions()
	if len(defs) != len(liaison.TLPLabels) {
		t.Fatalf("%d definitions, want %d", len(defs), len(liaison.TLPLabels))
	}
	for i, d := range defs {
		o, err := Decode(d)
		if err != nil {
			t.Fatalf("Decode(%s) = %v", d, err)
		}
		label := liaison.TLPLabels[i]
		if o.ID != TLPMarkingID(label) {
			t.Errorf("definition %d id = %s, want %s", i, o.ID, TLPMarkingID(label))
		}
		if got, _ := TLPLabel(o.ID); got != label {
			t.Errorf("TLPLabel(%s) = %s, want %s", o.ID, got, label)
		}
		if len(o.Extensions) != 1 || o.Extensions[0].Name != TLP2ExtensionDefinition ||
			!strings.Contains(string(o.Extensions[0].Value), `"tlp_2_0":"`+strings.ToLower(label)+`"`) {
			t.Errorf("definition %s extensions = %+v", label, o.Extensions)
		}
	}
	if TLPMarkingID("PURPLE") != "" {
		t.Error(`TLPMarkingID("PURPLE") != ""`)
	}
}
