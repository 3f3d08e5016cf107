package liaison

import (
	"crypto/sha256"
	"fmt"
)

// AuditTree is the state of the audit log's Merkle tree (RFC 6962) that a
// store keeps beside the log: its size and the compact range of leaves
// [0, Size), the roots of the perfect subtrees along the tree's right edge,
// largest first. There is one per set bit of Size, so at most 64. Appending
// a leaf and computing the root take O(log Size) time, so the current root
// is always at hand without reading the log.
//
// internal/auditlog checks this against github.com/transparency-dev/merkle;
// it lives here, with the standard library only, because the stores update
// it in the transaction that appends an entry.
type AuditTree struct {
	Size  int64
	Range []AuditHash
}

// Append adds the leaf hash of the entry with index t.Size+1.
func (t *AuditTree) Append(leaf AuditHash) {
	t.Range = append(t.Range, leaf)
	for s := t.Size; s&1 == 1; s >>= 1 {
		n := len(t.Range)
		t.Range[n-2] = AuditNodeHash(t.Range[n-2], t.Range[n-1])
		t.Range = t.Range[:n-1]
	}
	t.Size++
}

// Root returns the RFC 6962 root hash of the tree: SHA-256 of nothing for
// an empty tree.
func (t AuditTree) Root() AuditHash {
	if len(t.Range) == 0 {
		return sha256.Sum256(nil)
	}
	h := t.Range[len(t.Range)-1]
	for i := len(t.Range) - 2; i >= 0; i-- {
		h = AuditNodeHash(t.Range[i], h)
	}
	return h
}

// MarshalRange returns the compact range as stored: the hashes
// concatenated.
func (t AuditTree) MarshalRange() []byte {
	b := make([]byte, 0, len(t.Range)*sha256.Size)
	for _, h := range t.Range {
		b = append(b, h[:]...)
	}
	return b
}

// ParseAuditTree returns the tree of size whose compact range is b, as
// [AuditTree.MarshalRange] wrote it. It checks that b holds one hash per
// set bit of size.
func ParseAuditTree(size int64, b []byte) (AuditTree, error) {
	want := 0
	for s := size; s > 0; s &= s - 1 {
		want++
	}
	if size < 0 || len(b) != want*sha256.Size {
		return AuditTree{}, fmt.Errorf("audit tree of size %d: compact range of %d bytes, want %d", size, len(b), want*sha256.Size)
	}
	t := AuditTree{Size: size, Range: make([]AuditHash, want)}
	for i := range t.Range {
		copy(t.Range[i][:], b[i*sha256.Size:])
	}
	return t, nil
}

// AuditNodeHash returns the RFC 6962 hash of an interior node: SHA-256 of
// the byte 0x01, then left, then right.
func AuditNodeHash(left, right AuditHash) AuditHash {
	var b [1 + 2*sha256.Size]byte
	b[0] = 0x01
	copy(b[1:], left[:])
	copy(b[1+sha256.Size:], right[:])
	return sha256.Sum256(b[:])
}
