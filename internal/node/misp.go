package node

import (
	"context"
	"strconv"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/misp"
)

// MaxMISPExport bounds the object versions one MISP export reads; a
// larger collection is for TAXII, which pages.
const MaxMISPExport = 200_000

// orLocal returns collection, or the id of the node's local collection
// when it is "".
func (n *Node) orLocal(collection string) string {
	if collection == "" {
		return uuid.NewSHA1(taxiiNamespace, []byte("local:"+n.party)).String()
	}
	return collection
}

// ImportMISP converts MISP event JSON (internal/misp) and adds the STIX
// objects to a collection exactly as AddSTIX does, so the guard, the TLP
// recording and the audit entry are those of a TAXII add. The answer is
// the conversion report, naming every part of the events not carried,
// and the add's status. collection "" is the node's local one. EINVALID, naming the JSON path, when the input is
// not MISP event JSON; EUNAUTHORIZED without an actor; ENOTFOUND and
// EFORBIDDEN as AddSTIX.
func (n *Node) ImportMISP(ctx context.Context, actor *liaison.Officer, collection string, event []byte) (*liaison.MISPImport, error) {
	if actor == nil {
		return nil, liaison.Errorf(liaison.EUNAUTHORIZED, "a MISP import acts as an officer")
	}
	collection = n.orLocal(collection)
	if _, err := n.usable(ctx, actor, "misp.import", collection); err != nil {
		return nil, err
	}
	evs, err := misp.Decode(event)
	if err != nil {
		return nil, err
	}
	r := misp.Convert(evs)
	st, err := n.AddSTIX(ctx, actor, collection, r.Bundle())
	if err != nil {
		return nil, err
	}
	return &liaison.MISPImport{Report: r.Report, Status: st}, nil
}

// ExportMISP returns the latest version of every object of a collection
// the actor may read (STIXObjects pages, so guard.ReadSTIX hides what it
// hides from TAXII, and the reads are audited as misp.export) as MISP
// event JSON, with the report of what has no MISP form. EINVALID when the
// collection holds more than MaxMISPExport objects; ENOTFOUND and
// EFORBIDDEN as Collection.
func (n *Node) ExportMISP(ctx context.Context, actor *liaison.Officer, collection string) ([]byte, liaison.MISPReport, error) {
	if actor == nil {
		return nil, liaison.MISPReport{}, liaison.Errorf(liaison.EUNAUTHORIZED, "a MISP export acts as an officer")
	}
	var (
		raws [][]byte
		f    = liaison.STIXFilter{Collection: n.orLocal(collection), Limit: 1000}
	)
	for {
		objs, next, err := n.STIXObjects(ctx, actor, "misp.export", f)
		if err != nil {
			return nil, liaison.MISPReport{}, err
		}
		for _, o := range objs {
			raws = append(raws, o.Raw)
		}
		if len(raws) > MaxMISPExport {
			return nil, liaison.MISPReport{}, liaison.Errorf(liaison.EINVALID,
				"the collection holds more than %s objects; use TAXII to read it", strconv.Itoa(MaxMISPExport))
		}
		if next == "" {
			break
		}
		f.After = next
	}
	out, rep := misp.Export(raws)
	return out, rep, nil
}
