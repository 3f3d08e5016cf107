package node

import (
	"context"
	"fmt"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// Cross-witnessing: each receipt carries the receiver's latest signed
// checkpoint, and the sender keeps it. Before keeping a checkpoint of
// another size than the latest it holds from that peer, the sender asks
// the peer for a consistency proof between the two; a proof that fails, or
// a second root for a size already held (a fork), means the peer's log was
// rewritten, and raises the audit alarm on the link. So neither party can
// quietly rewrite what it sent or received once the other held a
// checkpoint over it.

// PeerCheckpoint is a peer's checkpoint whose signature checked against
// the peer's card, and the checkpoint held from the peer it must be
// consistent with before it is kept.
type PeerCheckpoint struct {
	liaison.AuditCheckpoint
	// Held is the peer's latest checkpoint held here, when its size
	// differs: a consistency proof between the smaller and the larger of
	// the two MUST check before this one is kept. Nil when none is held
	// or it has the same size (then the roots must match).
	Held *liaison.AuditCheckpoint
}

// ProofSizes returns the sizes of the consistency proof the checkpoint
// needs, smaller first; ok is false when it needs none.
func (c *PeerCheckpoint) ProofSizes() (from, to int64, ok bool) {
	if c.Held == nil {
		return 0, 0, false
	}
	from, to = min(c.Size, c.Held.Size), max(c.Size, c.Held.Size)
	return from, to, from > 0
}

// OpenPeerCheckpoint checks note as a checkpoint signed by peer, with the
// signing key and certificate of its card, and returns it with what it
// must be consistent with. It returns nil, nil when the checkpoint is
// already held. A note that does not verify raises the alarm, as it came
// inside a receipt the peer signed, and is returned as ECONFLICT.
func (n *Node) OpenPeerCheckpoint(ctx context.Context, peer string, note []byte) (*PeerCheckpoint, error) {
	p, err := n.store.Peer(ctx, peer)
	if err != nil {
		return nil, err
	}
	v, err := auditlog.NewVerifier(auditlog.Origin(p.Party, p.CertSHA256), p.SigningKey)
	if err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "peer %s: %v", peer, err)
	}
	c, err := auditlog.OpenCheckpoint(note, v)
	if err != nil {
		return nil, n.RaiseAuditAlarm(ctx, peer, fmt.Sprintf("%s sent a checkpoint that does not verify with its card: %s", peer, liaison.ErrorMessage(err)))
	}
	pc := &PeerCheckpoint{AuditCheckpoint: liaison.AuditCheckpoint{Party: peer, Size: c.Size, Root: c.Root, Note: note}}
	held, err := n.latestCheckpoint(ctx, peer)
	if err != nil {
		return nil, err
	}
	switch {
	case held == nil:
	case held.Size == c.Size && held.Root == c.Root:
		return nil, nil
	case held.Size != c.Size:
		pc.Held = held
	}
	return pc, nil
}

// KeepPeerCheckpoint stores c, a checkpoint from OpenPeerCheckpoint, once
// proof, the consistency proof between the sizes c.ProofSizes names, as
// the peer answered it, checks. When the proof fails, or the peer has
// another root for the size already held, the node keeps nothing, raises
// the alarm on the link, audits it ("audit.alarm"), and returns ECONFLICT.
func (n *Node) KeepPeerCheckpoint(ctx context.Context, peer string, c *PeerCheckpoint, proof []liaison.AuditHash) error {
	if from, to, ok := c.ProofSizes(); ok {
		root1, root2 := c.Held.Root, c.Root
		if c.Size < c.Held.Size {
			root1, root2 = c.Root, c.Held.Root
		}
		if err := auditlog.VerifyConsistency(from, to, root1, root2, proof); err != nil {
			n.log.Warn("audit: consistency proof failed", "peer", peer, "from", from, "to", to, "err", err)
			return n.alarm(ctx, peer, fmt.Sprintf("%s's audit log of size %d is not an extension of its log of size %d that it signed earlier: its history was rewritten (the consistency proof does not hold)",
				peer, to, from))
		}
	}
	c.Party, c.Received = peer, n.clock()
	err := n.store.Update(ctx, func(tx liaison.Tx) error { return tx.PutCheckpoint(&c.AuditCheckpoint) })
	if liaison.ErrorCode(err) == liaison.ECONFLICT {
		return n.alarm(ctx, peer, fmt.Sprintf("%s signed two different audit logs of size %d (a fork): its history was rewritten", peer, c.Size))
	}
	return err
}

// alarm raises the alarm and returns it as ECONFLICT.
func (n *Node) alarm(ctx context.Context, peer, text string) error {
	if err := n.RaiseAuditAlarm(ctx, peer, text); liaison.ErrorCode(err) != liaison.ECONFLICT {
		return err
	}
	return liaison.Errorf(liaison.ECONFLICT, "%s", text)
}

// RaiseAuditAlarm records on the link to peer that its audit log failed
// a check, and audits it as "audit.alarm". It returns the alarm as an
// ECONFLICT error, or the error that stopped it being recorded.
func (n *Node) RaiseAuditAlarm(ctx context.Context, peer, text string) error {
	n.log.Error("audit: peer's log failed a check", "peer", peer, "alarm", text)
	err := n.store.Update(ctx, func(tx liaison.Tx) error {
		// The link first, the audit log last (see Transactions in the
		// package doc).
		if err := tx.SetAuditAlarm(peer, n.clock(), text); err != nil {
			return err
		}
		return n.audit(tx, nil, "audit.alarm", peer, "deny", []string{text}, nil)
	})
	if err != nil {
		return err
	}
	return liaison.Errorf(liaison.ECONFLICT, "%s", text)
}

// ConsistencyProof returns the RFC 6962 consistency proof between this
// node's audit log at sizes from and to, for a peer that holds checkpoints
// of both. EINVALID unless 0 <= from < to <= the log's size.
func (n *Node) ConsistencyProof(ctx context.Context, from, to int64) ([]liaison.AuditHash, error) {
	tree, err := n.store.AuditTree(ctx)
	if err != nil {
		return nil, err
	}
	if from < 0 || from >= to || to > tree.Size {
		return nil, liaison.Errorf(liaison.EINVALID, "consistency proof from %d to %d: want 0 <= from < to <= %d, the log's size", from, to, tree.Size)
	}
	return auditlog.ConsistencyProof(from, to, func(a, b int64) ([]liaison.AuditHash, error) {
		return n.store.AuditLeaves(ctx, a, b)
	})
}
