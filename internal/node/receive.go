package node

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/selector"
)

// Incoming is one item of an envelope, opened and authenticated by the
// federation link.
type Incoming struct {
	Seq  int64
	Kind string
	ID   string
	Body []byte
}

// Receive takes the items of one envelope from peer, sent under the
// arrangement arrangementID, in one transaction. Each item is checked
// again here, as if the sender had checked nothing: the arrangement must
// be applied on this node, the content valid, and the guard must allow it.
// An item that fails is recorded as refused with its reason; it takes its
// sequence number, so the items behind it still flow. An item at or below
// the link's last sequence is a duplicate and changes nothing.
//
// Receive returns one outcome per item taken before any error. It returns
// ECONFLICT when the first new item skips ahead of the link's sequence.
func (n *Node) Receive(ctx context.Context, peer, envelopeID, arrangementID string, items []Incoming) ([]liaison.InboundItem, error) {
	var (
		outcomes []liaison.InboundItem
		r        *receiving
	)
	err := n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		outcomes = outcomes[:0]
		r = &receiving{cases: map[string]*liaison.Case{}}
		a, arrErr := n.receivedArrangement(tx, peer, arrangementID)
		for _, it := range items {
			rec := liaison.InboundItem{
				Peer: peer, Seq: it.Seq, EnvelopeID: envelopeID, Kind: it.Kind,
				ObjectID: it.ID, Status: liaison.InboundStored, Received: n.clock(),
			}
			apply, err := func() (func() error, error) {
				if arrErr != nil {
					return nil, arrErr
				}
				return n.check(tx, queued, peer, a, it, r)
			}()
			if err != nil {
				if liaison.ErrorCode(err) == liaison.EINTERNAL {
					return err
				}
				rec.Status, rec.Reason = liaison.InboundRefused, err.Error()
			}
			dup, err := tx.Take(&rec)
			if err != nil {
				return err
			}
			if dup {
				rec.Status, rec.Reason = liaison.InboundDuplicate, ""
				outcomes = append(outcomes, rec)
				continue
			}
			if rec.Status == liaison.InboundRefused {
				if err := n.audit(tx, nil, it.Kind+".refuse", it.ID, "deny", []string{peer + ": " + rec.Reason}, it.Body); err != nil {
					return err
				}
				if err := tx.NoteRefusal(peer, n.clock(), "refused "+refusalText(rec)); err != nil {
					return err
				}
			} else {
				if err := apply(); err != nil {
					// check let through what the store refuses: a bug
					// here, not the peer's fault, and not a sequence
					// conflict. The envelope is retried, not refused.
					return &liaison.Error{Code: liaison.EINTERNAL, Message: fmt.Sprintf("store item %d from %s", it.Seq, peer), Err: err}
				}
				if err := n.audit(tx, nil, it.Kind+".receive", it.ID, "allow", []string{"from " + peer}, it.Body); err != nil {
					return err
				}
			}
			outcomes = append(outcomes, rec)
		}
		return nil
	})
	if err == nil {
		n.indexSTIX(r.stix)
	}
	return outcomes, err
}

// receivedArrangement returns the applied arrangement an envelope names,
// or the reason it cannot be used.
func (n *Node) receivedArrangement(tx liaison.Tx, peer, id string) (*liaison.Arrangement, error) {
	a, err := tx.Arrangement(id)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EFORBIDDEN, "arrangement sha256:%s is not applied on node %s; apply the same file on both nodes", short(id), n.party)
	}
	if err != nil {
		return nil, err
	}
	if !slices.Contains(a.Parties, peer) || !slices.Contains(a.Parties, n.party) {
		return nil, liaison.Errorf(liaison.EFORBIDDEN, "arrangement %q does not name both %s and %s", a.Name, peer, n.party)
	}
	return a, nil
}

// receiving is what the items of one envelope share within its
// transaction.
type receiving struct {
	// cases are the cases read so far: the items of an envelope are
	// mostly messages of a few cases, and cases do not change within it.
	cases map[string]*liaison.Case
	// stix are the STIX objects stored, for the indicator index once the
	// transaction commits.
	stix []liaison.STIXObject
}

// check validates one item and returns the writes that store it. It MUST
// NOT write: a refused item leaves nothing behind but its refusal.
func (n *Node) check(tx liaison.Tx, queued map[string]bool, peer string, a *liaison.Arrangement, it Incoming, r *receiving) (func() error, error) {
	switch it.Kind {
	case liaison.KindCase:
		return n.checkCase(tx, peer, a, it)
	case liaison.KindMessage:
		return n.checkMessage(tx, peer, a, it, r.cases)
	case liaison.KindDirectory:
		return n.checkDirectory(tx, peer, it)
	case liaison.KindRead:
		return n.checkRead(tx, peer, it)
	case liaison.KindRecall:
		return n.checkRecall(tx, queued, peer, a, it)
	case liaison.KindRecallAnswer:
		return n.checkRecallAnswer(tx, peer, it)
	case liaison.KindHandling:
		return n.checkHandling(tx, peer, a, it, r.cases)
	case liaison.KindPurged:
		return n.checkPurged(it)
	case liaison.KindConsent:
		return n.checkConsent(tx, peer, it)
	case liaison.KindConsentAnswer:
		return n.checkConsentAnswer(tx, peer, it)
	case liaison.KindWorkplan:
		return n.checkWorkplan(tx, peer, a, it)
	case liaison.KindRequest:
		return n.checkRequest(tx, queued, peer, a, it, r.cases)
	case liaison.KindRequestStep:
		return n.checkRequestStep(tx, peer, it)
	case liaison.KindSTIX:
		return n.checkSTIX(tx, peer, a, it, r)
	}
	return nil, liaison.Errorf(liaison.EINVALID, "unknown item kind %q", it.Kind)
}

func (n *Node) checkCase(tx liaison.Tx, peer string, a *liaison.Arrangement, it Incoming) (func() error, error) {
	var c liaison.Case
	if err := decodeStrict(it.Body, &c); err != nil {
		return nil, err
	}
	switch {
	case c.ID != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "case id %q differs from item id %q", c.ID, it.ID)
	case c.Origin != peer || c.CreatedBy.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "case %s claims origin %s but came from %s", c.ID, c.Origin, peer)
	case c.ArrangementID != a.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "case %s names arrangement %s, envelope %s", c.ID, short(c.ArrangementID), short(a.ID))
	case !slices.Contains(c.Parties, n.party):
		return nil, liaison.Errorf(liaison.EINVALID, "case %s does not name this node's party %s", c.ID, n.party)
	case !c.CrimeArea.Valid() || c.Handling.CrimeArea != c.CrimeArea:
		return nil, liaison.Errorf(liaison.EINVALID, "case %s: crime area %q invalid or differs from its handling", c.ID, c.CrimeArea)
	case c.Title == "" || len(c.Title) > 300:
		return nil, liaison.Errorf(liaison.EINVALID, "case %s: title empty or longer than 300 bytes", c.ID)
	}
	if err := c.Handling.Validate(a, peer); err != nil {
		return nil, fmt.Errorf("case %s handling: %w", c.ID, err)
	}
	if d := guard.Receive(a, peer, n.party, c.Handling, n.rules()); !d.Allow {
		return nil, d.Err()
	}
	if _, err := tx.Case(c.ID); err == nil {
		return nil, liaison.Errorf(liaison.ECONFLICT, "case %s is already held", c.ID)
	}
	return func() error { return tx.CreateCase(&c) }, nil
}

func (n *Node) checkMessage(tx liaison.Tx, peer string, a *liaison.Arrangement, it Incoming, cases map[string]*liaison.Case) (func() error, error) {
	var m liaison.Message
	if err := decodeStrict(it.Body, &m); err != nil {
		return nil, err
	}
	switch {
	case m.ID != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "message id %q differs from item id %q", m.ID, it.ID)
	case m.From.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "message %s claims party %s but came from %s", m.ID, m.From.Party, peer)
	case m.Subject == "" || len(m.Subject) > MaxSubject || m.Body == "" || len(m.Body) > MaxBody:
		return nil, liaison.Errorf(liaison.EINVALID, "message %s: subject or body empty or too long", m.ID)
	}
	c, ok := cases[m.CaseID]
	if !ok {
		var err error
		c, err = tx.Case(m.CaseID)
		if liaison.ErrorCode(err) == liaison.ENOTFOUND {
			return nil, liaison.Errorf(liaison.EINVALID, "message %s is in case %s, which this node does not hold", m.ID, m.CaseID)
		} else if err != nil {
			return nil, err
		}
		cases[m.CaseID] = c
	}
	if c.ArrangementID != a.ID || !slices.Contains(c.Parties, peer) {
		return nil, liaison.Errorf(liaison.EINVALID, "message %s: case %s is not shared with %s under this arrangement", m.ID, c.ID, peer)
	}
	if m.Handling.CrimeArea != c.CrimeArea {
		return nil, liaison.Errorf(liaison.EINVALID, "message %s: crime area %s differs from its case's crime area %s", m.ID, m.Handling.CrimeArea, c.CrimeArea)
	}
	if err := m.Handling.Validate(a, peer); err != nil {
		return nil, fmt.Errorf("message %s handling: %w", m.ID, err)
	}
	ents, err := selector.NormalizeAll(m.Entities, upper(peer))
	if err != nil {
		return nil, fmt.Errorf("message %s: %w", m.ID, err)
	}
	if err := n.checkRecipients(tx, c, peer, m.To); err != nil {
		return nil, fmt.Errorf("message %s: %w", m.ID, err)
	}
	if d := guard.Receive(a, peer, n.party, m.Handling, n.rules()); !d.Allow {
		return nil, d.Err()
	}
	if _, err := tx.Message(m.ID); err == nil {
		return nil, liaison.Errorf(liaison.ECONFLICT, "message %s is already held", m.ID)
	}
	now := n.clock()
	if ents == nil {
		ents = []liaison.Entity{}
	}
	m.Entities, m.Inbound, m.State, m.Received, m.Deliveries = ents, true, liaison.StateDelivered, &now, nil
	return func() error { return tx.CreateMessage(&m) }, nil
}

func (n *Node) checkDirectory(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var d Directory
	if err := decodeStrict(it.Body, &d); err != nil {
		return nil, err
	}
	if len(d.Agencies) > 10000 || len(d.Officers) > 100000 {
		return nil, liaison.Errorf(liaison.EINVALID, "directory too large")
	}
	// Everything the store would refuse is refused here, as this item's
	// fault: a failure inside ReplaceDirectory would fail the whole
	// envelope, and the sender would send it again for ever.
	codes := make(map[string]bool, len(d.Agencies))
	for i := range d.Agencies {
		ag := &d.Agencies[i]
		if ag.Party != peer || !liaison.ValidAgencyCode(ag.Code) || ag.Name == "" || len(ag.Name) > 200 {
			return nil, liaison.Errorf(liaison.EINVALID, "directory agency %d: must be of party %s with a valid code and name", i, peer)
		}
		if codes[ag.Code] {
			return nil, liaison.Errorf(liaison.EINVALID, "directory: agency %s is listed twice", ag.Code)
		}
		codes[ag.Code] = true
	}
	_, known, err := tx.Directory()
	if err != nil {
		return nil, err
	}
	others := make(map[string]string, len(known)) // officer id → party, for officers of other parties
	for _, o := range known {
		if o.Party != peer {
			others[o.ID] = o.Party
		}
	}
	ids := make(map[string]bool, len(d.Officers))
	for i := range d.Officers {
		o := &d.Officers[i]
		if o.Party != peer {
			return nil, liaison.Errorf(liaison.EINVALID, "directory officer %d is of party %q, not %s", i, o.Party, peer)
		}
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("directory officer %d: %w", i, err)
		}
		switch {
		case o.ID == "" || len(o.ID) > 64:
			return nil, liaison.Errorf(liaison.EINVALID, "directory officer %d: id must be 1 to 64 bytes", i)
		case ids[o.ID]:
			return nil, liaison.Errorf(liaison.EINVALID, "directory: officer %s is listed twice", o.ID)
		case others[o.ID] != "":
			return nil, liaison.Errorf(liaison.EINVALID, "directory: officer %s is an officer of %s", o.ID, others[o.ID])
		}
		ids[o.ID] = true
	}
	return func() error { return tx.ReplaceDirectory(peer, d.Agencies, d.Officers) }, nil
}

func (n *Node) checkRead(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var r readNotice
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	m, err := tx.Message(r.Message)
	if err != nil || m.Inbound || r.Message != it.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "read notice for message %s, which this node did not send", r.Message)
	}
	delivered := slices.ContainsFunc(m.Deliveries, func(d liaison.Delivery) bool { return d.Party == peer })
	if !delivered {
		return nil, liaison.Errorf(liaison.EINVALID, "read notice for message %s, which was not sent to %s", r.Message, peer)
	}
	if !liaison.ValidAgencyCode(r.Agency) {
		return nil, liaison.Errorf(liaison.EINVALID, "read notice for message %s: agency %q is not an agency code", r.Message, r.Agency)
	}
	if r.Time.IsZero() {
		return nil, liaison.Errorf(liaison.EINVALID, "read notice for message %s: no time", r.Message)
	}
	return func() error {
		if m.State == liaison.StateRefused {
			return nil
		}
		if err := tx.AddReadReceipt(m.ID, liaison.ReadReceipt{Party: peer, Agency: r.Agency, At: r.Time.UTC().Truncate(time.Microsecond)}); err != nil {
			return err
		}
		return tx.SetMessageState(m.ID, liaison.StateRead)
	}, nil
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// trailing data.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return liaison.Errorf(liaison.EINVALID, "item body: %v", err)
	}
	if dec.More() {
		return liaison.Errorf(liaison.EINVALID, "item body: trailing data")
	}
	return nil
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
