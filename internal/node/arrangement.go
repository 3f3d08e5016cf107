package node

import (
	"context"
	"slices"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/arrangement"
)

// ApplyArrangement parses the arrangement file raw, checks that it names
// this node's party, and applies it. Both parties apply the same file; its
// SHA-256 then travels in every envelope sent under it. Applying the same
// file again changes nothing.
func (n *Node) ApplyArrangement(ctx context.Context, raw []byte) (*liaison.Arrangement, error) {
	a, err := arrangement.Parse(raw)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(a.Parties, n.party) {
		return nil, liaison.Errorf(liaison.EINVALID, "arrangement %q does not name this node's party %s (parties: %v)", a.Name, n.party, a.Parties)
	}
	a.Applied = n.clock()
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if old, err := tx.Arrangement(a.ID); err == nil {
			*a = *old
			return nil
		}
		if err := tx.PutArrangement(a); err != nil {
			return err
		}
		if err := n.queueDirectory(tx, queued); err != nil {
			return err
		}
		return n.audit(tx, nil, "arrangement.apply", a.ID, "", []string{a.Name}, raw)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Arrangements returns the applied arrangements, latest first.
func (n *Node) Arrangements(ctx context.Context) ([]liaison.Arrangement, error) {
	return n.store.Arrangements(ctx)
}
