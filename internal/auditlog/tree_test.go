package auditlog_test

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/liaison-project/liaison"
)

// TestAuditTreeMatchesCompactRange checks the root package's compact
// range, which the stores use, against transparency-dev/merkle's.
func TestAuditTreeMatchesCompactRange(t *testing.T) {
	rf := &compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	cr := rf.NewEmptyRange(0)
	var tree liaison.AuditTree
	for n := 0; n <= 300; n++ {
		want, err := cr.GetRootHash(nil)
		if n == 0 {
			want, err = rfc6962.DefaultHasher.EmptyRoot(), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := tree.Root(); !bytes.Equal(got[:], want) {
			t.Fatalf("size %d: AuditTree.Root = %x, want %x", n, got, want)
		}
		if got, want := len(tree.Range), len(cr.Hashes()); got != want {
			t.Fatalf("size %d: %d hashes in the range, want %d", n, got, want)
		}
		back, err := liaison.ParseAuditTree(tree.Size, tree.MarshalRange())
		if err != nil || back.Root() != tree.Root() {
			t.Fatalf("size %d: ParseAuditTree(MarshalRange) = %v, %v", n, back, err)
		}
		leaf := rfc6962.DefaultHasher.HashLeaf([]byte{byte(n), byte(n >> 8)})
		if err := cr.Append(leaf, nil); err != nil {
			t.Fatal(err)
		}
		tree.Append(liaison.AuditHash(leaf))
	}
}

func TestLeafHashIsRFC6962(t *testing.T) {
	e := entry(1)
	got, _ := liaison.AuditLeafHash(&e, nil)
	if want := rfc6962.DefaultHasher.HashLeaf(e.AppendCanonical(nil)); !bytes.Equal(got[:], want) {
		t.Errorf("AuditLeafHash = %x, want RFC 6962 %x", got, want)
	}
}

func TestParseAuditTree(t *testing.T) {
	h := make([]byte, sha256.Size)
	tests := []struct {
		name string
		size int64
		b    []byte
		ok   bool
	}{
		{"Empty", 0, nil, true},
		{"One", 1, h, true},
		{"Three", 3, append(h, h...), true},
		{"ErrTooFew", 3, h, false},
		{"ErrTooMany", 4, append(h, h...), false},
		{"ErrNegative", -1, nil, false},
		{"ErrShort", 1, h[:31], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := liaison.ParseAuditTree(tt.size, tt.b)
			if (err == nil) != tt.ok {
				t.Errorf("ParseAuditTree(%d, %d bytes) error = %v, want ok %v", tt.size, len(tt.b), err, tt.ok)
			}
		})
	}
}
