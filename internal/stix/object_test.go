package stix

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// mustBundle reads a bundle from testdata and fails on any bad object.
func mustBundle(tb testing.TB, name string) *Bundle {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := DecodeBundle(data)
	if err != nil {
		tb.Fatalf("DecodeBundle(%s) = %v", name, err)
	}
	for _, it := range b.Failed() {
		tb.Errorf("%s objects[%d]: %v", name, it.Index, it.Err)
	}
	return b
}

func TestDecodeSpecExamples(t *testing.T) {
	b := mustBundle(t, "spec-examples.json")
	want := map[string]Category{
		"identity": CategorySDO, "indicator": CategorySDO, "relationship": CategorySRO,
		"sighting": CategorySRO, "ipv4-addr": CategorySCO, "file": CategorySCO,
		"marking-definition": CategoryMarkingDefinition, "language-content": CategoryLanguageContent,
		"extension-definition": CategoryExtensionDefinition, "my-favorite-sdo": CategorySDO,
		"x-acme-case": CategoryCustom,
	}
	for _, o := range b.Valid() {
		if c, ok := want[o.Type]; ok && o.Category != c {
			t.Errorf("%s: Category = %v, want %v", o.Type, o.Category, c)
		}
	}
}

// TestDecodeLossless: every object of the bundle comes back as the same
// bytes, and each property's value is the sender's bytes.
func TestDecodeLossless(t *testing.T) {
	data, err := os.ReadFile("testdata/spec-examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var in struct{ Objects []json.RawMessage }
	if err := json.Unmarshal(data, &in); err != nil {
		t.Fatal(err)
	}
	b := mustBundle(t, "spec-examples.json")
	for i, o := range b.Valid() {
		if !bytes.Equal(o.Raw, in.Objects[i]) {
			t.Errorf("objects[%d].Raw differs from the input", i)
		}
	}
	campaign := b.Valid()[12]
	v, ok := campaign.Get("x_acme_priority")
	if want := `{"level": 3, "tags": ["a", "b"], "note": "spaces   kept"}`; !ok || string(v) != want {
		t.Errorf("Get(x_acme_priority) = %s, want %s", v, want)
	}
	var names []string
	for _, p := range campaign.Props {
		names = append(names, p.Name)
	}
	if got, want := strings.Join(names, ","), "type,spec_version,id,created,modified,name,x_acme_priority,granular_markings,external_references"; got != want {
		t.Errorf("property order = %s, want %s", got, want)
	}
	file := b.Valid()[8]
	if len(file.Extensions) != 1 || file.Extensions[0].Name != "windows-pebinary-ext" || !strings.Contains(string(file.Extensions[0].Value), `"machine_hex": "014c"`) {
		t.Errorf("file extensions = %+v", file.Extensions)
	}
}

func TestDecodeCommon(t *testing.T) {
	o, err := Decode([]byte(`{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":"2016-04-06T20:03:48.123Z","modified":"2016-04-06T20:03:48.123456Z","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
		"revoked":true,"labels":["a","b"],"confidence":85,"lang":"en-GB",
		"external_references":[{"source_name":"x","url":"https://example.org/"}],
		"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"],
		"pattern":"[url:value = 'http://x.example/']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if o.Type != "indicator" || o.SpecVersion != "2.1" || o.CreatedByRef == "" || !o.Revoked ||
		len(o.Labels) != 2 || o.Confidence == nil || *o.Confidence != 85 || o.Lang != "en-GB" ||
		len(o.ExternalReferences) != 1 || o.ExternalReferences[0].URL != "https://example.org/" ||
		o.Created.Nanosecond() != 123000000 || o.Modified.Nanosecond() != 123456000 || o.ModifiedText != "2016-04-06T20:03:48.123456Z" {
		t.Errorf("Decode = %+v", o)
	}
	if l, ok := TLPOf(o.ObjectMarkingRefs); !ok || l != liaison.TLPRed {
		t.Errorf("TLPOf = %q, %v, want RED", l, ok)
	}
}

const (
	sdoHead = `"spec_version":"2.1","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z"`
	indID   = `"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"`
	ind     = `"type":"indicator","id":` + indID + `,` + sdoHead + `,"pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"`
	rel     = `"type":"relationship","id":"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",` + sdoHead + `,"relationship_type":"indicates"`
	sight   = `"type":"sighting","id":"sighting--ee20065d-2555-424f-ad9e-0f8428623c75",` + sdoHead
	ipv4    = `"type":"ipv4-addr","id":"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8","value":"198.51.100.3"`
)

func TestDecodeInvalid(t *testing.T) {
	for _, tc := range []struct {
		name, in, field, problem string
	}{
		{"ErrNotJSON", `{"type":`, "$", "not valid JSON"},
		{"ErrNotObject", `[1,2]`, "$", "must be a JSON object, not a list"},
		{"ErrNoType", `{"id":` + indID + `}`, "type", "required"},
		{"ErrTypeShort", `{"type":"ab","id":"ab--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}`, "type", "shorter than 3"},
		{"ErrTypeUpper", `{"type":"Indicator","id":"Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}`, "type", "only a-z, 0-9 and hyphen"},
		{"ErrTypeDoubleHyphen", `{"type":"x--y","id":"x--y--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}`, "type", "two hyphens"},
		{"ErrTypeTrailingHyphen", `{"type":"abc-","id":"abc---8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}`, "type", "starts or ends with a hyphen"},
		{"ErrUnknownType", `{"type":"indicater","id":"indicater--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",` + sdoHead + `}`, "type", "unknown type"},
		{"ErrIDPrefix", `{` + strings.Replace(ind, indID, `"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"`, 1) + `,"pattern":"[a:b = 1]"}`, "id", "does not match type"},
		{"ErrIDNoUUID", `{` + strings.Replace(ind, indID, `"indicator--1234"`, 1) + `,"pattern":"[a:b = 1]"}`, "id", "not 36 characters"},
		{"ErrIDVariant", `{` + strings.Replace(ind, indID, `"indicator--8e2e2d2b-17d4-4cbf-338f-98ee46b3cd3f"`, 1) + `,"pattern":"[a:b = 1]"}`, "id", "variant"},
		{"ErrIDVersion0", `{` + strings.Replace(ind, indID, `"indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f"`, 1) + `,"pattern":"[a:b = 1]"}`, "id", "version 0"},
		{"ErrNoSeparator", `{` + strings.Replace(ind, indID, `"indicator-8e2e2d2b"`, 1) + `,"pattern":"[a:b = 1]"}`, "id", "<type>--<UUID>"},
		{"ErrSpecVersion", `{` + strings.Replace(ind, `"2.1"`, `"2.0"`, 1) + `,"pattern":"[a:b = 1]"}`, "spec_version", `must be "2.1"`},
		{"ErrSpecVersionMissing", `{` + strings.Replace(ind, `"spec_version":"2.1",`, ``, 1) + `,"pattern":"[a:b = 1]"}`, "spec_version", "required"},
		{"ErrCreatedMissing", `{` + strings.Replace(ind, `"created":"2016-04-06T20:03:48.000Z",`, ``, 1) + `,"pattern":"[a:b = 1]"}`, "created", "required"},
		{"ErrCreatedSeconds", `{` + strings.Replace(ind, `"created":"2016-04-06T20:03:48.000Z"`, `"created":"2016-04-06T20:03:48Z"`, 1) + `,"pattern":"[a:b = 1]"}`, "created", "millisecond precision"},
		{"ErrCreatedOffset", `{` + strings.Replace(ind, `"created":"2016-04-06T20:03:48.000Z"`, `"created":"2016-04-06T20:03:48.000+01:00"`, 1) + `,"pattern":"[a:b = 1]"}`, "created", "must end in Z"},
		{"ErrCreatedDate", `{` + strings.Replace(ind, `"created":"2016-04-06T20:03:48.000Z"`, `"created":"2016-02-30T20:03:48.000Z"`, 1) + `,"pattern":"[a:b = 1]"}`, "created", "out of range"},
		{"ErrModifiedBeforeCreated", `{` + strings.Replace(ind, `"modified":"2016-04-06T20:03:48.000Z"`, `"modified":"2016-04-06T20:03:47.999Z"`, 1) + `,"pattern":"[a:b = 1]"}`, "modified", "earlier than created"},
		{"ErrCreatedByRefType", `{` + ind + `,"pattern":"[a:b = 1]","created_by_ref":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"}`, "created_by_ref", "must reference identity, not malware"},
		{"ErrMarkingRefType", `{` + ind + `,"pattern":"[a:b = 1]","object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}`, "object_marking_refs[1]", "must reference marking-definition"},
		{"ErrMarkingRefsEmpty", `{` + ind + `,"pattern":"[a:b = 1]","object_marking_refs":[]}`, "object_marking_refs", "empty list"},
		{"ErrGranularBoth", `{` + ind + `,"pattern":"[a:b = 1]","granular_markings":[{"lang":"en","marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","selectors":["name"]}]}`, "granular_markings[0]", "not both"},
		{"ErrGranularNoSelectors", `{` + ind + `,"pattern":"[a:b = 1]","granular_markings":[{"lang":"en"}]}`, "granular_markings[0].selectors", "required"},
		{"ErrGranularRef", `{` + ind + `,"pattern":"[a:b = 1]","granular_markings":[{"marking_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","selectors":["name"]}]}`, "granular_markings[0].marking_ref", "must reference marking-definition"},
		{"ErrConfidence", `{` + ind + `,"pattern":"[a:b = 1]","confidence":101}`, "confidence", "0 to 100"},
		{"ErrConfidenceFloat", `{` + ind + `,"pattern":"[a:b = 1]","confidence":1.5}`, "confidence", "integer"},
		{"ErrLabelsKind", `{` + ind + `,"pattern":"[a:b = 1]","labels":["a",2]}`, "labels[1]", "must be a string"},
		{"ErrRevoked", `{` + ind + `,"pattern":"[a:b = 1]","revoked":"yes"}`, "revoked", "true or false"},
		{"ErrLang", `{` + ind + `,"pattern":"[a:b = 1]","lang":"english language"}`, "lang", "RFC 5646"},
		{"ErrExternalRef", `{` + ind + `,"pattern":"[a:b = 1]","external_references":[{"source_name":"x"}]}`, "external_references[0]", "at least one of"},
		{"ErrExternalRefSource", `{` + ind + `,"pattern":"[a:b = 1]","external_references":[{"url":"https://x"}]}`, "external_references[0].source_name", "required"},
		{"ErrCustomName", `{` + ind + `,"pattern":"[a:b = 1]","x-Acme":1}`, "x-Acme", "only a-z, 0-9 and underscore"},
		{"ErrCustomNameShort", `{` + ind + `,"pattern":"[a:b = 1]","xy":1}`, "xy", "shorter than 3"},
		{"ErrDuplicate", `{` + ind + `,"pattern":"[a:b = 1]","name":"a","name":"b"}`, "name", "more than once"},
		{"ErrExtensionKey", `{` + ind + `,"pattern":"[a:b = 1]","extensions":{"acme":{}}}`, "extensions.acme", "extension key"},
		{"ErrExtensionValue", `{` + ind + `,"pattern":"[a:b = 1]","extensions":{"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62":5}}`, "extensions.extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62", "must be an object"},
		{"ErrExtensionType", `{` + ind + `,"pattern":"[a:b = 1]","extensions":{"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62":{"extension_type":"new-thing"}}}`, "extensions.extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62.extension_type", "unknown extension type"},
		{"ErrIndicatorNoPattern", `{` + ind + `}`, "pattern", "required for indicator"},
		{"ErrIndicatorPattern", `{` + ind + `,"pattern":"[file:name = 'x'"}`, "pattern", "at 1:17 (byte 16): expected ']' or AND or OR"},
		{"ErrIndicatorValidUntil", `{` + ind + `,"pattern":"[a:b = 1]","valid_until":"2016-01-01T00:00:00Z"}`, "valid_until", "later than valid_from"},
		{"ErrIndicatorValidFrom", `{` + strings.Replace(ind, `"valid_from":"2016-01-01T00:00:00Z"`, `"valid_from":"yesterday"`, 1) + `,"pattern":"[a:b = 1]"}`, "valid_from", "not a timestamp"},
		{"ErrMalwareIsFamily", `{"type":"malware","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",` + sdoHead + `}`, "is_family", "required for malware"},
		{"ErrMalwareFamilyName", `{"type":"malware","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",` + sdoHead + `,"is_family":true}`, "name", "malware family"},
		{"ErrIdentityName", `{"type":"identity","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",` + sdoHead + `}`, "name", "required for identity"},
		{"ErrRelationshipMissing", `{` + rel + `,"source_ref":` + indID + `}`, "target_ref", "required for relationship"},
		{"ErrRelationshipTarget", `{` + rel + `,"source_ref":` + indID + `,"target_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}`, "target_ref", "must reference an SDO or an SCO"},
		{"ErrRelationshipRef", `{` + rel + `,"source_ref":` + indID + `,"target_ref":"malware"}`, "target_ref", "not an identifier"},
		{"ErrSightingOf", `{` + sight + `}`, "sighting_of_ref", "required for sighting"},
		{"ErrSightingOfSCO", `{` + sight + `,"sighting_of_ref":"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8"}`, "sighting_of_ref", "must reference an SDO, not ipv4-addr"},
		{"ErrSightingObserved", `{` + sight + `,"sighting_of_ref":` + indID + `,"observed_data_refs":[` + indID + `]}`, "observed_data_refs[0]", "must reference observed-data"},
		{"ErrSightingWhere", `{` + sight + `,"sighting_of_ref":` + indID + `,"where_sighted_refs":[` + indID + `]}`, "where_sighted_refs[0]", "must reference identity or location"},
		{"ErrRefsNotList", `{` + sight + `,"sighting_of_ref":` + indID + `,"where_sighted_refs":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e"}`, "where_sighted_refs", "must be a list of identifiers"},
		{"ErrSCOValue", `{"type":"ipv4-addr","id":"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8"}`, "value", "required for ipv4-addr"},
		{"ErrSCORefType", `{` + ipv4 + `,"resolves_to_refs":["domain-name--ecb120bf-2694-4902-a737-62b74539a41b"]}`, "resolves_to_refs[0]", "must reference mac-addr"},
		{"ErrMarkingNoDefinition", `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z"}`, "definition_type", "needs definition_type and definition, or extensions"},
		{"ErrMarkingTLPColour", `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","definition":{"tlp":"purple"}}`, "definition.tlp", "unknown TLP 1.0 colour"},
		{"ErrTLP2Redefined", `{"type":"marking-definition","spec_version":"2.1","id":"` + TLP2Red + `","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"` + TLP2ExtensionDefinition + `":{"extension_type":"property-extension","tlp_2_0":"clear"}}}`, "extensions." + TLP2ExtensionDefinition + ".tlp_2_0", `must be "red"`},
		{"ErrTLP2NoExtension", `{"type":"marking-definition","spec_version":"2.1","id":"` + TLP2Red + `","created":"2022-10-01T00:00:00.000Z","definition_type":"statement","definition":{"statement":"x"}}`, "extensions", "TLP 2.0 extension"},
		{"ErrTLP1Redefined", `{"type":"marking-definition","spec_version":"2.1","id":"` + TLP1Red + `","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","definition":{"tlp":"white"}}`, "definition.tlp", `must say "red"`},
		{"ErrExtensionNestedRef", `{"type":"file","id":"file--c7d1e135-8b34-549a-bb47-302f5cf998ed","name":"a.zip","extensions":{"archive-ext":{"contains_refs":["file"]}}}`, "extensions.archive-ext.contains_refs[0]", "not an identifier"},
		{"ErrBundleAsObject", `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}`, "type", "decode it as a bundle"},
		{"ErrLocation", `{"type":"location","id":"location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",` + sdoHead + `,"latitude":48.8}`, "latitude", "go together"},
		{"ErrObservedDataBoth", `{"type":"observed-data","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",` + sdoHead + `,"first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":0}`, "number_observed", "from 1"},
		{"ErrNewSDOWithoutExtension", `{"type":"my-favorite-sdo","id":"my-favorite-sdo--ac97aae4-83f1-46ca-a351-7aeb76678189",` + sdoHead + `,"extensions":{"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62":{"extension_type":"property-extension"}}}`, "type", "unknown type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Decode = %v, want EINVALID", err)
			}
			for _, f := range liaison.ErrorFields(err) {
				if f.Field == tc.field && strings.Contains(f.Problem, tc.problem) {
					return
				}
			}
			t.Errorf("Decode = %v, want field %q with %q", err, tc.field, tc.problem)
		})
	}
}

func TestDecodeOK(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"OKUUIDv7", `{"type":"identity","id":"identity--01932c07-a5b0-7c7a-8e2e-3a1f2b3c4d5e",` + sdoHead + `,"name":"x"}`},
		{"OKUpperHex", `{"type":"identity","id":"identity--023D105B-752E-4E3C-941C-7D3F3CB15E9E",` + sdoHead + `,"name":"x"}`},
		{"OKCustomNoPrefix", `{"type":"identity","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",` + sdoHead + `,"name":"x","acme_rating":3}`},
		{"OKSCOWithoutSpecVersion", `{` + ipv4 + `}`},
		{"OKNanoseconds", `{"type":"identity","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e","spec_version":"2.1","created":"2016-04-06T20:03:48.123456789Z","modified":"2016-04-06T20:03:48.123456789Z","name":"x"}`},
		{"OKPatternTypeOther", `{` + strings.Replace(ind, `"pattern_type":"stix"`, `"pattern_type":"snort"`, 1) + `,"pattern":"alert tcp any any -> any any"}`},
		{"OKCustomObjectSCOLike", `{"type":"x-oca-asset","id":"x-oca-asset--4527e5de-8572-446a-a57a-706f15467461","hostname":"h"}`},
		{"OKNewSCO", `{"type":"my-sco","id":"my-sco--4527e5de-8572-546a-a57a-706f15467461","extensions":{"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62":{"extension_type":"new-sco"}}}`},
		{"OKDeprecatedCustomExtension", `{` + ipv4 + `,"extensions":{"x-acme-ext":{"a":1}}}`},
		{"OKWhiteSpace", "\n  {" + ipv4 + "}  \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode([]byte(tc.in)); err != nil {
				t.Errorf("Decode = %v, want ok", err)
			}
		})
	}
}
