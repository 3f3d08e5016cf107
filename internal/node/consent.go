package node

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Consents returns, for a supervisor, a page of the peers' requests for
// this node's consent that match f, ordered by id, and the next cursor.
// Requests about messages in crime areas the supervisor does not work in
// are left out of the page. The listing is audited; EFORBIDDEN, audited
// too, for any other role.
func (n *Node) Consents(ctx context.Context, actor *liaison.Officer, f liaison.ConsentFilter) ([]liaison.Consent, string, error) {
	if d := guard.ListConsents(actor); !d.Allow {
		return nil, "", n.refuse(ctx, actor, "consent.list", "", d)
	}
	if f.State != nil && !f.State.Valid() {
		names := make([]string, len(liaison.ConsentStates))
		for i, s := range liaison.ConsentStates {
			names[i] = string(s)
		}
		return nil, "", liaison.Invalid(liaison.FieldError{Field: "state", Problem: "unknown state " + strQuote(string(*f.State)), Allowed: names})
	}
	cs, next, err := n.store.Consents(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := cs[:0]
	for _, c := range cs {
		m, err := n.store.Message(ctx, c.MessageID)
		if err != nil && liaison.ErrorCode(err) != liaison.ENOTFOUND {
			return nil, "", err
		}
		// A request about a purged message shows: it names no content.
		if err != nil || actor.CoversArea(m.Handling.CrimeArea) {
			out = append(out, c)
		}
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	if err := n.auditShown(ctx, actor, "consent.list", "", ids); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// GrantConsent grants a peer's pending request for consent and queues the
// answer to it, in one transaction. EFORBIDDEN (audited) unless the actor
// is a supervisor working in the message's crime area; ECONFLICT when the
// request was answered already.
func (n *Node) GrantConsent(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Consent, error) {
	return n.answerConsent(ctx, actor, id, liaison.ConsentGranted, "")
}

// RefuseConsent refuses a peer's pending request for consent, with a
// reason that travels back to the requesting officer, as GrantConsent does.
func (n *Node) RefuseConsent(ctx context.Context, actor *liaison.Officer, id, reason string) (*liaison.Consent, error) {
	return n.answerConsent(ctx, actor, id, liaison.ConsentRefused, reason)
}

func (n *Node) answerConsent(ctx context.Context, actor *liaison.Officer, id string, st liaison.ConsentState, reason string) (*liaison.Consent, error) {
	action := "consent.grant"
	if st == liaison.ConsentRefused {
		action = "consent.refuse"
	}
	c, err := n.store.Consent(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := n.store.Message(ctx, c.MessageID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.ECONFLICT, "message %s is no longer held; consent %s cannot be answered", c.MessageID, id)
	} else if err != nil {
		return nil, err
	}
	d := guard.AnswerConsent(actor, m.Handling)
	if d.Allow {
		// Checked when the request came; checked again, as the answer
		// releases the content's use.
		if why := consentable(m, c.Requester.Party); why != "" {
			d = guard.Decision{Reasons: []string{why}}
		}
	}
	if !d.Allow {
		return nil, n.refuse(ctx, actor, action, id, d)
	}
	reason = strings.TrimSpace(reason)
	if st == liaison.ConsentRefused {
		switch {
		case reason == "":
			return nil, liaison.Invalid(liaison.FieldError{Field: "reason", Problem: "required: the requesting officer is told why"})
		case len(reason) > MaxReason:
			return nil, liaison.Invalid(liaison.FieldError{Field: "reason", Problem: "longer than 1000 bytes"})
		case !printable(reason):
			return nil, liaison.Invalid(liaison.FieldError{Field: "reason", Problem: "holds control characters"})
		}
	}
	if c.State != liaison.ConsentPending {
		return nil, liaison.Errorf(liaison.ECONFLICT, "consent %s was %s already", id, c.State)
	}
	kase, err := n.store.Case(ctx, m.CaseID)
	if err != nil {
		return nil, err
	}
	now := n.clock()
	body, err := json.Marshal(consentAnswer{ID: c.ID, State: st, Reason: reason, Agency: actor.Agency, Time: now})
	if err != nil {
		return nil, err
	}
	why := []string{"message " + c.MessageID + ": " + string(c.Kind) + " for " + c.Purpose + " asked by " + c.Requester.Party + "/" + c.Requester.Agency}
	if reason != "" {
		why = append(why, reason)
	}
	decision := "allow"
	if st == liaison.ConsentRefused {
		decision = "deny"
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		// Queue first, audit last (see Transactions in the package doc).
		// A second answer racing this one fails in DecideConsent and
		// takes its queued answer with it.
		if _, err := n.enqueue(tx, queued, []string{c.Requester.Party}, liaison.KindConsentAnswer, c.ID, kase.ArrangementID, body); err != nil {
			return err
		}
		if err := tx.DecideConsent(c.ID, st, reason, actor.ID, now); err != nil {
			return err
		}
		return n.audit(tx, actor, action, c.ID, decision, why, body)
	})
	if err != nil {
		return nil, err
	}
	c.State, c.Reason, c.DecidedBy, c.Decided = st, reason, actor.ID, &now
	return c, nil
}

// consentable returns why party may not be asked about message m, or ""
// when it may: the message must be this node's own and sent to party.
func consentable(m *liaison.Message, party string) string {
	if m.Inbound {
		return "message " + m.ID + " did not originate on this node; its originator " + m.From.Party + " answers for it"
	}
	sent := slices.ContainsFunc(m.Deliveries, func(d liaison.Delivery) bool {
		return d.Party == party && d.State != liaison.StateRefused
	})
	if !sent {
		return "message " + m.ID + " was not delivered to " + party
	}
	return ""
}

// checkConsent checks a peer's request for consent (see Node.check).
func (n *Node) checkConsent(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var r consentRequest
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	switch {
	case r.ID != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "consent id %q differs from item id %q", r.ID, it.ID)
	case r.Requester.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s claims requester party %s but came from %s", r.ID, r.Requester.Party, peer)
	case !r.Kind.Valid():
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: unknown kind %q", r.ID, r.Kind)
	case !guard.ValidPurpose(r.Purpose):
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: unknown purpose %q", r.ID, r.Purpose)
	case r.Kind == liaison.KindOnward && !liaison.ValidAgencyCode(r.ToAgency),
		r.Kind == liaison.KindExport && r.ToAgency != "":
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: to_agency %q does not fit a %s", r.ID, r.ToAgency, r.Kind)
	case !liaison.ValidAgencyCode(r.Requester.Agency) || len(r.Requester.Officer) > 200 || len(r.Requester.OfficerID) > 64:
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: requester agency or officer invalid", r.ID)
	case len(r.MLARef) > MaxMLARef || !printable(r.MLARef):
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: mla_ref longer than 200 bytes or not printable", r.ID)
	case len(r.Reasons) > 64:
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: more than 64 reasons", r.ID)
	}
	for _, why := range r.Reasons {
		if len(why) > MaxReason {
			return nil, liaison.Errorf(liaison.EINVALID, "consent %s: a reason is longer than 1000 bytes", r.ID)
		}
	}
	if r.Kind == liaison.KindOnward {
		// The peer's directory travels on the same link, ahead of any
		// request that names a new agency.
		ag, _, err := tx.Directory()
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ag, func(a liaison.Agency) bool { return a.Party == peer && a.Code == r.ToAgency }) {
			return nil, liaison.Errorf(liaison.EINVALID, "consent %s: agency %s is not in the directory of %s", r.ID, r.ToAgency, peer)
		}
	}
	m, err := tx.Message(r.Message)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s is about message %s, which this node does not hold", r.ID, r.Message)
	} else if err != nil {
		return nil, err
	}
	if why := consentable(m, peer); why != "" {
		return nil, liaison.Errorf(liaison.EINVALID, "consent %s: %s", r.ID, why)
	}
	if _, err := tx.Consent(r.ID); err == nil {
		return nil, liaison.Errorf(liaison.ECONFLICT, "consent %s is already held", r.ID)
	} else if liaison.ErrorCode(err) != liaison.ENOTFOUND {
		return nil, err
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	c := &liaison.Consent{
		ID: r.ID, Kind: r.Kind, MessageID: r.Message, Requester: r.Requester, ToAgency: r.ToAgency,
		Purpose: r.Purpose, MLARef: r.MLARef, Reasons: r.Reasons, State: liaison.ConsentPending,
		Created: r.Created.UTC(), Received: n.clock(),
	}
	return func() error {
		if err := tx.CreateConsent(c); err != nil {
			return err
		}
		return n.notify(tx, liaison.Event{
			ID: "consent.pending:" + c.ID, Kind: "consent.pending", Object: c.ID, CaseID: m.CaseID,
			Area: m.Handling.CrimeArea, Roles: []liaison.Role{liaison.RoleSupervisor},
			Text: "Consent " + c.ID + ": " + c.Requester.Party + "/" + c.Requester.Agency + " asks for " + string(c.Kind) +
				" of message " + c.MessageID + " for " + c.Purpose,
		})
	}, nil
}

// checkConsentAnswer checks the originator's answer to a request for
// consent this node sent, and completes the request (see Node.check). An
// answer for a request this node does not hold, or one no longer waiting,
// is refused as the item's fault: the link goes on.
func (n *Node) checkConsentAnswer(tx liaison.Tx, peer string, it Incoming) (func() error, error) {
	var r consentAnswer
	if err := decodeStrict(it.Body, &r); err != nil {
		return nil, err
	}
	switch {
	case r.ID != it.ID:
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer id %q differs from item id %q", r.ID, it.ID)
	case r.State != liaison.ConsentGranted && r.State != liaison.ConsentRefused:
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer %s: state %q is not granted or refused", r.ID, r.State)
	case r.State == liaison.ConsentRefused && strings.TrimSpace(r.Reason) == "":
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer %s: a refusal without a reason", r.ID)
	case len(r.Reason) > MaxReason || !printable(r.Reason) || !liaison.ValidAgencyCode(r.Agency):
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer %s: reason or agency invalid", r.ID)
	}
	d, err := tx.Dissemination(r.ID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer for %s, which this node did not ask for", r.ID)
	} else if err != nil {
		return nil, err
	}
	if d.Origin != peer {
		return nil, liaison.Errorf(liaison.EINVALID, "consent answer from %s for %s, which asked %s", peer, r.ID, d.Origin)
	}
	if d.State != liaison.DisseminationPendingConsent {
		return nil, liaison.Errorf(liaison.ECONFLICT, "consent answer for %s, which is %s already", r.ID, d.State)
	}
	st := liaison.DisseminationAllowed
	why := "the originator " + peer + " consented (agency " + r.Agency + ")"
	if r.State == liaison.ConsentRefused {
		st = liaison.DisseminationRefused
		why = "the originator " + peer + " refused consent (agency " + r.Agency + "): " + r.Reason
	}
	reasons := append(slices.Clip(d.Reasons), why)
	return func() error {
		if err := tx.DecideDissemination(d.ID, st, reasons, n.clock()); err != nil {
			return err
		}
		return n.notify(tx, answeredEvent(d, st, "the originator "+peer+" answered: "+string(st)))
	}, nil
}

// answeredEvent tells the officer who asked for onward use of a message
// that the request was answered.
func answeredEvent(d *liaison.Dissemination, st liaison.DisseminationState, how string) liaison.Event {
	return liaison.Event{
		ID: "dissemination.answered:" + d.ID, Kind: "dissemination.answered", Object: d.ID,
		Officers: []string{d.By.OfficerID},
		Text:     string(d.Kind) + " " + d.ID + " of message " + d.MessageID + " is " + string(st) + ": " + how,
	}
}

// consentUndelivered refuses the request whose consent item the
// originating node refused: no answer will come.
func (n *Node) consentUndelivered(tx liaison.Tx, peer string, o liaison.InboundItem) error {
	d, err := tx.Dissemination(o.ObjectID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if d.State != liaison.DisseminationPendingConsent {
		return nil
	}
	why := "the originator's node " + peer + " refused the consent request: " + o.Reason
	if err := tx.DecideDissemination(d.ID, liaison.DisseminationRefused, append(slices.Clip(d.Reasons), why), n.clock()); err != nil {
		return err
	}
	if err := n.notify(tx, answeredEvent(d, liaison.DisseminationRefused, "the originator's node refused the request")); err != nil {
		return err
	}
	return n.audit(tx, nil, string(d.Kind)+".refused", d.MessageID, "deny", []string{d.ID, why}, nil)
}
