package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

// Kinds for id.
const (
	kindObjective = 'w'
	kindAction    = 'x'
	kindNote      = 'n'
)

func newObjective(n int, arrangement string) *liaison.Objective {
	return &liaison.Objective{
		ID: id(kindObjective, n), ArrangementID: arrangement, Title: "Fentanyl precursor information sharing",
		Lead:      liaison.Side{Party: "in", Agency: "ncb"},
		CreatedBy: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma", OfficerID: id(kindOfficer, 1)},
		Created:   now, Actions: []liaison.Action{},
	}
}

func newAction(n int, objective string) *liaison.Action {
	by := liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: id(kindOfficer, 2)}
	return &liaison.Action{
		ID: id(kindAction, n), ObjectiveID: objective, Title: "Exchange precursor seizure data monthly",
		Owner:       liaison.Side{Party: "ca", Agency: "rcmp"},
		Counterpart: liaison.Side{Party: "in", Agency: "ncb", Officer: "Insp. Sharma"},
		Due:         "2026-12-31", Status: liaison.ActionPlanned, Links: []string{id(kindCase, 1)},
		Version: 1, Created: now, Updated: now, UpdatedBy: by,
	}
}

func newNote(n int, action string, t int) *liaison.Note {
	return &liaison.Note{
		ID: id(kindNote, n), ActionID: action, Time: at(t), Text: "Ünïcødé progress note",
		Author: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Sharma", OfficerID: id(kindOfficer, 1)},
	}
}

func testWorkplan(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		o1, o2 := newObjective(1, "arr-1"), newObjective(2, "arr-2")
		a1, a2 := newAction(1, o1.ID), newAction(2, o1.ID)
		a2.Links = nil
		// Notes read in (time, id) order whatever the order stored.
		n2, n1, n3 := newNote(2, a1.ID, 5), newNote(1, a1.ID, 5), newNote(3, a1.ID, 1)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, o := range []*liaison.Objective{o2, o1} {
				if err := tx.CreateObjective(o); err != nil {
					return err
				}
			}
			for _, a := range []*liaison.Action{a2, a1} {
				if err := tx.PutAction(a); err != nil {
					return err
				}
			}
			for _, n := range []*liaison.Note{n2, n1, n3} {
				if err := tx.AddNote(n); err != nil {
					return err
				}
			}
			// The transaction reads an objective without its actions.
			obj, err := tx.Objective(o1.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Objective", obj, o1)
			got, err := tx.WorkplanAction(a1.ID)
			if err != nil {
				return err
			}
			want := *a1
			want.Notes = []liaison.Note{*n3, *n1, *n2}
			diff(t, "Tx.WorkplanAction", got, &want)
			return nil
		})
		a1.Notes = []liaison.Note{*n3, *n1, *n2}
		a2.Links = []string{} // stored as an empty list
		want1 := *o1
		want1.Actions = []liaison.Action{*a1, *a2}
		got, err := s.Objective(t.Context(), o1.ID)
		wantNoError(t, "Objective", err)
		diff(t, "Objective", got, &want1)

		page, next, err := s.Workplan(t.Context(), liaison.WorkplanFilter{Limit: 1})
		wantNoError(t, "Workplan", err)
		diff(t, "Workplan page 1", page, []liaison.Objective{want1})
		if next != o1.ID {
			t.Errorf("Workplan next = %q, want %q", next, o1.ID)
		}
		page, next, err = s.Workplan(t.Context(), liaison.WorkplanFilter{After: next, Limit: 1})
		wantNoError(t, "Workplan", err)
		diff(t, "Workplan page 2", page, []liaison.Objective{*o2})
		if next != "" {
			t.Errorf("Workplan last next = %q, want empty", next)
		}
		page, _, err = s.Workplan(t.Context(), liaison.WorkplanFilter{ArrangementID: ptr("arr-2")})
		wantNoError(t, "Workplan(arrangement)", err)
		diff(t, "Workplan(arrangement)", page, []liaison.Objective{*o2})
	})
	t.Run("Version", func(t *testing.T) {
		s := open(t)
		o := newObjective(1, "arr-1")
		a := newAction(1, o.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateObjective(o); err != nil {
				return err
			}
			return tx.PutAction(a)
		})
		b := *a
		b.Version, b.Status, b.Due, b.Title, b.Updated = 3, liaison.ActionInProgress, "2027-01-15", "Renamed", at(60)
		b.Counterpart = liaison.Side{Party: "in", Agency: "cbi"}
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutAction(&b) })
		for _, v := range []int64{3, 2} {
			stale := *a
			stale.Version, stale.Title = v, "stale"
			err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.PutAction(&stale) })
			wantCode(t, "PutAction(stale)", err, liaison.ECONFLICT)
		}
		got, err := s.WorkplanAction(t.Context(), a.ID)
		wantNoError(t, "WorkplanAction", err)
		diff(t, "WorkplanAction after update", got, &b)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		o := newObjective(1, "arr-1")
		a := newAction(1, o.ID)
		n := newNote(1, a.ID, 0)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateObjective(o); err != nil {
				return err
			}
			if err := tx.PutAction(a); err != nil {
				return err
			}
			return tx.AddNote(n)
		})
		// The suite's choice: a conflict leaves the transaction usable,
		// as the node refuses one item of an envelope and goes on.
		mustUpdate(t, s, func(tx liaison.Tx) error {
			wantCode(t, "CreateObjective(again)", tx.CreateObjective(o), liaison.ECONFLICT)
			wantCode(t, "AddNote(again)", tx.AddNote(n), liaison.ECONFLICT)
			return tx.AddNote(newNote(2, a.ID, 1))
		})
		got, err := s.WorkplanAction(t.Context(), a.ID)
		wantNoError(t, "WorkplanAction", err)
		if len(got.Notes) != 2 {
			t.Errorf("WorkplanAction has %d notes, want 2", len(got.Notes))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Objective(t.Context(), id(kindObjective, 9))
		wantCode(t, "Objective(missing)", err, liaison.ENOTFOUND)
		_, err = s.WorkplanAction(t.Context(), id(kindAction, 9))
		wantCode(t, "WorkplanAction(missing)", err, liaison.ENOTFOUND)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			wantCode(t, "PutAction(no objective)", tx.PutAction(newAction(1, id(kindObjective, 9))), liaison.ENOTFOUND)
			wantCode(t, "AddNote(no action)", tx.AddNote(newNote(1, id(kindAction, 9), 0)), liaison.ENOTFOUND)
			_, err := tx.MarkOverdue(id(kindAction, 9), "2026-01-01")
			wantCode(t, "MarkOverdue(missing)", err, liaison.ENOTFOUND)
			return nil
		})
		page, next, err := s.Workplan(t.Context(), liaison.WorkplanFilter{})
		wantNoError(t, "Workplan(empty)", err)
		if len(page) != 0 || next != "" {
			t.Errorf("Workplan(empty) = %v, %q; want none", page, next)
		}
	})
	t.Run("MarkOverdue", func(t *testing.T) {
		s := open(t)
		o := newObjective(1, "arr-1")
		a := newAction(1, o.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateObjective(o); err != nil {
				return err
			}
			if err := tx.PutAction(a); err != nil {
				return err
			}
			for i, c := range []struct {
				due  string
				news bool
			}{{"2026-12-31", true}, {"2026-12-31", false}, {"2027-01-31", true}} {
				got, err := tx.MarkOverdue(a.ID, c.due)
				if err != nil {
					return err
				}
				if got != c.news {
					t.Errorf("MarkOverdue #%d(%s) = %v, want %v", i, c.due, got, c.news)
				}
			}
			return nil
		})
	})
}
