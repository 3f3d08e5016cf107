package stix

import (
	"strings"

	"github.com/liaison-project/liaison"
)

// TLP 2.0 marking definitions as OASIS publishes them for FIRST's TLP 2.0
// (oasis-open/cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0: the examples tlp-*.json and
// the schema extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json).
// The ids are fixed; the objects have no modified and no created_by_ref.
// All TLP constants live in this file so that a correction is made once.
const (
	TLP2ExtensionDefinition = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

	TLP2Clear       = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
	TLP2Green       = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	TLP2Amber       = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	TLP2AmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
	TLP2Red         = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
)

// TLP 1.0 marking definitions of STIX 2.1 itself (section 7.2.1.4, "TLP
// Marking Object Definitions"): definition_type "tlp", created
// 2017-01-20T00:00:00.000Z, the ids fixed by the specification.
const (
	TLP1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	TLP1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
	TLP1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	TLP1Red   = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
)

// tlpByID maps each marking-definition id to its TLP 2.0 label. TLP:WHITE
// of TLP 1.0 became TLP:CLEAR in TLP 2.0 (FIRST, TLP 2.0, 2022); TLP 1.0
// AMBER maps to TLP 2.0 AMBER, the label with the same audience.
var tlpByID = map[string]string{
	TLP2Clear:       liaison.TLPClear,
	TLP2Green:       liaison.TLPGreen,
	TLP2Amber:       liaison.TLPAmber,
	TLP2AmberStrict: liaison.TLPAmberStrict,
	TLP2Red:         liaison.TLPRed,
	TLP1White:       liaison.TLPClear,
	TLP1Green:       liaison.TLPGreen,
	TLP1Amber:       liaison.TLPAmber,
	TLP1Red:         liaison.TLPRed,
}

// TLPMarkingID returns the TLP 2.0 marking-definition id of a TLP 2.0
// label (liaison.TLPClear ...), "" for an unknown label.
func TLPMarkingID(label string) string {
	switch label {
	case liaison.TLPClear:
		return TLP2Clear
	case liaison.TLPGreen:
		return TLP2Green
	case liaison.TLPAmber:
		return TLP2Amber
	case liaison.TLPAmberStrict:
		return TLP2AmberStrict
	case liaison.TLPRed:
		return TLP2Red
	}
	return ""
}

// TLPLabel returns the TLP 2.0 label of one marking-definition id (TLP
// 2.0 or the TLP 1.0 ids of STIX 2.1), and false for any other marking.
func TLPLabel(markingID string) (string, bool) {
	l, ok := tlpByID[markingID]
	return l, ok
}

// TLPOf returns the TLP 2.0 label that object_marking_refs give: the most
// restrictive of the TLP markings listed (an object marked both GREEN and
// RED is handled as RED), and false when none is a TLP marking, in which
// case the caller applies its default (a collection's, an arrangement's).
func TLPOf(objectMarkingRefs []string) (string, bool) {
	best, found := -1, false
	for _, ref := range objectMarkingRefs {
		l, ok := tlpByID[ref]
		if !ok {
			continue
		}
		for i, x := range liaison.TLPLabels {
			if x == l && i > best {
				best, found = i, true
			}
		}
	}
	if !found {
		return "", false
	}
	return liaison.TLPLabels[best], true
}

// TLPMarkingDefinitions returns the TLP 2.0 marking-definition objects as
// OASIS publishes them, CLEAR to RED, each as JSON bytes that [Decode]
// accepts. A TAXII server serves these so clients can resolve the refs.
func TLPMarkingDefinitions() [][]byte {
	out := make([][]byte, 0, 5)
	for _, m := range []struct{ id, name, level string }{
		{TLP2Clear, "TLP:CLEAR", "clear"},
		{TLP2Green, "TLP:GREEN", "green"},
		{TLP2Amber, "TLP:AMBER", "amber"},
		{TLP2AmberStrict, "TLP:AMBER+STRICT", "amber+strict"},
		{TLP2Red, "TLP:RED", "red"},
	} {
		out = append(out, []byte(`{"type":"marking-definition","spec_version":"2.1","id":"`+m.id+
			`","created":"2022-10-01T00:00:00.000Z","name":"`+m.name+
			`","extensions":{"`+TLP2ExtensionDefinition+`":{"extension_type":"property-extension","tlp_2_0":"`+m.level+`"}}}`))
	}
	return out
}

// checkTLPDefinition refuses a marking definition that reuses a TLP id
// for another level: TLPOf trusts the ids, and a reader who looks at the
// object must see the same level.
func (o *Object) checkTLPDefinition(f *liaison.Fields) {
	label, ok := tlpByID[o.ID]
	if !ok {
		return
	}
	v1 := map[string]string{TLP1White: "white", TLP1Green: "green", TLP1Amber: "amber", TLP1Red: "red"}
	if want, isV1 := v1[o.ID]; isV1 {
		def, _ := o.Get("definition")
		v, _ := getMember(def, "tlp")
		if s, _ := jsonString(v); s != want {
			f.Add("definition.tlp", "the id is that of TLP 1.0 "+strings.ToUpper(want)+"; the definition must say "+quote(want))
		}
		return
	}
	want := strings.ToLower(label)
	for _, e := range o.Extensions {
		if e.Name != TLP2ExtensionDefinition {
			continue
		}
		v, _ := getMember(e.Value, "tlp_2_0")
		if s, _ := jsonString(v); s != want {
			f.Add("extensions."+TLP2ExtensionDefinition+".tlp_2_0", "the id is that of TLP:"+label+"; tlp_2_0 must be "+quote(want))
		}
		return
	}
	f.Add("extensions", "the id is that of TLP:"+label+"; the TLP 2.0 extension "+TLP2ExtensionDefinition+" is required")
}
