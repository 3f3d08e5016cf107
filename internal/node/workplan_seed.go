package node

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/liaison-project/liaison"
)

// SeedResult says what seeding a workplan did.
type SeedResult struct {
	Objectives int `json:"objectives"` // created
	Actions    int `json:"actions"`    // created
	Held       int `json:"held"`       // objectives and actions held already, left as they are
	Others     int `json:"others"`     // actions another party owns, left to its node
}

// SeedOfficer is the name a seeded objective or action gives as its
// creator.
const SeedOfficer = "workplan seed"

// SeedWorkplan loads a starter workplan into the plan of the arrangement
// with the id ("" for the latest applied that names this party), in one
// transaction: every objective, and the actions this node's party owns,
// each queued to the other parties. Ids derive from the arrangement and
// the keys, and a seeded objective's content from the file alone, so the
// nodes of every party create the same objectives and seeding twice, on
// either side, changes nothing. start, when not "", replaces the file's
// start date for the due dates of this party's actions. ECONFLICT when an
// objective with a seeded id is held with other content.
func (n *Node) SeedWorkplan(ctx context.Context, s *liaison.WorkplanSeed, arrangementID, start string) (SeedResult, error) {
	var res SeedResult
	a, err := n.workplanArrangement(ctx, arrangementID)
	if err != nil {
		return res, err
	}
	fileStart, err := time.Parse(time.DateOnly, s.Start)
	if err != nil {
		return res, liaison.Invalid(liaison.FieldError{Field: "start", Problem: "must be a date YYYY-MM-DD"})
	}
	dueFrom := fileStart
	if start != "" {
		if dueFrom, err = time.Parse(time.DateOnly, start); err != nil {
			return res, liaison.Invalid(liaison.FieldError{Field: "start", Problem: "must be a date YYYY-MM-DD"})
		}
	}
	var f liaison.Fields
	for i, o := range s.Objectives {
		at := fmt.Sprintf("objectives[%d]", i)
		checkSide(&f, at+".lead", o.Lead, a)
		for j, act := range o.Actions {
			checkSide(&f, fmt.Sprintf("%s.actions[%d].owner", at, j), act.Owner, a)
			checkSide(&f, fmt.Sprintf("%s.actions[%d].counterpart", at, j), act.Counterpart, a)
		}
	}
	if err := f.Err(); err != nil {
		return res, err
	}
	ms := fileStart.UnixMilli()
	reasons := []string{"seed " + s.Name}
	err = n.update(ctx, func(tx liaison.Tx, queued map[string]bool) error {
		res = SeedResult{}
		for i, so := range s.Objectives {
			o := &liaison.Objective{
				ID: seedID(a.ID, so.Key, ms+int64(i)*64), ArrangementID: a.ID, Title: so.Title, Lead: so.Lead,
				CreatedBy: liaison.Sender{Party: so.Lead.Party, Agency: so.Lead.Agency, Officer: SeedOfficer},
				Created:   fileStart,
			}
			held, err := tx.Objective(o.ID)
			switch {
			case err == nil:
				if held.Title != o.Title || held.Lead != o.Lead || held.CreatedBy != o.CreatedBy || !held.Created.Equal(o.Created) {
					return liaison.Errorf(liaison.ECONFLICT, "objective %s (%s) is held with other content than the file's", o.ID, so.Key)
				}
				res.Held++
			case liaison.ErrorCode(err) == liaison.ENOTFOUND:
				body, err := json.Marshal(workplanItem{Objective: o})
				if err != nil {
					return err
				}
				if _, err := n.enqueue(tx, queued, a.Parties, liaison.KindWorkplan, o.ID, a.ID, body); err != nil {
					return err
				}
				if err := tx.CreateObjective(o); err != nil {
					return err
				}
				if err := n.audit(tx, nil, "workplan.objective.create", o.ID, "allow", reasons, body); err != nil {
					return err
				}
				res.Objectives++
			default:
				return err
			}
			for j, sa := range so.Actions {
				if sa.Owner.Party != n.party {
					res.Others++
					continue
				}
				id := seedID(a.ID, so.Key+"/"+sa.Key, ms+int64(i)*64+int64(j)+1)
				if _, err := tx.WorkplanAction(id); err == nil {
					res.Held++
					continue
				} else if liaison.ErrorCode(err) != liaison.ENOTFOUND {
					return err
				}
				now := n.clock()
				act := &liaison.Action{
					ID: id, ObjectiveID: o.ID, Title: sa.Title, Owner: sa.Owner, Counterpart: sa.Counterpart,
					Due: dueFrom.AddDate(0, 0, sa.DueDays).Format(time.DateOnly), Status: liaison.ActionPlanned,
					Links: []string{}, Version: 1, Created: now, Updated: now,
					UpdatedBy: liaison.Sender{Party: n.party, Agency: sa.Owner.Agency, Officer: SeedOfficer},
				}
				if err := checkAction(act, a); err != nil {
					return fmt.Errorf("objectives[%d].actions[%d]: %w", i, j, err)
				}
				body, err := json.Marshal(workplanItem{Action: act})
				if err != nil {
					return err
				}
				if _, err := n.enqueue(tx, queued, a.Parties, liaison.KindWorkplan, act.ID, a.ID, body); err != nil {
					return err
				}
				if err := tx.PutAction(act); err != nil {
					return err
				}
				if err := n.audit(tx, nil, "workplan.action.create", act.ID, "allow", reasons, body); err != nil {
					return err
				}
				res.Actions++
			}
		}
		return nil
	})
	return res, err
}

// seedID derives the id of a seeded objective or action from the
// arrangement and its key, in the form of a UUIDv7 whose time is ms, so
// that seeded ids sort in the file's order after its start and every node
// derives the same.
func seedID(arrangementID, key string, ms int64) string {
	h := sha256.Sum256([]byte(arrangementID + "\x00" + key))
	var b [16]byte
	copy(b[:], h[:16])
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], uint64(ms))
	copy(b[:6], t[2:])
	b[6] = 0x70 | b[6]&0x0f
	b[8] = 0x80 | b[8]&0x3f
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
