package node

import (
	"fmt"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/stix"
)

// checkSTIX checks a KindSTIX item from peer under arrangement a (see
// Node.check): STIX objects added to the arrangement's shared collection
// on the peer's node. Every object is decoded and validated again with
// internal/stix and put to guard.ShareSTIX as the sender did, so a peer
// that sends TLP:RED or AMBER+STRICT gets the whole item refused with the
// object named. The objects are stored in this node's copy of the shared
// collection (the same collection id), with the peer as their origin, so
// they are never shared again. A version held already is left as it is:
// a replayed item changes nothing. The writes add the objects stored to
// r.stix, for the indicator index once they commit.
func (n *Node) checkSTIX(tx liaison.Tx, peer string, a *liaison.Arrangement, it Incoming, r *receiving) (func() error, error) {
	var s stixItem
	if err := decodeStrict(it.Body, &s); err != nil {
		return nil, err
	}
	switch coll := sharedCollection(a.ID); {
	case !a.Covers(liaison.AreaCyber):
		return nil, liaison.Errorf(liaison.EFORBIDDEN, "stix item %s: arrangement %q does not cover crime area cyber and has no shared collection", it.ID, a.Name)
	case s.Collection != coll:
		return nil, liaison.Errorf(liaison.EINVALID, "stix item %s: collection %q is not the shared collection %s of arrangement %q", it.ID, s.Collection, coll, a.Name)
	case !liaison.ValidAgencyCode(s.Agency):
		return nil, liaison.Errorf(liaison.EINVALID, "stix item %s: agency %q is not an agency code", it.ID, s.Agency)
	case len(s.Objects) == 0 || len(s.Objects) > MaxSTIXShareObjects:
		return nil, liaison.Errorf(liaison.EINVALID, "stix item %s: %d objects; an item carries 1 to %d", it.ID, len(s.Objects), MaxSTIXShareObjects)
	}
	now := n.clock()
	objs := make([]liaison.STIXObject, len(s.Objects))
	size := 0
	for i, raw := range s.Objects {
		name := "objects[" + strconv.Itoa(i) + "]"
		if size += len(raw); size > MaxSTIXShareBytes {
			return nil, liaison.Errorf(liaison.EINVALID, "stix item %s: the objects up to %s exceed %d bytes", it.ID, name, MaxSTIXShareBytes)
		}
		o, err := stix.Decode(raw)
		if err != nil {
			if o != nil && o.ID != "" {
				name += " " + o.ID
			}
			return nil, fmt.Errorf("stix item %s: %s: %w", it.ID, name, err)
		}
		tlp, ok := stix.TLPOf(o.ObjectMarkingRefs)
		if !ok {
			tlp = defaultTLP
		}
		if d := guard.ShareSTIX(a, peer, n.party, o.ID, tlp); !d.Allow {
			return nil, d.Err()
		}
		objs[i] = stixRow(s.Collection, o, tlp, s.Agency, now)
		objs[i].Origin = peer
	}
	return func() error {
		if _, err := tx.AddSTIXObjects(objs); err != nil {
			return err
		}
		r.stix = append(r.stix, objs...)
		return nil
	}, nil
}

// stixRow is the stored version of object o in collection c: its version
// is modified, else created (zero for an unversioned SCO).
func stixRow(c string, o *stix.Object, tlp, agency string, added time.Time) liaison.STIXObject {
	version := o.Modified
	if version.IsZero() {
		version = o.Created
	}
	return liaison.STIXObject{Collection: c, ID: o.ID, Type: o.Type, SpecVersion: o.SpecVersion,
		Modified: version, DateAdded: added, TLP: tlp, Agency: agency, Raw: o.Raw}
}
