package auditlog

import (
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"

	"github.com/liaison-project/liaison"
)

// chunk is how many leaf hashes a proof reads at a time.
const chunk = 1 << 14

// InclusionProof returns the RFC 6962 inclusion proof of the leaf at
// position index (the entry with index index+1) in the tree of size.
// EINVALID unless 0 <= index < size.
func InclusionProof(index, size int64, leaves Leaves) ([]liaison.AuditHash, error) {
	if index < 0 || index >= size {
		return nil, liaison.Errorf(liaison.EINVALID, "inclusion proof: leaf %d is not in a tree of size %d", index, size)
	}
	nodes, err := proof.Inclusion(uint64(index), uint64(size))
	if err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "inclusion proof: %v", err)
	}
	return rehash(nodes, leaves)
}

// ConsistencyProof returns the RFC 6962 consistency proof between the
// trees of size1 and size2. EINVALID unless 0 <= size1 <= size2.
func ConsistencyProof(size1, size2 int64, leaves Leaves) ([]liaison.AuditHash, error) {
	if size1 < 0 || size1 > size2 {
		return nil, liaison.Errorf(liaison.EINVALID, "consistency proof: sizes %d and %d are out of order", size1, size2)
	}
	nodes, err := proof.Consistency(uint64(size1), uint64(size2))
	if err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "consistency proof: %v", err)
	}
	return rehash(nodes, leaves)
}

// rehash computes the hashes of nodes from the leaves under them and
// folds the ephemeral node.
func rehash(nodes proof.Nodes, leaves Leaves) ([]liaison.AuditHash, error) {
	hs := make([][]byte, len(nodes.IDs))
	for i, id := range nodes.IDs {
		h, err := subtree(id, leaves)
		if err != nil {
			return nil, err
		}
		hs[i] = h[:]
	}
	hs, err := nodes.Rehash(hs, hasher.HashChildren)
	if err != nil {
		return nil, err
	}
	out := make([]liaison.AuditHash, len(hs))
	for i, h := range hs {
		copy(out[i][:], h)
	}
	return out, nil
}

// subtree returns the hash of the perfect subtree id, from its leaves.
func subtree(id compact.NodeID, leaves Leaves) (liaison.AuditHash, error) {
	begin, end := id.Coverage()
	var t liaison.AuditTree
	for from := int64(begin); from < int64(end); from += chunk {
		to := min(from+chunk, int64(end))
		hs, err := leaves(from, to)
		if err != nil {
			return liaison.AuditHash{}, fmt.Errorf("read leaves %d to %d: %w", from, to, err)
		}
		if int64(len(hs)) != to-from {
			return liaison.AuditHash{}, fmt.Errorf("read leaves %d to %d: got %d", from, to, len(hs))
		}
		for _, h := range hs {
			t.Append(h)
		}
	}
	return t.Root(), nil
}

// VerifyInclusion checks an inclusion proof of leaf at position index in
// the tree of size with root. EINVALID when it does not hold.
func VerifyInclusion(index, size int64, leaf liaison.AuditHash, hashes []liaison.AuditHash, root liaison.AuditHash) error {
	if index < 0 || size < 0 {
		return liaison.Errorf(liaison.EINVALID, "inclusion proof: negative index or size")
	}
	if err := proof.VerifyInclusion(hasher, uint64(index), uint64(size), leaf[:], slices(hashes), root[:]); err != nil {
		return liaison.Errorf(liaison.EINVALID, "inclusion proof of leaf %d in tree of size %d: %v", index, size, err)
	}
	return nil
}

// VerifyConsistency checks that the tree of size2 with root2 extends the
// tree of size1 with root1. EINVALID when it does not.
func VerifyConsistency(size1, size2 int64, root1, root2 liaison.AuditHash, hashes []liaison.AuditHash) error {
	if size1 < 0 || size2 < 0 {
		return liaison.Errorf(liaison.EINVALID, "consistency proof: negative size")
	}
	if err := proof.VerifyConsistency(hasher, uint64(size1), uint64(size2), slices(hashes), root1[:], root2[:]); err != nil {
		return liaison.Errorf(liaison.EINVALID, "consistency proof from size %d to %d: %v", size1, size2, err)
	}
	return nil
}

func slices(hs []liaison.AuditHash) [][]byte {
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out
}
