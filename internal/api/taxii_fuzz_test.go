package api

import (
	"testing"

	"github.com/liaison-project/liaison/internal/stix"
)

// FuzzTAXIIBody feeds add-objects bodies through what the handler does
// with them: an envelope becomes a bundle that keeps every object's
// bytes, and decoding never panics.
func FuzzTAXIIBody(f *testing.F) {
	f.Add(taxiiEnvelopeOf(0, 2))
	f.Add([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}`))
	f.Add([]byte(`{"objects":{}}`))
	f.Add([]byte(`{"objects":[1,"x",null]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := asBundle(body)
		if err != nil {
			return
		}
		stix.DecodeBundle(b)
	})
}
