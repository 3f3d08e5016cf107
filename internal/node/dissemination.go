package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Limits on what an officer writes when asking for, or answering, onward
// use of a message.
const MaxMLARef = 200

// DisseminationInput is what an officer gives to pass a received message
// on to another agency of this node's party.
type DisseminationInput struct {
	ToAgency string `json:"to_agency"`
	Purpose  string `json:"purpose"`
}

// Disseminate asks to pass the received message on to another agency of
// this node's party, and returns the request with the guard's answer:
// allowed, refused (both final), or pending_consent, in which case a
// consent request is queued to the originating party in the same
// transaction and its answer completes the request later. A refusal by the
// guard is an answer, not an error: it is stored and audited like the
// others.
//
// It returns EFORBIDDEN (audited) when the actor may not read the message
// or pass content on, EINVALID for a message this node originated or bad
// input, ENOTFOUND for an unknown message.
func (n *Node) Disseminate(ctx context.Context, actor *liaison.Officer, messageID string, in DisseminationInput) (*liaison.Dissemination, error) {
	m, err := n.onwardMessage(ctx, actor, messageID, "dissemination.request")
	if err != nil {
		return nil, err
	}
	var f liaison.Fields
	in.ToAgency = strings.TrimSpace(in.ToAgency)
	switch {
	case in.ToAgency == "":
		f.Add("to_agency", "required")
	case !liaison.ValidAgencyCode(in.ToAgency):
		f.Add("to_agency", "not an agency code: lower-case letters, digits and dashes, at most 32")
	default:
		ok, err := n.ownAgency(ctx, in.ToAgency)
		if err != nil {
			return nil, err
		}
		if !ok {
			f.Add("to_agency", "no agency "+strQuote(in.ToAgency)+" of party "+n.party+" in the directory")
		}
	}
	checkPurpose(&f, in.Purpose)
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := guard.Disseminate(guard.Onward{Origin: m.From.Party, Handling: m.Handling, ToAgency: in.ToAgency, Purpose: in.Purpose,
		Officer: actor, Party: n.party, Rules: n.rules()})
	d := &liaison.Dissemination{
		ID: n.newID(), Kind: liaison.KindOnward, MessageID: m.ID, Origin: m.From.Party,
		ToAgency: in.ToAgency, Purpose: in.Purpose, By: sender(actor),
	}
	return n.onward(ctx, actor, m, d, r)
}

// Dissemination returns a request to pass a message on, for an officer who
// may read the message. The read is audited.
func (n *Node) Dissemination(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Dissemination, error) {
	return n.readOnward(ctx, actor, id, liaison.KindOnward)
}

// DisseminatedTo returns the agencies of this node's party that the
// received message was passed on to: those of its disseminations that are
// allowed, at once or by the originator's consent. The read guard lets
// their officers read the message. It is not audited: it reads no content.
func (n *Node) DisseminatedTo(ctx context.Context, messageID string) ([]string, error) {
	ds, err := n.store.Disseminations(ctx, messageID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range ds {
		if d.Kind == liaison.KindOnward && d.State == liaison.DisseminationAllowed && !slices.Contains(out, d.ToAgency) {
			out = append(out, d.ToAgency)
		}
	}
	slices.Sort(out)
	return out, nil
}

// onwardMessage returns the received message actor asks to use onward,
// once the guard lets actor ask; a denial is audited as action.
func (n *Node) onwardMessage(ctx context.Context, actor *liaison.Officer, id, action string) (*liaison.Message, error) {
	m, err := n.store.Message(ctx, id)
	if err != nil {
		return nil, err
	}
	d := guard.AskOnward(actor, m.Handling)
	if d.Allow {
		d = n.readMessageGuard(ctx, actor, m)
	}
	if !d.Allow {
		return nil, n.refuse(ctx, actor, action, id, d)
	}
	if !m.Inbound {
		return nil, liaison.Errorf(liaison.EINVALID, "message %s originated on this node: only messages received from another party are passed on or exported under its conditions", id)
	}
	return m, nil
}

// onward stores request d with the guard's ruling r and audits it; a
// request that needs consent queues a consent request to the originating
// party first (see Transactions in the package doc).
func (n *Node) onward(ctx context.Context, actor *liaison.Officer, m *liaison.Message, d *liaison.Dissemination, r guard.Ruling) (*liaison.Dissemination, error) {
	now := n.clock()
	d.State, d.Reasons, d.Created = r.Outcome, r.Reasons, now
	if d.State != liaison.DisseminationPendingConsent {
		d.Decided = &now
	}
	var (
		body []byte
		arr  string
		err  error
	)
	if d.State == liaison.DisseminationPendingConsent {
		c, err := n.store.Case(ctx, m.CaseID)
		if err != nil {
			return nil, err
		}
		arr = c.ArrangementID
		body, err = json.Marshal(consentRequest{
			ID: d.ID, Kind: d.Kind, Message: m.ID, Requester: d.By, ToAgency: d.ToAgency,
			Purpose: d.Purpose, MLARef: d.MLARef, Reasons: d.Reasons, Created: d.Created,
		})
		if err != nil {
			return nil, err
		}
	}
	record, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	action := string(d.Kind) + ".request"
	decision := map[liaison.DisseminationState]string{
		liaison.DisseminationAllowed: "allow", liaison.DisseminationRefused: "deny", liaison.DisseminationPendingConsent: "pending",
	}[d.State]
	what := d.ID + ": " + string(d.Kind) + " for " + d.Purpose
	if d.ToAgency != "" {
		what += " to agency " + d.ToAgency
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if body != nil {
			if _, err := n.enqueue(tx, queued, []string{m.From.Party}, liaison.KindConsent, d.ID, arr, body); err != nil {
				return err
			}
		}
		if err := tx.CreateDissemination(d); err != nil {
			return err
		}
		return n.audit(tx, actor, action, m.ID, decision, append([]string{what}, d.Reasons...), record)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// readOnward returns the dissemination or export with the id, for an
// officer who may read its message, and audits the read. A request of the
// other kind is not found: the two are listed under their own paths.
func (n *Node) readOnward(ctx context.Context, actor *liaison.Officer, id string, kind liaison.DisseminationKind) (*liaison.Dissemination, error) {
	action := string(kind) + ".read"
	d, err := n.store.Dissemination(ctx, id)
	if err == nil && d.Kind != kind {
		err = liaison.Errorf(liaison.ENOTFOUND, "%s %s not found", kind, id)
	}
	if err != nil {
		return nil, err
	}
	m, err := n.store.Message(ctx, d.MessageID)
	switch {
	case err == nil:
		if dec := n.readMessageGuard(ctx, actor, m); !dec.Allow {
			return nil, n.refuse(ctx, actor, action, id, dec)
		}
	case liaison.ErrorCode(err) == liaison.ENOTFOUND:
		// The message is gone (purged); the record of what was done
		// with it remains, for the officers who pass content on.
		if !actor.CanSend() {
			return nil, n.refuse(ctx, actor, action, id, guard.Decision{Reasons: []string{
				"officer role " + string(actor.Role) + " does not read the records of onward use; liaison officers and supervisors do"}})
		}
	default:
		return nil, err
	}
	if err := n.auditShown(ctx, actor, action, id, []string{id}); err != nil {
		return nil, err
	}
	return d, nil
}

// ownAgency reports whether the directory holds agency code of this
// node's party.
func (n *Node) ownAgency(ctx context.Context, code string) (bool, error) {
	ag, _, err := n.store.Directory(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ag, func(a liaison.Agency) bool { return a.Party == n.party && a.Code == code }), nil
}

// checkPurpose records a problem with a purpose that the guard does not
// know; the guard would refuse it, but it is bad input, said as such.
func checkPurpose(f *liaison.Fields, p string) {
	switch {
	case p == "":
		f.Add("purpose", "required", guard.Purposes...)
	case !guard.ValidPurpose(p):
		f.Add("purpose", "unknown purpose "+strQuote(p), guard.Purposes...)
	}
}

// printable reports whether s holds no control characters.
func printable(s string) bool {
	return !strings.ContainsFunc(s, unicode.IsControl)
}

// consentRequest is the body of a consent item: a receiving node asks the
// originator to consent to onward use of one of its messages. Its id is
// the id of the request on the receiving node.
type consentRequest struct {
	ID        string                    `json:"id"`
	Kind      liaison.DisseminationKind `json:"kind"`
	Message   string                    `json:"message"`
	Requester liaison.Sender            `json:"requester"`
	ToAgency  string                    `json:"to_agency,omitempty"`
	Purpose   string                    `json:"purpose"`
	MLARef    string                    `json:"mla_ref,omitempty"`
	Reasons   []string                  `json:"reasons"`
	Created   time.Time                 `json:"created"`
}

// consentAnswer is the body of a consent-answer item: the originator's
// answer, naming the agency of the supervisor who gave it, not the
// supervisor.
type consentAnswer struct {
	ID     string               `json:"id"`
	State  liaison.ConsentState `json:"state"`
	Reason string               `json:"reason,omitempty"`
	Agency string               `json:"agency"`
	Time   time.Time            `json:"time"`
}
