package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

const kindRequest = 'r'

// newRequest returns the n-th request: sent by in to ca at at(n), due
// a day later, as the requesting node holds it.
func newRequest(n int) *liaison.Request {
	r := &liaison.Request{
		ID: id(kindRequest, n), CaseID: id(kindCase, 1), Question: "Who consigned container MSKU 123456-5? Ünïcødé kept.",
		Priority: liaison.PriorityHigh, Due: at(n).Add(24 * time.Hour), Handling: handling(),
		From: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Rao", OfficerID: id(kindOfficer, 2)},
		To:   "ca", Created: at(n),
	}
	r.History = []liaison.RequestStep{{ID: id(kindRequest, 1000+n), Action: liaison.ActSend, At: r.Created, By: r.From}}
	r.Replay()
	return r
}

func testRequest(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t)
	r := newRequest(1)
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateRequest(r) })
	got, err := s.Request(ctx, r.ID)
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("Request (-want +got):\n%s", diff)
	}
	err = s.Update(ctx, func(tx liaison.Tx) error { return tx.CreateRequest(newRequest(1)) })
	if liaison.ErrorCode(err) != liaison.ECONFLICT {
		t.Errorf("CreateRequest(same id) = %v, want conflict", err)
	}
	if _, err := s.Request(ctx, id(kindRequest, 99)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("Request(unknown) = %v, want not_found", err)
	}

	// Steps are saved whole and read back in the transaction.
	by := liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: id(kindOfficer, 1)}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		x, err := tx.Request(r.ID)
		if err != nil {
			return err
		}
		x.History = append(x.History,
			liaison.RequestStep{ID: "d", Action: liaison.ActDeliver, At: at(2), By: liaison.Sender{Party: "ca"}},
			liaison.RequestStep{ID: "a", Action: liaison.ActAcknowledge, At: at(3), By: by, Assignee: &by})
		x.Replay()
		x.Reminders = liaison.RemindHalf
		return tx.SaveRequest(x)
	})
	got, err = s.Request(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != liaison.RequestAcknowledged || got.Assignee == nil || *got.Assignee != by ||
		got.Acknowledged == nil || !got.Acknowledged.Equal(at(3)) || len(got.History) != 3 || got.Reminders != liaison.RemindHalf {
		t.Errorf("after SaveRequest: %+v", got)
	}
	err = s.Update(ctx, func(tx liaison.Tx) error { return tx.SaveRequest(newRequest(98)) })
	if liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("SaveRequest(unknown) = %v, want not_found", err)
	}
}

func testRequests(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t)
	var want []string
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for i := 1; i <= 7; i++ {
			r := newRequest(i)
			if i%2 == 0 {
				r.History = append(r.History, liaison.RequestStep{ID: "w", Action: liaison.ActWithdraw, At: at(i + 1), By: r.From, Note: "no longer needed"})
				r.Replay()
			}
			if i == 7 {
				r.Inbound, r.From.Party, r.To = true, "ca", "in" // a request ca asked of in
				r.Handling.CrimeArea = liaison.AreaCyber
			}
			if err := tx.CreateRequest(r); err != nil {
				return err
			}
			want = append(want, r.ID)
		}
		return nil
	})
	list := func(f liaison.RequestFilter) []string {
		t.Helper()
		var ids []string
		for {
			rs, next, err := s.Requests(ctx, f)
			if err != nil {
				t.Fatalf("Requests(%+v): %v", f, err)
			}
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			if next == "" {
				return ids
			}
			f.After = next
		}
	}
	yes, no := true, false
	party, cyber := "ca", liaison.AreaCyber
	cut := at(4).Add(24 * time.Hour)
	from, to := at(2), at(5)
	for _, c := range []struct {
		name string
		f    liaison.RequestFilter
		want []string
	}{
		{"All", liaison.RequestFilter{Limit: 2}, want},
		{"Open", liaison.RequestFilter{Open: &yes, Limit: 1}, []string{want[0], want[2], want[4], want[6]}},
		{"Closed", liaison.RequestFilter{Open: &no}, []string{want[1], want[3], want[5]}},
		{"States", liaison.RequestFilter{States: []liaison.RequestState{liaison.RequestWithdrawn}}, []string{want[1], want[3], want[5]}},
		{"Overdue", liaison.RequestFilter{Open: &yes, DueBefore: &cut, Limit: 1}, []string{want[0], want[2]}},
		{"Party", liaison.RequestFilter{Party: &party}, want},
		{"Area", liaison.RequestFilter{Area: &cyber}, []string{want[6]}},
		{"Created", liaison.RequestFilter{CreatedFrom: &from, CreatedTo: &to}, []string{want[1], want[2], want[3]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, list(c.f)); diff != "" {
				t.Errorf("Requests (-want +got):\n%s", diff)
			}
		})
	}
	if _, _, err := s.Requests(ctx, liaison.RequestFilter{After: "not a cursor"}); liaison.ErrorCode(err) != liaison.EINVALID {
		t.Errorf("Requests(bad cursor) = %v, want invalid", err)
	}
}

// testDueRequests: the scan finds the open requests whose next reminder
// is due, earliest first, and none once the reminders are recorded.
func testDueRequests(t *testing.T, open Open) {
	ctx := context.Background()
	s := open(t)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for i := 1; i <= 4; i++ {
			r := newRequest(i)
			if i == 4 {
				r.History = append(r.History, liaison.RequestStep{ID: "w", Action: liaison.ActWithdraw, At: at(5), By: r.From, Note: "x"})
				r.Replay()
			}
			if err := tx.CreateRequest(r); err != nil {
				return err
			}
		}
		return nil
	})
	// The requesting node's only reminder is the breach, a day after each.
	due := func(at time.Time) []string {
		t.Helper()
		var ids []string
		mustUpdate(t, s, func(tx liaison.Tx) error {
			rs, err := tx.DueRequests(at, 10)
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			return err
		})
		return ids
	}
	if got := due(at(0).Add(24 * time.Hour)); len(got) != 0 {
		t.Errorf("DueRequests before any deadline = %v", got)
	}
	if diff := cmp.Diff([]string{id(kindRequest, 1), id(kindRequest, 2)}, due(at(2).Add(24*time.Hour))); diff != "" {
		t.Errorf("DueRequests (-want +got):\n%s", diff)
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		r, err := tx.Request(id(kindRequest, 1))
		if err != nil {
			return err
		}
		r.DueReminder(at(2).Add(24 * time.Hour))
		return tx.SetReminders(r.ID, r.Reminders, r.NextRemind())
	})
	if diff := cmp.Diff([]string{id(kindRequest, 2), id(kindRequest, 3)}, due(at(10).Add(24*time.Hour))); diff != "" {
		t.Errorf("DueRequests after a breach was recorded (-want +got):\n%s", diff)
	}
	if got, err := s.Request(ctx, id(kindRequest, 1)); err != nil || got.Reminders != liaison.RemindBreach {
		t.Errorf("reminders after SetReminders = %v (%v), want the breach", got.Reminders, err)
	}
	err := s.Update(ctx, func(tx liaison.Tx) error { return tx.SetReminders(id(kindRequest, 99), 0, nil) })
	if liaison.ErrorCode(err) != liaison.ENOTFOUND {
		t.Errorf("SetReminders(unknown) = %v, want not_found", err)
	}
}
