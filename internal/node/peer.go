package node

import (
	"context"
	"encoding/json"

	"github.com/liaison-project/liaison"
)

// AddPeer trusts the node described by card (already checked by the
// caller, which knows how to parse keys). Adding a peer again replaces its
// card and keeps the link's sequence numbers.
func (n *Node) AddPeer(ctx context.Context, card liaison.Card) (*liaison.Peer, error) {
	if card.Party == n.party {
		return nil, liaison.Errorf(liaison.EINVALID, "card is this node's own party %s", n.party)
	}
	p := &liaison.Peer{Card: card, Added: n.clock()}
	body, _ := json.Marshal(card)
	err := n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if err := tx.PutPeer(p); err != nil {
			return err
		}
		if err := n.queueDirectory(tx, queued); err != nil {
			return err
		}
		return n.audit(tx, nil, "peer.add", card.Party, "", []string{"certificate sha256:" + card.CertSHA256}, body)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Peer returns the trusted peer of a party.
func (n *Node) Peer(ctx context.Context, party string) (*liaison.Peer, error) {
	return n.store.Peer(ctx, party)
}

// Peers returns every trusted peer.
func (n *Node) Peers(ctx context.Context) ([]liaison.Peer, error) {
	return n.store.Peers(ctx)
}

// Links returns the state of the link to each peer. Every authenticated
// officer may see it: it holds no content.
func (n *Node) Links(ctx context.Context, actor *liaison.Officer) ([]liaison.Link, error) {
	return n.store.Links(ctx)
}
