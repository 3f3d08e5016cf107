package node

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Limits on workplan content.
const (
	MaxWorkplanTitle = 300
	MaxNote          = 4000
	MaxLinks         = 32
	// MaxActions and MaxNotes bound what officers of this node add to one
	// objective and one action, so that a page of the plan stays bounded.
	// Received items are not held to them: refusing what the peer holds
	// would part the two plans.
	MaxActions = 200
	MaxNotes   = 1000
)

// ObjectiveInput is a new objective of the shared workplan.
type ObjectiveInput struct {
	// Arrangement is the id of the arrangement whose plan it joins; empty,
	// the latest applied arrangement that names this node's party.
	Arrangement string `json:"arrangement"`
	Title       string `json:"title"`
	// Lead is the party and agency that leads it; empty, the actor's.
	Lead liaison.Side `json:"lead"`
}

// ActionInput is a new action of an objective. Its owning party is the
// actor's: only the owning party changes an action, so an officer creates
// actions for their own party.
type ActionInput struct {
	Title string `json:"title"`
	// Agency owns the action on this side; empty, the actor's agency.
	Agency string `json:"agency"`
	// Officer optionally names the officer of Agency who answers for it.
	Officer     string               `json:"officer"`
	Counterpart liaison.Side         `json:"counterpart"`
	Due         string               `json:"due"`
	Status      liaison.ActionStatus `json:"status"`
	Links       []string             `json:"links"`
}

// ActionUpdate changes an action's fields; nil fields stay as they are.
type ActionUpdate struct {
	Title       *string               `json:"title"`
	Counterpart *liaison.Side         `json:"counterpart"`
	Due         *string               `json:"due"`
	Status      *liaison.ActionStatus `json:"status"`
	Links       *[]string             `json:"links"`
}

// NoteInput is a progress note.
type NoteInput struct {
	Text string `json:"text"`
}

// workplanItem is the body of a KindWorkplan item: exactly one of an
// objective as created, an action's owner-held fields at a version, or a
// note. Each is applied idempotently on the receiving side (see
// docs/design/workplan.md).
type workplanItem struct {
	Objective *liaison.Objective `json:"objective,omitempty"`
	Action    *liaison.Action    `json:"action,omitempty"`
	Note      *liaison.Note      `json:"note,omitempty"`
}

// CreateObjective adds an objective to the shared workplan of an
// arrangement and queues it to the arrangement's other parties.
// EFORBIDDEN (audited) unless the actor is a liaison officer or
// supervisor of a party of the arrangement; EINVALID naming the field.
func (n *Node) CreateObjective(ctx context.Context, actor *liaison.Officer, in ObjectiveInput) (*liaison.Objective, error) {
	a, err := n.workplanArrangement(ctx, in.Arrangement)
	if err != nil {
		return nil, err
	}
	if d := guard.EditWorkplan(actor, a); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.objective.create", "", d)
	}
	if in.Lead == (liaison.Side{}) {
		in.Lead = liaison.Side{Party: actor.Party, Agency: actor.Agency}
	}
	var f liaison.Fields
	title := checkTitle(&f, "title", in.Title)
	checkSide(&f, "lead", in.Lead, a)
	if err := f.Err(); err != nil {
		return nil, err
	}
	o := &liaison.Objective{
		ID: n.newID(), ArrangementID: a.ID, Title: title, Lead: in.Lead,
		CreatedBy: sender(actor), Created: n.clock(),
	}
	if err := n.putObjective(ctx, actor, a, o, nil); err != nil {
		return nil, err
	}
	o.Actions = []liaison.Action{}
	return o, nil
}

// putObjective stores o and queues it, in one transaction.
func (n *Node) putObjective(ctx context.Context, actor *liaison.Officer, a *liaison.Arrangement, o *liaison.Objective, reasons []string) error {
	w := *o
	w.Actions = nil
	body, err := json.Marshal(workplanItem{Objective: &w})
	if err != nil {
		return err
	}
	return n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if _, err := n.enqueue(tx, queued, a.Parties, liaison.KindWorkplan, o.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.CreateObjective(&w); err != nil {
			return err
		}
		return n.audit(tx, actor, "workplan.objective.create", o.ID, "allow", reasons, body)
	})
}

// AddAction adds an action, owned by the actor's party, to an objective
// and queues it. EFORBIDDEN (audited) as CreateObjective; EINVALID
// naming the field; ENOTFOUND when the objective is not held.
func (n *Node) AddAction(ctx context.Context, actor *liaison.Officer, objectiveID string, in ActionInput) (*liaison.Action, error) {
	o, a, err := n.objective(ctx, objectiveID)
	if err != nil {
		return nil, err
	}
	if d := guard.EditWorkplan(actor, a); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.action.create", objectiveID, d)
	}
	if len(o.Actions) >= MaxActions {
		return nil, liaison.Errorf(liaison.ECONFLICT, "objective %s has %d actions, the most one objective takes", o.ID, MaxActions)
	}
	if in.Agency == "" {
		in.Agency = actor.Agency
	}
	if in.Status == "" {
		in.Status = liaison.ActionPlanned
	}
	now := n.clock()
	act := &liaison.Action{
		ID: n.newID(), ObjectiveID: o.ID, Title: in.Title,
		Owner:       liaison.Side{Party: actor.Party, Agency: in.Agency, Officer: strings.TrimSpace(in.Officer)},
		Counterpart: in.Counterpart, Due: in.Due, Status: in.Status, Links: in.Links,
		Version: 1, Created: now, Updated: now, UpdatedBy: sender(actor),
	}
	if err := checkAction(act, a); err != nil {
		return nil, err
	}
	if err := n.putAction(ctx, actor, a, "workplan.action.create", act, nil); err != nil {
		return nil, err
	}
	return act, nil
}

// putAction stores act and queues it, in one transaction; also, when not
// nil, runs first in it and may change act.
func (n *Node) putAction(ctx context.Context, actor *liaison.Officer, a *liaison.Arrangement, action string, act *liaison.Action, also func(tx liaison.Tx) error) error {
	return n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		w := *act
		w.Notes = nil
		body, err := json.Marshal(workplanItem{Action: &w})
		if err != nil {
			return err
		}
		if _, err := n.enqueue(tx, queued, a.Parties, liaison.KindWorkplan, act.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.PutAction(&w); err != nil {
			return err
		}
		return n.audit(tx, actor, action, act.ID, "allow", []string{"version " + itoa(act.Version) + ", " + string(act.Status)}, body)
	})
}

// UpdateAction changes an action's fields, as its owning party, and
// queues the action at its next version. EFORBIDDEN (audited) unless the
// actor is a liaison officer or supervisor of the owning party.
func (n *Node) UpdateAction(ctx context.Context, actor *liaison.Officer, id string, in ActionUpdate) (*liaison.Action, error) {
	act, err := n.store.WorkplanAction(ctx, id)
	if err != nil {
		return nil, err
	}
	_, a, err := n.objective(ctx, act.ObjectiveID)
	if err != nil {
		return nil, err
	}
	if d := guard.ChangeAction(actor, a, act); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.action.update", id, d)
	}
	// Applied to the action as the transaction reads it, so that two
	// updates at once each build on the other, never lose one.
	var out liaison.Action
	change := func(tx liaison.Tx) error {
		cur, err := tx.WorkplanAction(id)
		if err != nil {
			return err
		}
		out = *cur
		if in.Title != nil {
			out.Title = *in.Title
		}
		if in.Counterpart != nil {
			out.Counterpart = *in.Counterpart
		}
		if in.Due != nil {
			out.Due = *in.Due
		}
		if in.Status != nil {
			out.Status = *in.Status
		}
		if in.Links != nil {
			out.Links = *in.Links
		}
		out.Version, out.Updated, out.UpdatedBy = cur.Version+1, n.clock(), sender(actor)
		return checkAction(&out, a)
	}
	if err := n.putAction(ctx, actor, a, "workplan.action.update", &out, change); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddNote adds a progress note to an action, by an officer of either
// party, and queues it.
func (n *Node) AddNote(ctx context.Context, actor *liaison.Officer, actionID string, in NoteInput) (*liaison.Note, error) {
	act, err := n.store.WorkplanAction(ctx, actionID)
	if err != nil {
		return nil, err
	}
	_, a, err := n.objective(ctx, act.ObjectiveID)
	if err != nil {
		return nil, err
	}
	if d := guard.EditWorkplan(actor, a); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.note.add", actionID, d)
	}
	if len(act.Notes) >= MaxNotes {
		return nil, liaison.Errorf(liaison.ECONFLICT, "action %s has %d notes, the most one action takes", act.ID, MaxNotes)
	}
	text := strings.TrimSpace(in.Text)
	var f liaison.Fields
	switch {
	case text == "":
		f.Add("text", "required")
	case len(text) > MaxNote:
		f.Add("text", "longer than 4000 bytes")
	case !printableText(text):
		f.Add("text", "holds control characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	note := &liaison.Note{ID: n.newID(), ActionID: actionID, Author: sender(actor), Time: n.clock(), Text: text}
	body, err := json.Marshal(workplanItem{Note: note})
	if err != nil {
		return nil, err
	}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		if _, err := n.enqueue(tx, queued, a.Parties, liaison.KindWorkplan, note.ID, a.ID, body); err != nil {
			return err
		}
		if err := tx.AddNote(note); err != nil {
			return err
		}
		return n.audit(tx, actor, "workplan.note.add", note.ID, "allow", []string{"action " + actionID}, body)
	})
	if err != nil {
		return nil, err
	}
	return note, nil
}

// Workplan returns a page of the objectives of the plans the actor may
// read, ordered by id, with their actions and notes, and the next cursor.
// Overdue actions of this node's party are told of (see tellOverdue). The
// listing is audited.
func (n *Node) Workplan(ctx context.Context, actor *liaison.Officer, f liaison.WorkplanFilter) ([]liaison.Objective, string, error) {
	if d := guard.ListWorkplan(actor); !d.Allow {
		return nil, "", n.refuse(ctx, actor, "workplan.list", "", d)
	}
	os, next, err := n.store.Workplan(ctx, f)
	if err != nil {
		return nil, "", err
	}
	out := os[:0]
	for _, o := range os {
		a, err := n.arrangement(ctx, o.ArrangementID)
		if err != nil {
			return nil, "", err
		}
		if guard.ReadWorkplan(actor, a).Allow {
			out = append(out, o)
		}
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	if err := n.auditShown(ctx, actor, "workplan.list", "", ids); err != nil {
		return nil, "", err
	}
	if err := n.tellOverdue(ctx, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// Objective returns one objective with its actions and notes.
func (n *Node) Objective(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Objective, error) {
	o, a, err := n.objective(ctx, id)
	if err != nil {
		return nil, err
	}
	if d := guard.ReadWorkplan(actor, a); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.read", id, d)
	}
	if err := n.auditShown(ctx, actor, "workplan.read", id, []string{id}); err != nil {
		return nil, err
	}
	return o, nil
}

// WorkplanAction returns one action with its notes.
func (n *Node) WorkplanAction(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Action, error) {
	act, err := n.store.WorkplanAction(ctx, id)
	if err != nil {
		return nil, err
	}
	_, a, err := n.objective(ctx, act.ObjectiveID)
	if err != nil {
		return nil, err
	}
	if d := guard.ReadWorkplan(actor, a); !d.Allow {
		return nil, n.refuse(ctx, actor, "workplan.read", id, d)
	}
	if err := n.auditShown(ctx, actor, "workplan.read", id, []string{id}); err != nil {
		return nil, err
	}
	return act, nil
}

// tellOverdue tells this node's officers, once per action and due day,
// of each open action past its due day that this node's party owns or is
// the counterpart of: the owning agency's, or the counterpart agency's,
// liaison officers and supervisors. It runs when the plan is listed or
// reported, not on a timer: a plan nobody looks at tells nobody.
func (n *Node) tellOverdue(ctx context.Context, os []liaison.Objective) error {
	now := n.clock()
	var late []*liaison.Action
	for i := range os {
		for j := range os[i].Actions {
			act := &os[i].Actions[j]
			if act.Overdue(now) && (act.Owner.Party == n.party || act.Counterpart.Party == n.party) {
				late = append(late, act)
			}
		}
	}
	if len(late) == 0 {
		return nil
	}
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		for _, act := range late {
			news, err := tx.MarkOverdue(act.ID, act.Due)
			if err != nil {
				return err
			}
			if !news {
				continue
			}
			agency := act.Owner.Agency
			if act.Owner.Party != n.party {
				agency = act.Counterpart.Agency
			}
			ev := liaison.Event{
				ID: "workplan.overdue:" + act.ID + ":" + act.Due, Kind: "workplan.overdue", Object: act.ID,
				Roles: []liaison.Role{liaison.RoleLiaison, liaison.RoleSupervisor}, Agency: agency,
				Text: "Workplan action " + short(act.ID) + " (owner " + act.Owner.Party + "/" + act.Owner.Agency +
					") was due " + act.Due + " and is " + string(act.Status),
				Time: now,
			}
			if err := n.notify(tx, ev); err != nil {
				return err
			}
			if err := n.audit(tx, nil, "workplan.overdue", act.ID, "allow", []string{"due " + act.Due}, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// objective returns a held objective and its arrangement.
func (n *Node) objective(ctx context.Context, id string) (*liaison.Objective, *liaison.Arrangement, error) {
	o, err := n.store.Objective(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	a, err := n.arrangement(ctx, o.ArrangementID)
	if err != nil {
		return nil, nil, err
	}
	return o, a, nil
}

// workplanArrangement returns the arrangement with the id, or for "" the
// latest applied one that names this party and another.
func (n *Node) workplanArrangement(ctx context.Context, id string) (*liaison.Arrangement, error) {
	if id != "" {
		a, err := n.arrangement(ctx, id)
		if liaison.ErrorCode(err) == liaison.ENOTFOUND {
			return nil, liaison.Invalid(liaison.FieldError{Field: "arrangement", Problem: "no applied arrangement " + strQuote(id)})
		}
		return a, err
	}
	as, err := n.store.Arrangements(ctx)
	if err != nil {
		return nil, err
	}
	for i := range as {
		if slices.Contains(as[i].Parties, n.party) && len(as[i].Parties) > 1 {
			return n.arrangement(ctx, as[i].ID)
		}
	}
	return nil, liaison.Errorf(liaison.ECONFLICT, "no applied arrangement names party %s and another", n.party)
}

var linkID = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._:-]{0,63}$`)

// checkAction validates an action's fields under arrangement a, as the
// owning side writes them and the other side receives them.
func checkAction(act *liaison.Action, a *liaison.Arrangement) error {
	var f liaison.Fields
	act.Title = checkTitle(&f, "title", act.Title)
	checkSide(&f, "owner", act.Owner, a)
	checkSide(&f, "counterpart", act.Counterpart, a)
	if act.Counterpart.Party == act.Owner.Party && act.Owner.Party != "" {
		f.Add("counterpart.party", "must be another party than the owner "+act.Owner.Party)
	}
	if _, err := time.Parse(time.DateOnly, act.Due); err != nil {
		f.Add("due", "must be a date YYYY-MM-DD")
	}
	if !act.Status.Valid() {
		names := make([]string, len(liaison.ActionStatuses))
		for i, s := range liaison.ActionStatuses {
			names[i] = string(s)
		}
		f.Add("status", "unknown status "+strQuote(string(act.Status)), names...)
	}
	if len(act.Links) > MaxLinks {
		f.Add("links", "more than 32 links")
	}
	for i, l := range act.Links {
		if !linkID.MatchString(l) {
			f.Add("links["+itoa(int64(i))+"]", "must be the id of a case or request")
		}
	}
	if act.Links == nil {
		act.Links = []string{}
	}
	return f.Err()
}

func checkTitle(f *liaison.Fields, field, title string) string {
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		f.Add(field, "required")
	case len(title) > MaxWorkplanTitle:
		f.Add(field, "longer than 300 bytes")
	case !printable(title):
		f.Add(field, "holds control characters")
	}
	return title
}

func checkSide(f *liaison.Fields, field string, s liaison.Side, a *liaison.Arrangement) {
	if !slices.Contains(a.Parties, s.Party) {
		f.Add(field+".party", "not a party of the arrangement: "+strQuote(s.Party), a.Parties...)
	}
	if !liaison.ValidAgencyCode(s.Agency) {
		f.Add(field+".agency", "must be lower-case letters, digits and dashes, at most 32")
	}
	if len(s.Officer) > 200 || !printable(s.Officer) {
		f.Add(field+".officer", "longer than 200 bytes or holds control characters")
	}
}

// printableText is printable that lets a note keep its line breaks.
func printableText(s string) bool {
	return printable(strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s))
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
