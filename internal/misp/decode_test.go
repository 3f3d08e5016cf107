package misp

import (
	"os"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

// TestDecodeErrors wants every refusal to name the JSON path.
func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in, field string
	}{
		{"NotJSON", `{"Event":`, "$"},
		{"Scalar", `42`, "$"},
		{"NoEvent", `{"event": {}}`, "Event"},
		{"ListNoEvent", `[{"Event": {}}, {"x": 1}]`, "[1].Event"},
		{"ResponseNotList", `{"response": {"Event": {}}}`, "response"},
		{"AttributesNotList", `{"Event": {"Attribute": {}}}`, "Event.Attribute"},
		{"AttributeNotObject", `{"Event": {"Attribute": [1]}}`, "Event.Attribute[0]"},
		{"BadToIDs", `{"Event": {"Attribute": [{"type": "md5", "to_ids": "maybe"}]}}`, "Event.Attribute[0].to_ids"},
		{"ValueObject", `{"response": [{"Event": {"Object": [{"Attribute": [{"value": {}}]}]}}]}`, "response[0].Event.Object[0].Attribute[0].value"},
		{"TagNotObject", `{"Event": {"Tag": ["tlp:red"]}}`, "Event.Tag[0]"},
		{"ClusterNotObject", `{"Event": {"Galaxy": [{"GalaxyCluster": [true]}]}}`, "Event.Galaxy[0].GalaxyCluster[0]"},
		{"Empty", `[]`, "$"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Decode(%s) = %v, want EINVALID", tt.in, err)
			}
			fs := liaison.ErrorFields(err)
			if len(fs) == 0 || fs[0].Field != tt.field {
				t.Errorf("Decode(%s) fields = %v, want %s first", tt.in, fs, tt.field)
			}
		})
	}
}

// TestDecodeLimits refuses input beyond the limits, naming where.
func TestDecodeLimits(t *testing.T) {
	t.Run("ErrTooLarge", func(t *testing.T) {
		_, err := Decode(make([]byte, MaxBytes+1))
		if liaison.ErrorCode(err) != liaison.EINVALID {
			t.Errorf("Decode(%d bytes) = %v, want EINVALID", MaxBytes+1, err)
		}
	})
	t.Run("ErrTooManyTags", func(t *testing.T) {
		in := `{"Event": {"Tag": [` + strings.Repeat(`{"name":"x"},`, MaxTags) + `{"name":"x"}]}}`
		_, err := Decode([]byte(in))
		if fs := liaison.ErrorFields(err); len(fs) == 0 || fs[0].Field != "Event.Tag" {
			t.Errorf("Decode(%d tags) = %v, want a problem at Event.Tag", MaxTags+1, err)
		}
	})
}

// FuzzDecodeEvent feeds arbitrary bytes to Decode and converts and
// exports what it accepts: nothing may panic, every converted object must
// be valid STIX to internal/stix, and an accepted input converts the same
// way twice.
func FuzzDecodeEvent(f *testing.F) {
	for _, name := range []string{"event", "response"} {
		b, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"Event":{"uuid":"x","Attribute":[{"type":"ip-dst|port","value":"|","to_ids":1}]}}]`))
	f.Add([]byte(`{"response":[{"Event":{"Object":[{"Attribute":[{"type":"domain|ip","value":"a|::1","to_ids":"1"}]}]}}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		evs, err := Decode(in)
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Decode error code %q, want invalid", liaison.ErrorCode(err))
			}
			return
		}
		r := Convert(evs)
		a := string(r.Bundle())
		if b := string(Convert(evs).Bundle()); a != b {
			t.Fatalf("two conversions differ")
		}
		b, err := stix.DecodeBundle(r.Bundle())
		if err != nil {
			t.Fatalf("DecodeBundle(Convert(...)): %v", err)
		}
		for _, it := range b.Failed() {
			t.Fatalf("Convert wrote an object internal/stix refuses: %v", it.Err)
		}
		out, _ := Export(r.Objects)
		if _, err := Decode(out); err != nil && len(r.Objects) > 0 && strings.Contains(string(out), `"Attribute":[{`) {
			t.Fatalf("Decode(Export(...)) = %v", err)
		}
	})
}
