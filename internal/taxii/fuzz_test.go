package taxii

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeEnvelope feeds the decoder of servers' envelopes (and
// ObjectsOf, the reader of files to push): it never panics, and what it
// accepts has objects that are JSON objects, which EncodeEnvelope writes
// back as a valid envelope.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range []string{
		`{"more":true,"next":"abc","objects":[{"type":"indicator","id":"indicator--1"}]}`,
		`{"more":false}`, `{}`, `{"objects":[1]}`, `{"more":"yes"}`, `[]`, `{"next":null}`, `{"objects":[{"a":{"b":[1,2]}}, {}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// The push side reads files the same way: what it accepts are
		// JSON objects.
		if objs, err := ObjectsOf(b); err == nil {
			for i, o := range objs {
				if !json.Valid(o) || !bytes.HasPrefix(o, []byte("{")) {
					t.Fatalf("ObjectsOf: objects[%d] = %s, not a JSON object", i, o)
				}
			}
		}
		e, err := DecodeEnvelope(b)
		if err != nil {
			return
		}
		for i, o := range e.Objects {
			if !json.Valid(o) || !bytes.HasPrefix(o, []byte("{")) {
				t.Fatalf("objects[%d] = %s, not a JSON object", i, o)
			}
		}
		again, err := DecodeEnvelope(EncodeEnvelope(e.Objects))
		if err != nil || len(again.Objects) != len(e.Objects) {
			t.Fatalf("EncodeEnvelope of an accepted envelope = %v, %d objects, want %d", err, len(again.Objects), len(e.Objects))
		}
	})
}
