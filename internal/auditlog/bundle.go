package auditlog

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"

	"golang.org/x/mod/sumdb/note"

	"github.com/liaison-project/liaison"
)

// MaxBundle is the largest inclusion proof bundle accepted, in bytes.
const MaxBundle = 64 << 10

// maxProof is the most hashes an inclusion proof has: one per level of a
// tree of 2^63 leaves.
const maxProof = 63

// Bundle is an inclusion proof that stands alone: the entry, the
// proof's hashes, and the signed checkpoint it leads to. Anyone with the
// node's card can check it ([Bundle.Check]) without the log.
type Bundle struct {
	Entry liaison.AuditEntry `json:"entry"`
	// Size is the size of the tree the proof is for; the checkpoint's.
	Size int64 `json:"size"`
	// Hashes is the RFC 6962 inclusion proof, base64 each.
	Hashes []string `json:"hashes"`
	// Checkpoint is the signed checkpoint note.
	Checkpoint string `json:"checkpoint"`
}

// DecodeBundle reads a bundle strictly: one JSON object of at most
// [MaxBundle] bytes, no unknown fields, hashes of the right size. It
// checks no signature. Errors are EINVALID.
func DecodeBundle(b []byte) (Bundle, error) {
	bad := func(format string, args ...any) (Bundle, error) {
		return Bundle{}, liaison.Errorf(liaison.EINVALID, "inclusion proof: "+format, args...)
	}
	if len(b) > MaxBundle {
		return bad("%d bytes exceeds %d", len(b), MaxBundle)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Bundle
	if err := dec.Decode(&p); err != nil {
		return bad("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("data after the JSON object")
	}
	switch {
	case p.Entry.Index < 1:
		return bad("entry index %d is not positive", p.Entry.Index)
	case p.Size < p.Entry.Index:
		return bad("entry %d is not in a tree of size %d", p.Entry.Index, p.Size)
	case len(p.Hashes) > maxProof:
		return bad("%d hashes exceeds %d", len(p.Hashes), maxProof)
	case len(p.Checkpoint) > MaxNote:
		return bad("checkpoint longer than %d bytes", MaxNote)
	}
	for i, s := range p.Hashes {
		h, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil || len(h) != len(liaison.AuditHash{}) {
			return bad("hash %d is not a base64 SHA-256 hash", i)
		}
	}
	return p, nil
}

// Check verifies the bundle against the log's verifier: the checkpoint's
// signature and origin, its size, and the entry's inclusion. It returns
// the checkpoint. Errors are EINVALID.
func (p Bundle) Check(v note.Verifier) (Checkpoint, error) {
	c, err := OpenCheckpoint([]byte(p.Checkpoint), v)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Size != p.Size {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "inclusion proof: for size %d, checkpoint of size %d", p.Size, c.Size)
	}
	hs := make([]liaison.AuditHash, len(p.Hashes))
	for i, s := range p.Hashes {
		h, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil || len(h) != len(hs[i]) {
			return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "inclusion proof: hash %d is not a base64 SHA-256 hash", i)
		}
		copy(hs[i][:], h)
	}
	leaf, _ := liaison.AuditLeafHash(&p.Entry, nil)
	if err := VerifyInclusion(p.Entry.Index-1, p.Size, leaf, hs, c.Root); err != nil {
		return Checkpoint{}, err
	}
	return c, nil
}

// NewBundle returns the bundle proving e in the tree of the signed
// checkpoint note.
func NewBundle(e liaison.AuditEntry, signed []byte, leaves Leaves) (Bundle, error) {
	c, err := ReadCheckpoint(signed)
	if err != nil {
		return Bundle{}, err
	}
	hs, err := InclusionProof(e.Index-1, c.Size, leaves)
	if err != nil {
		return Bundle{}, err
	}
	p := Bundle{Entry: e, Size: c.Size, Hashes: make([]string, len(hs)), Checkpoint: string(signed)}
	for i, h := range hs {
		p.Hashes[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return p, nil
}
