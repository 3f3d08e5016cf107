package node

import (
	"fmt"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
)

// checkWorkplan checks one workplan item from peer under arrangement a
// (see Node.check). Each kind of change has one rule that makes applying
// it idempotent and order-free (docs/design/workplan.md):
//
//   - an objective is created once and never changes: a copy equal to
//     the one held changes nothing; another with the same id is refused;
//   - an action's fields are the owning party's alone: the peer may send
//     only actions it owns, and only at a higher version than held;
//   - a note is added once, by its author's party, to a held action.
func (n *Node) checkWorkplan(tx liaison.Tx, peer string, a *liaison.Arrangement, it Incoming) (func() error, error) {
	var w workplanItem
	if err := decodeStrict(it.Body, &w); err != nil {
		return nil, err
	}
	set := 0
	for _, p := range []bool{w.Objective != nil, w.Action != nil, w.Note != nil} {
		if p {
			set++
		}
	}
	if set != 1 {
		return nil, liaison.Errorf(liaison.EINVALID, "workplan item %s: holds %d of objective, action and note, want one", it.ID, set)
	}
	switch {
	case w.Objective != nil:
		return n.checkObjective(tx, peer, a, it.ID, w.Objective)
	case w.Action != nil:
		return n.checkAction(tx, peer, a, it.ID, w.Action)
	}
	return n.checkNote(tx, peer, a, it.ID, w.Note)
}

func (n *Node) checkObjective(tx liaison.Tx, peer string, a *liaison.Arrangement, id string, o *liaison.Objective) (func() error, error) {
	if o.ID != id {
		return nil, liaison.Errorf(liaison.EINVALID, "objective id %q differs from item id %q", o.ID, id)
	}
	if o.ArrangementID != a.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "objective %s names arrangement %s, envelope %s", o.ID, short(o.ArrangementID), short(a.ID))
	}
	var f liaison.Fields
	if t := checkTitle(&f, "title", o.Title); t != o.Title {
		f.Add("title", "has leading or trailing space")
	}
	checkSide(&f, "lead", o.Lead, a)
	// A seeded objective is created alike by every party that seeds the
	// plan: its creator may be either party, not only the sender.
	if !slices.Contains(a.Parties, o.CreatedBy.Party) || o.Created.IsZero() {
		f.Add("created_by.party", "not a party of the arrangement: "+strQuote(o.CreatedBy.Party))
	}
	if len(o.CreatedBy.Officer) > 200 || len(o.CreatedBy.OfficerID) > 64 || !liaison.ValidAgencyCode(o.CreatedBy.Agency) {
		f.Add("created_by", "agency, officer or officer id invalid")
	}
	if len(o.Actions) > 0 {
		f.Add("actions", "travel as items of their own")
	}
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("objective %s: %w", o.ID, err)
	}
	o.Actions = nil
	held, err := tx.Objective(o.ID)
	switch {
	case err == nil:
		h := *held
		h.Actions = nil
		if !h.Created.Equal(o.Created) || h.Title != o.Title || h.Lead != o.Lead || h.CreatedBy != o.CreatedBy || h.ArrangementID != o.ArrangementID {
			return nil, liaison.Errorf(liaison.ECONFLICT, "objective %s is held here with other content", o.ID)
		}
		return func() error { return nil }, nil // the same objective, seeded on both sides
	case liaison.ErrorCode(err) != liaison.ENOTFOUND:
		return nil, err
	}
	return func() error { return tx.CreateObjective(o) }, nil
}

func (n *Node) checkAction(tx liaison.Tx, peer string, a *liaison.Arrangement, id string, act *liaison.Action) (func() error, error) {
	switch {
	case act.ID != id:
		return nil, liaison.Errorf(liaison.EINVALID, "action id %q differs from item id %q", act.ID, id)
	case act.Owner.Party != peer:
		return nil, liaison.Errorf(liaison.EFORBIDDEN, "action %s is owned by %s; %s may not change it", act.ID, act.Owner.Party, peer)
	case act.UpdatedBy.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "action %s claims a change by %s but came from %s", act.ID, act.UpdatedBy.Party, peer)
	case act.Version < 1 || act.Created.IsZero() || act.Updated.IsZero():
		return nil, liaison.Errorf(liaison.EINVALID, "action %s: version, created or updated missing", act.ID)
	case len(act.Notes) > 0:
		return nil, liaison.Errorf(liaison.EINVALID, "action %s: notes travel as items of their own", act.ID)
	case len(act.UpdatedBy.Officer) > 200 || len(act.UpdatedBy.OfficerID) > 64:
		return nil, liaison.Errorf(liaison.EINVALID, "action %s: updated_by invalid", act.ID)
	}
	o, err := tx.Objective(act.ObjectiveID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "action %s is of objective %s, which this node does not hold", act.ID, act.ObjectiveID)
	} else if err != nil {
		return nil, err
	}
	if o.ArrangementID != a.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "action %s: objective %s is not of this arrangement", act.ID, o.ID)
	}
	title := act.Title
	if err := checkAction(act, a); err != nil {
		return nil, fmt.Errorf("action %s: %w", act.ID, err)
	}
	if act.Title != title {
		return nil, liaison.Errorf(liaison.EINVALID, "action %s: title has leading or trailing space", act.ID)
	}
	held, err := tx.WorkplanAction(act.ID)
	if err != nil && liaison.ErrorCode(err) != liaison.ENOTFOUND {
		return nil, err
	}
	if err == nil {
		switch {
		case held.Owner != act.Owner || held.ObjectiveID != act.ObjectiveID || !held.Created.Equal(act.Created):
			return nil, liaison.Errorf(liaison.EFORBIDDEN, "action %s: owner, objective and creation never change", act.ID)
		case held.Version >= act.Version:
			return nil, liaison.Errorf(liaison.ECONFLICT, "action %s: version %d is stale; version %d is held", act.ID, act.Version, held.Version)
		}
	}
	return func() error { return tx.PutAction(act) }, nil
}

func (n *Node) checkNote(tx liaison.Tx, peer string, a *liaison.Arrangement, id string, note *liaison.Note) (func() error, error) {
	text := strings.TrimSpace(note.Text)
	switch {
	case note.ID != id:
		return nil, liaison.Errorf(liaison.EINVALID, "note id %q differs from item id %q", note.ID, id)
	case note.Author.Party != peer:
		return nil, liaison.Errorf(liaison.EINVALID, "note %s claims author party %s but came from %s", note.ID, note.Author.Party, peer)
	case text == "" || text != note.Text || len(text) > MaxNote || !printableText(text):
		return nil, liaison.Errorf(liaison.EINVALID, "note %s: text empty, longer than 4000 bytes, padded or with control characters", note.ID)
	case !liaison.ValidAgencyCode(note.Author.Agency) || len(note.Author.Officer) > 200 || len(note.Author.OfficerID) > 64 || note.Time.IsZero():
		return nil, liaison.Errorf(liaison.EINVALID, "note %s: author or time invalid", note.ID)
	}
	act, err := tx.WorkplanAction(note.ActionID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, liaison.Errorf(liaison.EINVALID, "note %s is on action %s, which this node does not hold", note.ID, note.ActionID)
	} else if err != nil {
		return nil, err
	}
	o, err := tx.Objective(act.ObjectiveID)
	if err != nil {
		return nil, err
	}
	if o.ArrangementID != a.ID {
		return nil, liaison.Errorf(liaison.EINVALID, "note %s: action %s is not of this arrangement", note.ID, act.ID)
	}
	if slices.ContainsFunc(act.Notes, func(x liaison.Note) bool { return x.ID == note.ID }) {
		return nil, liaison.Errorf(liaison.ECONFLICT, "note %s is already held", note.ID)
	}
	return func() error { return tx.AddNote(note) }, nil
}
