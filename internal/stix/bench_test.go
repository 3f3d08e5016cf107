package stix

import (
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkDecode measures decode and validate of one object.
func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile("testdata/spec-examples.json")
	if err != nil {
		b.Fatal(err)
	}
	var in struct{ Objects []json.RawMessage }
	if err := json.Unmarshal(data, &in); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		i    int
	}{{"Indicator", 1}, {"Relationship", 3}, {"IPv4", 6}, {"CampaignCustom", 12}} {
		obj := in.Objects[bc.i]
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(obj)))
			for b.Loop() {
				if _, err := Decode(obj); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeBundle measures a bundle of the specification's examples,
// per bundle.
func BenchmarkDecodeBundle(b *testing.B) {
	data, err := os.ReadFile("testdata/spec-examples.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeBundle(data); err != nil {
			b.Fatal(err)
		}
	}
}
