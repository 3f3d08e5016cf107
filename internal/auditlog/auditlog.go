// Package auditlog is the Merkle log over a node's audit entries: RFC 6962
// hashing, signed checkpoints, inclusion and consistency proofs, and the
// verification that recomputes the whole tree.
//
// # The tree
//
// Leaf i (from 0) of the tree is the audit entry with index i+1; its hash
// is [liaison.AuditLeafHash], SHA-256 over 0x00 and the entry's canonical
// encoding ([liaison.AuditEntry.AppendCanonical]). Interior nodes and roots
// are RFC 6962's, as github.com/transparency-dev/merkle computes them. The
// stores keep each entry's leaf hash and the compact range of the tree
// ([liaison.AuditTree]), updated in the transaction that appends the
// entry, so the current root is always at hand.
//
// # Checkpoints
//
// A checkpoint is a C2SP signed note (golang.org/x/mod/sumdb/note) whose
// text is the C2SP tlog-checkpoint body: the log's origin, its size in
// decimal, its root in base64, each on a line. The origin names the node:
// "liaison/<party>/<first 16 hex digits of its certificate's SHA-256>"
// ([Origin]); it is also the name of the signing key, the node's Ed25519
// key from its card.
//
// # Proofs
//
// Proofs are computed from the stored leaf hashes ([Leaves]): no interior
// node is stored, so a proof reads the leaves it covers, which for an
// inclusion proof is the whole tree. That is linear in the log's size
// (about a second per million entries) and fine for on-demand proofs.
package auditlog

import (
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/liaison-project/liaison"
)

// hasher is RFC 6962's with SHA-256.
var hasher = rfc6962.DefaultHasher

// EmptyRoot is the root of the empty log.
func EmptyRoot() liaison.AuditHash {
	var t liaison.AuditTree
	return t.Root()
}

// Leaves reads the leaf hashes of tree positions [from, to), that is of
// the entries with indices from+1 to to. It returns exactly to-from
// hashes or an error.
type Leaves func(from, to int64) ([]liaison.AuditHash, error)
