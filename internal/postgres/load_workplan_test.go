package postgres_test

import (
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

// populateWorkplan writes 3 objectives of 2 actions each, some at later
// versions, with 2 notes on each action.
func populateWorkplan(tb testing.TB, s liaison.Store) {
	tb.Helper()
	by := liaison.Sender{Party: "in", Agency: "ncb", Officer: "Officer 0", OfficerID: "o-in-0"}
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		for i := range 3 {
			o := &liaison.Objective{ID: fmt.Sprintf("w-%02d", i), ArrangementID: "first", Title: "Ünïcødé objective",
				Lead: liaison.Side{Party: "in", Agency: "ncb"}, CreatedBy: by, Created: loadAt(800 + i)}
			if err := tx.CreateObjective(o); err != nil {
				return err
			}
			for j := range 2 {
				a := &liaison.Action{ID: fmt.Sprintf("x-%02d-%d", i, j), ObjectiveID: o.ID, Title: "Action",
					Owner: liaison.Side{Party: "in", Agency: "ncb"}, Counterpart: liaison.Side{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay"},
					Due: "2026-12-31", Status: liaison.ActionPlanned, Links: []string{"c-01"}, Version: 1,
					Created: loadAt(810 + i), Updated: loadAt(810 + i), UpdatedBy: by}
				if err := tx.PutAction(a); err != nil {
					return err
				}
				if j == 1 {
					a.Version, a.Status, a.Updated = 2, liaison.ActionDone, loadAt(820+i)
					if err := tx.PutAction(a); err != nil {
						return err
					}
					if _, err := tx.MarkOverdue(a.ID, a.Due); err != nil {
						return err
					}
				}
				for k := range 2 {
					n := &liaison.Note{ID: fmt.Sprintf("n-%02d-%d-%d", i, j, k), ActionID: a.ID, Author: by, Time: loadAt(830 + k), Text: "note"}
					if err := tx.AddNote(n); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// readWorkplan reads back what populateWorkplan wrote, in pages of two.
func readWorkplan(tb testing.TB, s liaison.Store, c *contents) {
	tb.Helper()
	for after := ""; ; {
		os, next, err := s.Workplan(tb.Context(), liaison.WorkplanFilter{After: after, Limit: 2})
		if err != nil {
			tb.Fatal(err)
		}
		c.Workplan = append(c.Workplan, os...)
		if next == "" {
			break
		}
		after = next
	}
}
