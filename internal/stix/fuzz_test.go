package stix

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzDecodeObject checks that Decode never panics, that what it accepts
// it keeps byte for byte, and that each property value is valid JSON
// taken from the input.
func FuzzDecodeObject(f *testing.F) {
	data, err := os.ReadFile("testdata/spec-examples.json")
	if err != nil {
		f.Fatal(err)
	}
	var in struct{ Objects []json.RawMessage }
	if err := json.Unmarshal(data, &in); err != nil {
		f.Fatal(err)
	}
	for _, o := range in.Objects {
		f.Add([]byte(o))
	}
	for _, d := range TLPMarkingDefinitions() {
		f.Add(d)
	}
	f.Add(data)
	f.Add([]byte(`{"type":"x","id":1,"a":[{"b":"\u0000\"}"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Decode(data)
		if o == nil {
			if err == nil {
				t.Fatal("Decode returned neither object nor error")
			}
			return
		}
		if !bytes.Equal(o.Raw, bytes.TrimSpace(data)) {
			t.Fatalf("Raw = %q, input %q", o.Raw, data)
		}
		for _, p := range o.Props {
			if !json.Valid(p.Value) {
				t.Fatalf("property %q value %q is not valid JSON", p.Name, p.Value)
			}
		}
		if err == nil {
			var m map[string]json.RawMessage
			if json.Unmarshal(data, &m) != nil || len(m) != len(o.Props) {
				t.Fatalf("accepted %q, which encoding/json reads as %d members, not %d", data, len(m), len(o.Props))
			}
			for _, p := range o.Props {
				if !bytes.Equal(m[p.Name], p.Value) {
					t.Fatalf("property %q = %q, encoding/json reads %q", p.Name, p.Value, m[p.Name])
				}
			}
		}
	})
}

// FuzzDecodeBundle checks that a bundle never panics the decoder and that
// every entry is either accepted or refused with a reason.
func FuzzDecodeBundle(f *testing.F) {
	// Small seeds: the fuzzer minimises each new input for up to a minute,
	// which on the 4 KB examples file stalls the run.
	f.Add([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{` + ipv4 + `},{` + ind + `,"pattern":"[a:b = 1]"}]}`))
	f.Add([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[1,{},[]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeBundle(data)
		if err != nil {
			return
		}
		for _, it := range b.Items {
			if it.Err == nil && it.Object == nil {
				t.Fatalf("item %d: no object and no error", it.Index)
			}
		}
	})
}
