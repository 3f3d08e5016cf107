package auditlog_test

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"

	"github.com/liaison-project/liaison/internal/auditlog"
)

// FuzzOpenCheckpoint feeds signed notes from outside (peers' receipts and
// envelopes, the federation endpoint) to the checkpoint decoders: they
// MUST NOT panic, and what opens MUST read back the same.
func FuzzOpenCheckpoint(f *testing.F) {
	s := mustSigner(f, origin, "ca")
	signed, err := s.SignCheckpoint(5, newLog(5).tree(5).Root())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add([]byte(origin + "\n5\nAAAA\n\n— liaison/ca x\n"))
	f.Add([]byte("\n\n"))
	v, err := auditlog.NewVerifier(origin, testKey("ca").Public().(ed25519.PublicKey))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := auditlog.OpenCheckpoint(msg, v)
		r, rerr := auditlog.ReadCheckpoint(msg)
		if err == nil && (rerr != nil || r != c) {
			t.Fatalf("OpenCheckpoint = %+v but ReadCheckpoint = %+v, %v", c, r, rerr)
		}
		if rerr == nil {
			if back, err := auditlog.ParseCheckpoint(r.Text()); err != nil || back != r {
				t.Fatalf("ParseCheckpoint(Text()) = %+v, %v, want %+v", back, err, r)
			}
		}
	})
}

// FuzzDecodeBundle feeds inclusion proofs, as `liaison audit check-proof`
// reads them, to the decoder and the check.
func FuzzDecodeBundle(f *testing.F) {
	b, _ := mustBundle(f)
	good, _ := json.Marshal(b)
	f.Add(good)
	f.Add([]byte(`{"entry":{"index":1},"size":1,"hashes":[],"checkpoint":""}`))
	f.Add([]byte(`{}`))
	v, err := auditlog.NewVerifier(origin, testKey("ca").Public().(ed25519.PublicKey))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := auditlog.DecodeBundle(in)
		if err != nil {
			return
		}
		p.Check(v) // MUST NOT panic
	})
}
