package auditlog_test

import (
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

func TestInclusionProofs(t *testing.T) {
	l := newLog(70)
	for size := int64(1); size <= 70; size++ {
		tree := l.tree(size)
		root := tree.Root()
		for i := int64(0); i < size; i++ {
			p, err := auditlog.InclusionProof(i, size, l.Leaves)
			if err != nil {
				t.Fatalf("InclusionProof(%d, %d): %v", i, size, err)
			}
			if err := auditlog.VerifyInclusion(i, size, l.leaves[i], p, root); err != nil {
				t.Fatalf("VerifyInclusion(%d, %d): %v", i, size, err)
			}
			other := l.leaves[(i+1)%70]
			if err := auditlog.VerifyInclusion(i, size, other, p, root); err == nil {
				t.Fatalf("VerifyInclusion(%d, %d) of another leaf = nil, want an error", i, size)
			}
			if len(p) > 0 {
				p[0][0] ^= 1
				if err := auditlog.VerifyInclusion(i, size, l.leaves[i], p, root); err == nil {
					t.Fatalf("VerifyInclusion(%d, %d) of a changed proof = nil, want an error", i, size)
				}
			}
		}
	}
}

func TestConsistencyProofs(t *testing.T) {
	l := newLog(40)
	for size2 := int64(0); size2 <= 40; size2++ {
		t2 := l.tree(size2)
		for size1 := int64(0); size1 <= size2; size1++ {
			t1 := l.tree(size1)
			p, err := auditlog.ConsistencyProof(size1, size2, l.Leaves)
			if err != nil {
				t.Fatalf("ConsistencyProof(%d, %d): %v", size1, size2, err)
			}
			if err := auditlog.VerifyConsistency(size1, size2, t1.Root(), t2.Root(), p); err != nil {
				t.Fatalf("VerifyConsistency(%d, %d): %v", size1, size2, err)
			}
			if size1 > 0 && size1 < size2 {
				forked := t1.Root()
				forked[0] ^= 1
				if err := auditlog.VerifyConsistency(size1, size2, forked, t2.Root(), p); err == nil {
					t.Fatalf("VerifyConsistency(%d, %d) with another old root = nil, want an error", size1, size2)
				}
			}
		}
	}
}

func TestProofErrors(t *testing.T) {
	l := newLog(4)
	tests := []struct {
		name string
		fn   func() error
	}{
		{"ErrIndexPastSize", func() error { _, err := auditlog.InclusionProof(4, 4, l.Leaves); return err }},
		{"ErrNegativeIndex", func() error { _, err := auditlog.InclusionProof(-1, 4, l.Leaves); return err }},
		{"ErrSizesOutOfOrder", func() error { _, err := auditlog.ConsistencyProof(4, 3, l.Leaves); return err }},
		{"ErrLeavesMissing", func() error { _, err := auditlog.InclusionProof(0, 8, l.Leaves); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.fn(); err == nil {
				t.Error("error = nil, want one")
			}
		})
	}
	if code := liaison.ErrorCode(tests[0].fn()); code != liaison.EINVALID {
		t.Errorf("InclusionProof past the size: code %q, want %q", code, liaison.EINVALID)
	}
}
