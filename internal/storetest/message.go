package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func testMessage(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		out := newMessage(1, c.ID)
		in := inbound(newMessage(2, c.ID), 5)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateMessage(out); err != nil {
				return err
			}
			if err := tx.CreateMessage(in); err != nil {
				return err
			}
			got, err := tx.Message(out.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Message", got, out)
			return nil
		})
		for _, want := range []*liaison.Message{out, in} {
			got, err := s.Message(t.Context(), want.ID)
			wantNoError(t, "Message", err)
			diff(t, "Message", got, want)
		}
	})
	t.Run("NoEntities", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m := newMessage(1, c.ID)
		m.Entities = nil
		m.Handling.Codes = nil
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateMessage(m) })
		got, err := s.Message(t.Context(), m.ID)
		wantNoError(t, "Message", err)
		diff(t, "Message", got, m)
	})
	t.Run("RecipientsAndAssessment", func(t *testing.T) {
		// Whom a message is for and the sender's assessment come back as
		// stored, from one message and from a page; a message with
		// neither (as in OK) has none.
		s := open(t)
		c := seed(t, s)
		m := newMessage(1, c.ID)
		m.To = liaison.Recipients{Agencies: []string{"in/ncb", "in/cbi"}, Officers: []string{id(kindOfficer, 3)}}
		m.Assessment = &liaison.Assessment{Risk: liaison.RiskMitigated, Note: "diplomatic assurances, \"no\" detention"}
		officers := newMessage(2, c.ID)
		officers.To = liaison.Recipients{Officers: []string{id(kindOfficer, 3)}}
		officers.Assessment = &liaison.Assessment{Risk: liaison.RiskNone}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, m := range []*liaison.Message{m, officers, newMessage(3, c.ID)} {
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := s.Message(t.Context(), m.ID)
		wantNoError(t, "Message", err)
		diff(t, "Message", got, m)
		ms, _, err := s.Messages(t.Context(), liaison.MessageFilter{})
		wantNoError(t, "Messages", err)
		diff(t, "Messages", ms, []liaison.Message{*m, *officers, *newMessage(3, c.ID)})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		seed(t, s)
		_, err := s.Message(t.Context(), id(kindMessage, 1))
		wantCode(t, "Message(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Message(id(kindMessage, 1))
			return err
		})
		wantCode(t, "Tx.Message(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.SetMessageState(id(kindMessage, 1), liaison.StateRead) })
		wantCode(t, "SetMessageState(missing)", err, liaison.ENOTFOUND)
		// The suite's choice: a message needs its case.
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateMessage(newMessage(1, id(kindCase, 99))) })
		wantCode(t, "CreateMessage(unknown case)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateMessage(newMessage(1, c.ID)) })
		dup := newMessage(1, c.ID)
		dup.Body = "something else"
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateMessage(dup) })
		wantCode(t, "CreateMessage(same id)", err, liaison.ECONFLICT)
		got, err := s.Message(t.Context(), dup.ID)
		wantNoError(t, "Message", err)
		diff(t, "Message after conflict", got, newMessage(1, c.ID))
	})
	t.Run("SetMessageState", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		m := newMessage(1, c.ID)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateMessage(m) })
		for _, st := range []liaison.MessageState{liaison.StateDelivered, liaison.StateRead, liaison.StateRefused} {
			mustUpdate(t, s, func(tx liaison.Tx) error { return tx.SetMessageState(m.ID, st) })
			got, err := s.Message(t.Context(), m.ID)
			wantNoError(t, "Message", err)
			if got.State != st {
				t.Errorf("after SetMessageState(%s): state %s", st, got.State)
			}
		}
	})
	t.Run("Page", func(t *testing.T) {
		s := open(t)
		c := seed(t, s)
		var want []liaison.Message
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for n := 1; n <= 120; n++ {
				m := newMessage(n, c.ID)
				m.Created = at(n)
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				want = append(want, *m)
			}
			return nil
		})
		var (
			got   []liaison.Message
			after string
			sizes []int
		)
		for {
			ms, next, err := s.Messages(t.Context(), liaison.MessageFilter{After: after, Limit: 50})
			wantNoError(t, "Messages", err)
			got = append(got, ms...)
			sizes = append(sizes, len(ms))
			if next == "" {
				break
			}
			if len(sizes) > 3 {
				t.Fatalf("Messages: more than 3 pages of 50 for 120 messages (sizes %v)", sizes)
			}
			after = next
		}
		diff(t, "page sizes", sizes, []int{50, 50, 20})
		diff(t, "Messages, all pages", got, want)

		// Limit 0 means the default page of 50; a limit above the
		// maximum is lowered, never an error.
		ms, next, err := s.Messages(t.Context(), liaison.MessageFilter{})
		wantNoError(t, "Messages(no limit)", err)
		if len(ms) != 50 || next == "" {
			t.Errorf("Messages(no limit) = %d messages, next %q; want 50 and a cursor", len(ms), next)
		}
		ms, next, err = s.Messages(t.Context(), liaison.MessageFilter{Limit: 5000})
		wantNoError(t, "Messages(limit 5000)", err)
		if len(ms) != 120 || next != "" {
			t.Errorf("Messages(limit 5000) = %d messages, next %q; want 120 and no cursor", len(ms), next)
		}
		// A page that ends exactly at the last message has no next cursor.
		ms, next, err = s.Messages(t.Context(), liaison.MessageFilter{Limit: 120})
		wantNoError(t, "Messages(limit 120)", err)
		if len(ms) != 120 || next != "" {
			t.Errorf("Messages(limit 120) = %d messages, next %q; want 120 and no cursor", len(ms), next)
		}

		for _, bad := range []string{"x", "-1", "1.5", "99999999999999999999999"} {
			_, _, err := s.Messages(t.Context(), liaison.MessageFilter{After: bad})
			wantCode(t, "Messages(after "+bad+")", err, liaison.EINVALID)
		}
	})
	t.Run("Filter", func(t *testing.T) {
		s := open(t)
		c1 := seed(t, s)
		c2 := newCase(2)
		var outs, ins, ofC2 []liaison.Message
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateCase(c2); err != nil {
				return err
			}
			for n := 1; n <= 12; n++ {
				m := newMessage(n, c1.ID)
				if n%3 == 0 {
					m.CaseID = c2.ID
				}
				if n%2 == 0 {
					inbound(m, n)
				}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				if m.Inbound {
					ins = append(ins, *m)
				} else {
					outs = append(outs, *m)
				}
				if m.CaseID == c2.ID {
					ofC2 = append(ofC2, *m)
				}
			}
			return nil
		})
		page := func(f liaison.MessageFilter) []liaison.Message {
			var all []liaison.Message
			f.Limit = 4
			for range 10 {
				ms, next, err := s.Messages(t.Context(), f)
				wantNoError(t, "Messages", err)
				all = append(all, ms...)
				if next == "" {
					return all
				}
				f.After = next
			}
			t.Fatalf("Messages(%+v): too many pages", f)
			return nil
		}
		diff(t, "Messages(inbound)", page(liaison.MessageFilter{Inbound: ptr(true)}), ins)
		diff(t, "Messages(outbound)", page(liaison.MessageFilter{Inbound: ptr(false)}), outs)
		diff(t, "Messages(case 2)", page(liaison.MessageFilter{CaseID: ptr(c2.ID)}), ofC2)
		var inOfC2 []liaison.Message
		for _, m := range ofC2 {
			if m.Inbound {
				inOfC2 = append(inOfC2, m)
			}
		}
		diff(t, "Messages(case 2, inbound)", page(liaison.MessageFilter{CaseID: ptr(c2.ID), Inbound: ptr(true)}), inOfC2)
		if got := page(liaison.MessageFilter{CaseID: ptr(id(kindCase, 99))}); len(got) != 0 {
			t.Errorf("Messages(unknown case) = %d messages, want none", len(got))
		}
	})
}
