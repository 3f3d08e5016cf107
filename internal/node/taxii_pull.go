package node

import (
	"context"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// PullSTIX stores one page of objects pulled from an external TAXII 2.1
// server (issue 7 item 5) into collection into, as AddSTIX stores an
// add-objects request (validation, TLP, status resource, audit as
// taxii.pull), and moves the pull's cursor to cur in the same
// transaction: a pull killed between pages resumes at the first page not
// stored, and none is stored twice. bundle is a STIX bundle, or nil for a
// page without objects, which moves the cursor alone (and returns a nil
// status).
//
// officerID names the officer who pulls, whom guard.UseTAXII must allow
// and whose agency the objects carry (TLP:AMBER+STRICT objects are shown
// to that agency's officers); "" is the node itself, as when an
// administrator runs liaison taxii pull on the node's directory: its
// objects carry no agency, so AMBER+STRICT ones are held but shown to no
// one. ENOTFOUND when there is no such officer or collection; EFORBIDDEN
// (audited) when the guard refuses; EINVALID when bundle is not a bundle.
func (n *Node) PullSTIX(ctx context.Context, officerID, into string, bundle []byte, cur liaison.TAXIICursor) (*liaison.STIXStatus, error) {
	var actor *liaison.Officer
	if officerID != "" {
		o, err := n.store.Officer(ctx, officerID)
		if err != nil {
			return nil, err
		}
		if d := guard.UseTAXII(o, n.party); !d.Allow {
			return nil, n.refuse(ctx, o, "taxii.pull", into, d)
		}
		actor = o
	}
	c, err := n.collection(ctx, into)
	if err != nil {
		return nil, err
	}
	cur.Updated = n.clock()
	move := func(tx liaison.Tx) error { return tx.PutTAXIICursor(&cur) }
	if bundle == nil {
		return nil, n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error { return move(tx) })
	}
	return n.addSTIX(ctx, actor, c, "taxii.pull", bundle,
		[]string{"pulled from collection " + cur.Collection + " of " + cur.Server}, move)
}

// TAXIICursor returns where the pull from collection of the TAXII API
// root server stopped; ENOTFOUND when none was pulled yet. It reads
// bookkeeping of the node's own, so it asks for no officer.
func (n *Node) TAXIICursor(ctx context.Context, server, collection string) (*liaison.TAXIICursor, error) {
	return n.store.TAXIICursor(ctx, server, collection)
}

// LocalCollection returns the id of the node's local TAXII collection,
// where objects pulled from elsewhere land unless told otherwise.
func (n *Node) LocalCollection(ctx context.Context) (string, error) {
	cs, err := n.collections(ctx)
	if err != nil {
		return "", err
	}
	return cs[0].ID, nil
}
