package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// CaseInput is what an officer gives to open a case.
type CaseInput struct {
	Title     string            `json:"title"`
	CrimeArea liaison.CrimeArea `json:"crime_area"`
	// Parties are the parties to share the case with; this node's own party
	// may be listed or not.
	Parties  []string         `json:"parties"`
	Handling liaison.Handling `json:"handling"`
}

// CreateCase opens a case and queues it to every other party. The case's
// arrangement is the latest applied one that names all its parties and
// covers its crime area.
func (n *Node) CreateCase(ctx context.Context, actor *liaison.Officer, in CaseInput) (*liaison.Case, error) {
	var f liaison.Fields
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		f.Add("title", "required")
	case len(in.Title) > 300:
		f.Add("title", "longer than 300 bytes")
	}
	if !in.CrimeArea.Valid() {
		f.Add("crime_area", "unknown crime area "+strQuote(string(in.CrimeArea)), areaNames()...)
	}
	if in.Handling.CrimeArea == "" {
		in.Handling.CrimeArea = in.CrimeArea
	} else if in.Handling.CrimeArea != in.CrimeArea {
		f.Add("handling.crime_area", "differs from the case's crime area "+string(in.CrimeArea))
	}
	parties := []string{n.party}
	if len(in.Parties) == 0 {
		f.Add("parties", "name at least one party to share the case with")
	}
	if len(in.Parties) > 32 {
		f.Add("parties", "more than 32 parties")
		in.Parties = nil
	}
	for i, p := range in.Parties {
		switch {
		case !liaison.ValidParty(p):
			f.Add(fieldIndex("parties", i), "invalid party code "+strQuote(p))
		case p == n.party || slices.Contains(parties, p):
		default:
			if _, err := n.store.Peer(ctx, p); err != nil {
				f.Add(fieldIndex("parties", i), "no peer node for party "+p+"; add its card first")
				continue
			}
			parties = append(parties, p)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(parties) < 2 {
		return nil, liaison.Invalid(liaison.FieldError{Field: "parties", Problem: "name at least one party other than " + n.party})
	}
	a, err := n.arrangementFor(ctx, parties, in.CrimeArea)
	if err != nil {
		return nil, err
	}
	if err := in.Handling.Validate(a, n.party); err != nil {
		f.Prefix("handling", err)
		return nil, f.Err()
	}
	d := guard.Send(guard.Release{Officer: actor, Arrangement: a, From: n.party, To: parties[1:], Handling: in.Handling, Rules: n.rules()})
	c := &liaison.Case{
		ID: n.newID(), Title: in.Title, CrimeArea: in.CrimeArea, Parties: parties,
		Origin: n.party, ArrangementID: a.ID, Handling: in.Handling,
		CreatedBy: sender(actor), Created: n.clock(),
	}
	if !d.Allow {
		return nil, n.refuse(ctx, actor, "case.create", c.ID, d)
	}
	body, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		if _, err := n.enqueue(tx, queued, c.Parties, liaison.KindCase, c.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.CreateCase(c); err != nil {
			return err
		}
		return n.audit(tx, actor, "case.create", c.ID, "allow", nil, body)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Case returns a case the actor may read.
// Every read, allowed or denied, is audited.
func (n *Node) Case(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Case, error) {
	c, err := n.readCase(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := n.auditShown(ctx, actor, "case.read", id, []string{id}); err != nil {
		return nil, err
	}
	return c, nil
}

// readCase returns a case the actor may read; a denial is audited.
func (n *Node) readCase(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Case, error) {
	c, err := n.store.Case(ctx, id)
	if err != nil {
		return nil, n.gone(ctx, id, err)
	}
	if d := n.readCaseGuard(ctx, actor, c); !d.Allow {
		ok, err := n.readsMessageOf(ctx, actor, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, n.refuse(ctx, actor, "case.read", id, d)
		}
	}
	return c, nil
}

// caseScan bounds how many messages of a received case readsMessageOf
// looks through.
const caseScan = 1000

// readsMessageOf reports whether actor may read one of the first messages
// of received case c. A received case is addressed to this party's
// liaison unit, but its messages may be addressed to an agency: an
// analyst who may read such a message may open its case, and sees in it
// only the messages the guard lets them read (CaseMessages filters each).
func (n *Node) readsMessageOf(ctx context.Context, actor *liaison.Officer, c *liaison.Case) (bool, error) {
	if c.Origin == n.party {
		return false, nil
	}
	f := liaison.MessageFilter{CaseID: &c.ID, Limit: 200}
	for seen := 0; seen < caseScan; {
		ms, next, err := n.store.Messages(ctx, f)
		if err != nil {
			return false, err
		}
		for i := range ms {
			if n.readMessageGuard(ctx, actor, &ms[i]).Allow {
				return true, nil
			}
		}
		seen += len(ms)
		if next == "" {
			break
		}
		f.After = next
	}
	return false, nil
}

// readCaseGuard asks the guard whether actor may read case c. A case
// received from a peer is addressed to this party's liaison unit.
func (n *Node) readCaseGuard(ctx context.Context, actor *liaison.Officer, c *liaison.Case) guard.Decision {
	a, _ := n.arrangement(ctx, c.ArrangementID)
	return guard.Read(guard.Reader{Officer: actor, Party: n.party, Arrangement: a, Rules: n.rules()}, guard.Content{
		Handling: c.Handling, Inbound: c.Origin != n.party, Origin: c.Origin,
		Author: c.CreatedBy.OfficerID, AuthorAgency: c.CreatedBy.Agency,
	})
}

// Cases returns a page of the cases the actor may read; the listing is
// audited.
func (n *Node) Cases(ctx context.Context, actor *liaison.Officer, f liaison.CaseFilter) ([]liaison.Case, string, error) {
	cs, next, err := n.store.Cases(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := cs[:0]
	for i := range cs {
		if n.readCaseGuard(ctx, actor, &cs[i]).Allow {
			out = append(out, cs[i])
		}
	}
	if err := n.auditShown(ctx, actor, "case.list", "", caseIDs(out)); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// arrangementFor returns the latest applied arrangement naming all parties
// and covering area.
func (n *Node) arrangementFor(ctx context.Context, parties []string, area liaison.CrimeArea) (*liaison.Arrangement, error) {
	arrs, err := n.store.Arrangements(ctx)
	if err != nil {
		return nil, err
	}
	for i := range arrs {
		a := &arrs[i]
		if a.Covers(area) && containsAll(a.Parties, parties) {
			return a, nil
		}
	}
	return nil, liaison.Errorf(liaison.EFORBIDDEN, "no applied arrangement names parties %s and covers crime area %s", strings.Join(parties, ", "), area)
}

// enqueue queues one item to every party in parties but this node's own,
// and returns the delivery each starts as.
func (n *Node) enqueue(tx liaison.Tx, queued map[string]bool, parties []string, kind, id, arrangementID string, body []byte) ([]liaison.Delivery, error) {
	var ds []liaison.Delivery
	// In party order: the order in which a store locks the links.
	for _, p := range slices.Sorted(slices.Values(parties)) {
		if p == n.party {
			continue
		}
		item := &liaison.OutboxItem{
			Peer: p, Kind: kind, ObjectID: id, ArrangementID: arrangementID,
			Payload: body, Created: n.clock(),
		}
		if err := tx.Enqueue(item); err != nil {
			return nil, err
		}
		queued[p] = true
		ds = append(ds, liaison.Delivery{Party: p, Seq: item.Seq, State: liaison.StateQueued})
	}
	return ds, nil
}

// refuse records a denied decision in the audit log and returns it as an
// EFORBIDDEN error carrying the reasons.
func (n *Node) refuse(ctx context.Context, actor *liaison.Officer, action, object string, d guard.Decision) error {
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, action, object, "deny", d.Reasons, nil)
	})
	if err != nil {
		return err
	}
	return d.Err()
}

func sender(o *liaison.Officer) liaison.Sender {
	return liaison.Sender{Party: o.Party, Agency: o.Agency, Officer: o.Name, OfficerID: o.ID}
}

func containsAll(set, sub []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}
