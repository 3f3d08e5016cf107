package node

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/stix"
)

// taxiiNamespace is the UUID namespace of collection ids: an id is the
// name-based (SHA-1) UUID of "local:" and the party, or of "arrangement:"
// and the arrangement's id, so it stays the same across restarts and on
// every node that applied the arrangement.
var taxiiNamespace = uuid.MustParse("6f3b8f3e-2a51-4b5e-9d0c-4c1a7e6b9f10")

// defaultTLP is the label recorded for objects added without a TLP
// marking (issue 7 item 3: "objects without a marking get the
// collection's default").
const defaultTLP = liaison.TLPAmber

// Collections returns the TAXII collections of this node, the local one
// first, then one per applied arrangement covering cyber, latest applied
// first. EFORBIDDEN (audited) when guard.UseTAXII refuses the actor.
func (n *Node) Collections(ctx context.Context, actor *liaison.Officer) ([]liaison.TAXIICollection, error) {
	if d := guard.UseTAXII(actor, n.party); !d.Allow {
		return nil, n.refuse(ctx, actor, "taxii.collections", "", d)
	}
	return n.collections(ctx)
}

func (n *Node) collections(ctx context.Context) ([]liaison.TAXIICollection, error) {
	cs := []liaison.TAXIICollection{{
		ID:          uuid.NewSHA1(taxiiNamespace, []byte("local:"+n.party)).String(),
		Title:       "Local indicators of " + n.name,
		Description: "STIX objects held by this node only.",
		DefaultTLP:  defaultTLP, CanRead: true, CanWrite: true,
	}}
	as, err := n.store.Arrangements(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if !a.Covers(liaison.AreaCyber) {
			continue
		}
		cs = append(cs, liaison.TAXIICollection{
			ID:          sharedCollection(a.ID),
			Title:       fmt.Sprintf("Shared under %s (version %d)", a.Name, a.Version),
			Description: "STIX objects shared by " + strings.Join(a.Parties, ", ") + " under the arrangement.",
			Arrangement: a.ID, DefaultTLP: defaultTLP, CanRead: true, CanWrite: true,
		})
	}
	return cs, nil
}

// Collection returns one collection; ENOTFOUND when the node has none
// with the id, EFORBIDDEN (audited) as Collections.
func (n *Node) Collection(ctx context.Context, actor *liaison.Officer, id string) (*liaison.TAXIICollection, error) {
	if d := guard.UseTAXII(actor, n.party); !d.Allow {
		return nil, n.refuse(ctx, actor, "taxii.collection", id, d)
	}
	return n.collection(ctx, id)
}

func (n *Node) collection(ctx context.Context, id string) (*liaison.TAXIICollection, error) {
	cs, err := n.collections(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i], nil
		}
	}
	return nil, liaison.Errorf(liaison.ENOTFOUND, "collection %s not found", id)
}

// usable checks the actor and the collection for action; the refusal is
// audited.
func (n *Node) usable(ctx context.Context, actor *liaison.Officer, action, collection string) (*liaison.TAXIICollection, error) {
	if d := guard.UseTAXII(actor, n.party); !d.Allow {
		return nil, n.refuse(ctx, actor, action, collection, d)
	}
	return n.collection(ctx, collection)
}

// AddSTIX adds the objects of a STIX bundle to a collection (TAXII 2.1
// section 5.5 "Add Objects") and returns the status resource, stored in
// the same transaction as the objects and the audit entry. Every object
// of the bundle is one entry: a success (added now, or that version held
// already) or a failure with the validation problems; nothing is reported
// a success that is not stored. EINVALID when the bundle itself is not a
// bundle; ENOTFOUND and EFORBIDDEN as Collection.
//
// Objects added to a shared collection are queued, in the same
// transaction, to the arrangement's other parties (see shareSTIX); each
// success's message says to whom it was queued and, for an object
// guard.ShareSTIX keeps here, that it is stored here but not shared, and
// why.
func (n *Node) AddSTIX(ctx context.Context, actor *liaison.Officer, collection string, bundle []byte) (*liaison.STIXStatus, error) {
	c, err := n.usable(ctx, actor, "taxii.add", collection)
	if err != nil {
		return nil, err
	}
	return n.addSTIX(ctx, actor, c, "taxii.add", bundle, nil, nil)
}

// addSTIX adds the objects of bundle to collection c for actor (nil for
// the node itself, whose objects carry no agency), audited as action
// with the reasons why added after the counts; also, when not nil, runs
// in the same transaction.
func (n *Node) addSTIX(ctx context.Context, actor *liaison.Officer, c *liaison.TAXIICollection, action string,
	bundle []byte, why []string, also func(tx liaison.Tx) error) (*liaison.STIXStatus, error) {
	agency := ""
	if actor != nil {
		agency = actor.Agency
	}
	b, err := stix.DecodeBundle(bundle)
	if err != nil {
		return nil, err
	}
	added := n.clock()
	st := &liaison.STIXStatus{ID: n.newID(), Collection: c.ID, Status: "complete",
		RequestTimestamp: added, TotalCount: len(b.Items)}
	var (
		objs  []liaison.STIXObject
		index []int // objs[i] is b.Items[index[i]]
	)
	for i, it := range b.Items {
		if it.Err != nil {
			d := liaison.STIXStatusDetail{Message: it.Err.Error()}
			if it.Object != nil {
				// version is required in status details (TAXII 2.1
				// section 4.3.1): the sender's, when it wrote one.
				d.ID, d.Version = it.Object.ID, it.Object.ModifiedText
				if d.Version == "" {
					d.Version = it.Object.CreatedText
				}
			}
			if d.ID == "" {
				d.ID = "objects[" + strconv.Itoa(it.Index) + "]"
			}
			st.Failures = append(st.Failures, d)
			continue
		}
		o := it.Object
		tlp, ok := stix.TLPOf(o.ObjectMarkingRefs)
		if !ok {
			tlp = c.DefaultTLP
		}
		objs = append(objs, stixRow(c.ID, o, tlp, agency, added))
		index = append(index, i)
	}
	var a *liaison.Arrangement
	// What the node adds itself (a pull without --as) is not shared: only
	// an officer's act sends objects across the border.
	if c.Arrangement != "" && actor != nil {
		if a, err = n.arrangement(ctx, c.Arrangement); err != nil {
			return nil, err
		}
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// A retried transaction starts from the failures alone.
		st.Successes = nil
		var share *stixShare
		if a != nil {
			// The links first: see Transactions in the package doc.
			s, err := n.shareSTIX(tx, queued, actor, a, st.ID, objs)
			if err != nil {
				return err
			}
			share = s
		}
		news, err := tx.AddSTIXObjects(objs)
		if err != nil {
			return err
		}
		var ids []string
		for i, o := range objs {
			d := liaison.STIXStatusDetail{ID: o.ID, Version: statusVersion(b.Items[index[i]].Object, o)}
			if news[i] {
				ids = append(ids, o.ID)
			}
			switch {
			case share != nil:
				d.Message = share.message(i, !news[i])
			case !news[i]:
				d.Message = "this version is held already"
			}
			st.Successes = append(st.Successes, d)
		}
		if err := tx.PutSTIXStatus(st); err != nil {
			return err
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		if err := n.audit(tx, actor, action, c.ID, "allow",
			append([]string{strconv.Itoa(len(ids)) + " added", strconv.Itoa(len(st.Failures)) + " failed"}, why...),
			[]byte(strings.Join(ids, "\n"))); err != nil {
			return err
		}
		if share != nil {
			return share.audit(n, tx, actor)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	n.indexSTIX(objs)
	return st, nil
}

// statusVersion is the version a status names: the sender's modified
// (or created) text, else the date added, as TAXII 2.1 section 3.4.2
// "Object Versioning" does for unversioned objects.
func statusVersion(o *stix.Object, s liaison.STIXObject) string {
	switch {
	case o.ModifiedText != "":
		return o.ModifiedText
	case o.CreatedText != "":
		return o.CreatedText
	}
	return stix.FormatTimestamp(s.DateAdded)
}

// STIXObjects returns a page of a collection's object versions that match
// f, leaving out those guard.ReadSTIX hides, and the next cursor. action
// names the audit entry (taxii.objects, taxii.manifest, taxii.versions,
// taxii.object); the ids shown are audited as listings are. EINVALID for a
// bad filter; ENOTFOUND and EFORBIDDEN as Collection.
func (n *Node) STIXObjects(ctx context.Context, actor *liaison.Officer, action string, f liaison.STIXFilter) ([]liaison.STIXObject, string, error) {
	if _, err := n.usable(ctx, actor, action, f.Collection); err != nil {
		return nil, "", err
	}
	objs, next, err := n.store.STIXObjects(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := objs[:0]
	for _, o := range objs {
		if guard.ReadSTIX(actor, o.TLP, o.Agency).Allow {
			out = append(out, o)
		}
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	if err := n.auditShown(ctx, actor, action, f.Collection, ids); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// DeleteSTIX deletes the versions of object id in a collection that f's
// Versions and SpecVersions select (TAXII 2.1 section 5.7 "Delete An
// Object"), audited. ENOTFOUND when none matched; EINVALID, EFORBIDDEN as
// STIXObjects.
func (n *Node) DeleteSTIX(ctx context.Context, actor *liaison.Officer, collection, id string, f liaison.STIXFilter) error {
	if _, err := n.usable(ctx, actor, "taxii.delete", collection); err != nil {
		return err
	}
	defer n.reindexSTIX(ctx, collection, id)
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		k, err := tx.DeleteSTIXObjects(collection, id, f)
		if err != nil {
			return err
		}
		if k == 0 {
			return liaison.Errorf(liaison.ENOTFOUND, "object %s not found", id)
		}
		return n.audit(tx, actor, "taxii.delete", collection+"/"+id, "allow",
			[]string{strconv.Itoa(k) + " versions deleted"}, nil)
	})
}

// STIXStatus returns the status of an add-objects request (TAXII 2.1
// section 4.3 "Get Status"), audited. ENOTFOUND when there is none;
// EFORBIDDEN as Collections.
func (n *Node) STIXStatus(ctx context.Context, actor *liaison.Officer, id string) (*liaison.STIXStatus, error) {
	if d := guard.UseTAXII(actor, n.party); !d.Allow {
		return nil, n.refuse(ctx, actor, "taxii.status", id, d)
	}
	st, err := n.store.STIXStatus(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := n.auditShown(ctx, actor, "taxii.status", id, []string{id}); err != nil {
		return nil, err
	}
	return st, nil
}
