package node

import (
	"context"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// LeaseCheckpoint is the lease that makes one process of several sign
// the node's checkpoints at intervals.
const LeaseCheckpoint = "job/checkpoint"

// Checkpoint signs the audit log's current head if the log grew since the
// node's latest own checkpoint, stores it, and returns the latest own
// checkpoint. Signing is not itself audited: an entry for it would make
// the log grow again and every checkpoint stale at once.
//
// Two processes signing at once sign the same head or heads of different
// sizes; Ed25519 signatures are deterministic, so storing the same head
// twice changes nothing. It returns EUNAVAILABLE when the node has no
// signer.
func (n *Node) Checkpoint(ctx context.Context) (*liaison.AuditCheckpoint, error) {
	if n.signer == nil {
		return nil, liaison.Errorf(liaison.EUNAVAILABLE, "node %s signs no audit checkpoints (no signer configured)", n.party)
	}
	latest, err := n.latestCheckpoint(ctx, n.party)
	if err != nil {
		return nil, err
	}
	tree, err := n.store.AuditTree(ctx)
	if err != nil {
		return nil, err
	}
	if latest != nil && latest.Size >= tree.Size {
		return latest, nil
	}
	root := tree.Root()
	note, err := n.signer.SignCheckpoint(tree.Size, root)
	if err != nil {
		return nil, err
	}
	c := &liaison.AuditCheckpoint{Party: n.party, Size: tree.Size, Root: root, Note: note, Received: n.clock()}
	if err := n.store.Update(ctx, func(tx liaison.Tx) error { return tx.PutCheckpoint(c) }); err != nil {
		return nil, err
	}
	return c, nil
}

// LatestCheckpoint returns the node's latest own signed checkpoint, as a
// receipt carries it, without signing; ENOTFOUND when none is signed yet.
func (n *Node) LatestCheckpoint(ctx context.Context) (*liaison.AuditCheckpoint, error) {
	c, err := n.latestCheckpoint(ctx, n.party)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, liaison.Errorf(liaison.ENOTFOUND, "node %s has signed no audit checkpoint yet", n.party)
	}
	return c, nil
}

// latestCheckpoint returns party's checkpoint of the largest size held,
// or nil when none is.
func (n *Node) latestCheckpoint(ctx context.Context, party string) (*liaison.AuditCheckpoint, error) {
	cs, err := n.store.Checkpoints(ctx, party, 1)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	return &cs[0], nil
}

// AuditCheckpoint returns a freshly signed checkpoint of the log for an
// auditor. The request is audited first, so the checkpoint covers it.
// EFORBIDDEN, audited too, for any other role.
func (n *Node) AuditCheckpoint(ctx context.Context, actor *liaison.Officer) (*liaison.AuditCheckpoint, error) {
	if d := guard.ReadAudit(actor); !d.Allow {
		return nil, n.refuse(ctx, actor, "audit.checkpoint", "", d)
	}
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "audit.checkpoint", "", "allow", nil, nil)
	}); err != nil {
		return nil, err
	}
	return n.Checkpoint(ctx)
}

// SignCheckpoints signs a checkpoint every interval while the log grows,
// until ctx ends. Where several processes serve the node, only the one
// holding the lease LeaseCheckpoint signs; two at once would be harmless
// (see Checkpoint), the lease only saves the work.
func (n *Node) SignCheckpoints(ctx context.Context, holder string, interval time.Duration) {
	if n.signer == nil {
		return
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	held := false
	defer func() {
		if held {
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n.store.Release(rctx, LeaseCheckpoint, holder)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		ok, err := n.store.Lease(ctx, LeaseCheckpoint, holder, 3*interval)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			n.log.Warn("audit: take checkpoint lease", "err", err)
			continue
		}
		if held = ok; !held {
			continue
		}
		if _, err := n.Checkpoint(ctx); err != nil && ctx.Err() == nil {
			n.log.Error("audit: sign checkpoint", "err", err)
		}
	}
}
