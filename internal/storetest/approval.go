package storetest

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func testApproval(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		r := newApproval(1, c.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateApproval(r); err != nil {
				return err
			}
			got, err := tx.Approval(r.ID) // a Tx reads its own writes
			if err != nil {
				return err
			}
			diff(t, "Tx.Approval", got, r)
			return nil
		})
		got, err := s.Approval(t.Context(), r.ID)
		wantNoError(t, "Approval", err)
		diff(t, "Approval", got, r)
		// The held message is not a message yet.
		_, err = s.Message(t.Context(), r.ID)
		wantCode(t, "Message(held for approval)", err, liaison.ENOTFOUND)
	})
	t.Run("Bare", func(t *testing.T) {
		// No reasons, no recipients, no assessment: each comes back as
		// it went in.
		s := open(t)
		c := seed(t, s)
		r := newApproval(1, c.ID)
		r.Reasons = nil
		r.Message.To = liaison.Recipients{}
		r.Message.Assessment = nil
		r.Message.Entities = nil
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
		got, err := s.Approval(t.Context(), r.ID)
		wantNoError(t, "Approval", err)
		diff(t, "Approval", got, r)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		missing := id(kindApproval, 1)
		_, err := s.Approval(t.Context(), missing)
		wantCode(t, "Approval(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Approval(missing)
			return err
		})
		wantCode(t, "Tx.Approval(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.DecideApproval(missing, liaison.ApprovalApproved, id(kindOfficer, 9), at(5), "")
		})
		wantCode(t, "DecideApproval(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateApproval(newApproval(1, id(kindCase, 99))) })
		wantCode(t, "CreateApproval(unknown case)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(newApproval(1, c.ID)) })
		dup := newApproval(1, c.ID)
		dup.Message.Body = "something else"
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateApproval(dup) })
		wantCode(t, "CreateApproval(same id)", err, liaison.ECONFLICT)
		got, err := s.Approval(t.Context(), dup.ID)
		wantNoError(t, "Approval", err)
		diff(t, "Approval after conflict", got, newApproval(1, c.ID))
	})
	t.Run("GoOnAfterError", func(t *testing.T) {
		// As with messages, a conflict or a missing object leaves the
		// transaction usable: the function may go on and commit.
		s := open(t)
		c := seed(t, s)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(newApproval(1, c.ID)) })
		mustUpdate(t, s, func(tx liaison.Tx) error {
			err := tx.CreateApproval(newApproval(1, c.ID))
			wantCode(t, "CreateApproval(same id)", err, liaison.ECONFLICT)
			err = tx.CreateApproval(newApproval(2, id(kindCase, 99)))
			wantCode(t, "CreateApproval(unknown case)", err, liaison.ENOTFOUND)
			err = tx.DecideApproval(id(kindApproval, 3), liaison.ApprovalRejected, id(kindOfficer, 9), at(5), "")
			wantCode(t, "DecideApproval(missing)", err, liaison.ENOTFOUND)
			if err := tx.DecideApproval(id(kindApproval, 1), liaison.ApprovalApproved, id(kindOfficer, 9), at(5), ""); err != nil {
				return err
			}
			err = tx.DecideApproval(id(kindApproval, 1), liaison.ApprovalRejected, id(kindOfficer, 9), at(6), "")
			wantCode(t, "DecideApproval(decided)", err, liaison.ECONFLICT)
			return tx.CreateApproval(newApproval(4, c.ID))
		})
		for n, want := range map[int]liaison.ApprovalState{1: liaison.ApprovalApproved, 4: liaison.ApprovalPending} {
			got, err := s.Approval(t.Context(), id(kindApproval, n))
			wantNoError(t, "Approval", err)
			if got.State != want {
				t.Errorf("Approval(%d).State = %s, want %s", n, got.State, want)
			}
		}
	})
	t.Run("Decide", testDecideApproval(open))
	t.Run("Page", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		var want []liaison.Approval
		for n := 1; n <= 12; n++ {
			// One Update each: the order of the requests is the order of
			// the transactions, not of the times they carry.
			r := newApproval(n, c.ID)
			r.Requested = at(100 - n)
			mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
			want = append(want, *r)
		}
		got, sizes := pageApprovals(t, s, liaison.ApprovalFilter{Limit: 5})
		diff(t, "page sizes", sizes, []int{5, 5, 2})
		diff(t, "Approvals, all pages", got, want)

		rs, next, err := s.Approvals(t.Context(), liaison.ApprovalFilter{})
		wantNoError(t, "Approvals(no limit)", err)
		if len(rs) != 12 || next != "" {
			t.Errorf("Approvals(no limit) = %d approvals, next %q; want 12 and no cursor", len(rs), next)
		}
		// A page that ends exactly at the last approval has no next cursor.
		rs, next, err = s.Approvals(t.Context(), liaison.ApprovalFilter{Limit: 12})
		wantNoError(t, "Approvals(limit 12)", err)
		if len(rs) != 12 || next != "" {
			t.Errorf("Approvals(limit 12) = %d approvals, next %q; want 12 and no cursor", len(rs), next)
		}
		for _, bad := range []string{"x", "-1", "1.5", "99999999999999999999999"} {
			_, _, err := s.Approvals(t.Context(), liaison.ApprovalFilter{After: bad})
			wantCode(t, "Approvals(after "+bad+")", err, liaison.EINVALID)
		}
	})
	t.Run("Filter", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		byState := map[liaison.ApprovalState][]liaison.Approval{}
		var all []liaison.Approval
		for n := 1; n <= 10; n++ {
			r := newApproval(n, c.ID)
			if n%4 == 0 {
				// Refused by the party's rules at once: created escalated.
				r.State, r.Decided = liaison.ApprovalEscalated, ptr(at(n))
			}
			mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
			all = append(all, *r)
		}
		for i := range all {
			r := &all[i]
			if r.State != liaison.ApprovalPending || i%3 != 0 {
				continue
			}
			r.State, r.DecidedBy, r.Decided = liaison.ApprovalApproved, id(kindOfficer, 9), ptr(at(50+i))
			if i%2 == 1 {
				r.State, r.Reason = liaison.ApprovalRejected, "no legal basis named"
			}
			mustUpdate(t, s, func(tx liaison.Tx) error { return tx.DecideApproval(r.ID, r.State, r.DecidedBy, *r.Decided, r.Reason) })
		}
		for _, r := range all {
			byState[r.State] = append(byState[r.State], r)
		}
		for _, st := range liaison.ApprovalStates {
			if len(byState[st]) == 0 {
				t.Fatalf("fixture has no %s approvals", st)
			}
			got, _ := pageApprovals(t, s, liaison.ApprovalFilter{State: ptr(st), Limit: 2})
			diff(t, "Approvals(state "+string(st)+")", got, byState[st])
		}
		got, _ := pageApprovals(t, s, liaison.ApprovalFilter{Limit: 3})
		diff(t, "Approvals(all)", got, all)
	})
}

// testDecideApproval checks each decision, and that a decided approval
// stays decided.
func testDecideApproval(open Open) func(*testing.T) {
	return func(t *testing.T) {
		for _, st := range []liaison.ApprovalState{liaison.ApprovalApproved, liaison.ApprovalRejected, liaison.ApprovalEscalated} {
			t.Run(string(st), func(t *testing.T) {
				s := open(t)
				c := seed(t, s)
				r := newApproval(1, c.ID)
				mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
				mustUpdate(t, s, func(tx liaison.Tx) error {
					return tx.DecideApproval(r.ID, st, id(kindOfficer, 9), at(30), "decided: "+string(st))
				})
				want := *r
				want.State, want.DecidedBy, want.Decided, want.Reason = st, id(kindOfficer, 9), ptr(at(30)), "decided: "+string(st)
				got, err := s.Approval(t.Context(), r.ID)
				wantNoError(t, "Approval", err)
				diff(t, "Approval after DecideApproval", got, &want)

				// The first decision stands: a second is a conflict that
				// names the state, and changes nothing.
				for _, again := range []liaison.ApprovalState{liaison.ApprovalApproved, liaison.ApprovalRejected} {
					err := s.Update(t.Context(), func(tx liaison.Tx) error {
						return tx.DecideApproval(r.ID, again, id(kindOfficer, 8), at(40), "again")
					})
					wantCode(t, "DecideApproval(decided)", err, liaison.ECONFLICT)
					if msg := liaison.ErrorMessage(err); !strings.Contains(msg, string(st)) {
						t.Errorf("DecideApproval(decided): message %q does not name the state %s", msg, st)
					}
				}
				got, err = s.Approval(t.Context(), r.ID)
				wantNoError(t, "Approval", err)
				diff(t, "Approval after a second decision", got, &want)
			})
		}
		t.Run("ErrInvalid", func(t *testing.T) {
			// The suite's choice: pending, or no state at all, is not a
			// decision.
			s := open(t)
			c := seed(t, s)
			r := newApproval(1, c.ID)
			mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
			for _, st := range []liaison.ApprovalState{liaison.ApprovalPending, "", "maybe"} {
				err := s.Update(t.Context(), func(tx liaison.Tx) error {
					return tx.DecideApproval(r.ID, st, id(kindOfficer, 9), at(30), "")
				})
				wantCode(t, "DecideApproval("+string(st)+")", err, liaison.EINVALID)
			}
			got, err := s.Approval(t.Context(), r.ID)
			wantNoError(t, "Approval", err)
			diff(t, "Approval after invalid decisions", got, r)
		})
	}
}

// pageApprovals reads every page of approvals and checks that each page but
// the last is full; it returns them and the size of each page.
func pageApprovals(t *testing.T, s liaison.Store, f liaison.ApprovalFilter) ([]liaison.Approval, []int) {
	t.Helper()
	var (
		all   []liaison.Approval
		sizes []int
	)
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("Approvals(%+v): more than 100 pages", f)
		}
		rs, next, err := s.Approvals(t.Context(), f)
		if err != nil {
			t.Fatalf("Approvals(%+v): %v", f, err)
		}
		all = append(all, rs...)
		sizes = append(sizes, len(rs))
		if next == "" {
			return all, sizes
		}
		if f.Limit > 0 && len(rs) != f.Limit {
			t.Errorf("Approvals(%+v) = %d approvals and a next cursor, want a full page of %d", f, len(rs), f.Limit)
		}
		f.After = next
	}
}
