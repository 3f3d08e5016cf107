package storetest

import (
	"sync"
	"testing"

	"github.com/liaison-project/liaison"
)

// Kinds for id.
const (
	kindDissemination = 'd'
	kindConsent       = 'k'
)

func newDissemination(n int, messageID string) *liaison.Dissemination {
	return &liaison.Dissemination{
		ID:        id(kindDissemination, n),
		Kind:      liaison.KindOnward,
		MessageID: messageID,
		Origin:    "in",
		ToAgency:  "cbsa",
		Purpose:   "investigation",
		By:        liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: id(kindOfficer, 1)},
		State:     liaison.DisseminationPendingConsent,
		Reasons:   []string{"the originator in must consent: the message is marked no-onward-dissemination", "Ünïcødé condition"},
		Created:   now,
	}
}

func newExport(n int, messageID string) *liaison.Dissemination {
	d := newDissemination(n, messageID)
	d.Kind, d.ToAgency, d.Purpose, d.MLARef = liaison.KindExport, "", "prosecution", "MLAT/IN-CA/2026/0042"
	d.State, d.Decided = liaison.DisseminationAllowed, ptr(now)
	d.Reasons = []string{}
	return d
}

func testDissemination(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		msg := id(kindMessage, 1)
		d := newDissemination(1, msg)
		e := newExport(2, msg)
		other := newExport(3, id(kindMessage, 2))
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, x := range []*liaison.Dissemination{d, e, other} {
				if err := tx.CreateDissemination(x); err != nil {
					return err
				}
			}
			got, err := tx.Dissemination(d.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Dissemination", got, d)
			return nil
		})
		for _, want := range []*liaison.Dissemination{d, e} {
			got, err := s.Dissemination(t.Context(), want.ID)
			wantNoError(t, "Dissemination", err)
			diff(t, "Dissemination", got, want)
		}
		got, err := s.Disseminations(t.Context(), msg)
		wantNoError(t, "Disseminations", err)
		diff(t, "Disseminations", got, []liaison.Dissemination{*d, *e})
	})
	t.Run("Order", func(t *testing.T) {
		s := open(t)
		msg := id(kindMessage, 1)
		// The suite's choice: oldest first, then by id.
		late, early, tie := newDissemination(1, msg), newDissemination(2, msg), newDissemination(3, msg)
		late.Created, early.Created, tie.Created = at(20), at(10), at(20)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, x := range []*liaison.Dissemination{tie, late, early} {
				if err := tx.CreateDissemination(x); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := s.Disseminations(t.Context(), msg)
		wantNoError(t, "Disseminations", err)
		diff(t, "Disseminations", got, []liaison.Dissemination{*early, *late, *tie})
	})
	t.Run("None", func(t *testing.T) {
		s := open(t)
		got, err := s.Disseminations(t.Context(), id(kindMessage, 1))
		wantNoError(t, "Disseminations", err)
		if len(got) != 0 {
			t.Errorf("Disseminations of a message with none = %v", got)
		}
	})
	t.Run("NilReasons", func(t *testing.T) {
		s := open(t)
		d := newDissemination(1, id(kindMessage, 1))
		d.Reasons = nil
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateDissemination(d) })
		got, err := s.Dissemination(t.Context(), d.ID)
		wantNoError(t, "Dissemination", err)
		// The suite's choice: no reasons read back as an empty list.
		d.Reasons = []string{}
		diff(t, "Dissemination", got, d)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Dissemination(t.Context(), id(kindDissemination, 1))
		wantCode(t, "Dissemination(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Dissemination(id(kindDissemination, 1))
			return err
		})
		wantCode(t, "Tx.Dissemination(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.DecideDissemination(id(kindDissemination, 1), liaison.DisseminationAllowed, nil, at(1))
		})
		wantCode(t, "DecideDissemination(missing)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		d := newDissemination(1, id(kindMessage, 1))
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateDissemination(d) })
		dup := newExport(1, id(kindMessage, 2))
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			err := tx.CreateDissemination(dup)
			wantCode(t, "CreateDissemination(same id)", err, liaison.ECONFLICT)
			// The transaction goes on after a conflict, as after any
			// ECONFLICT of the Tx.
			_, err2 := tx.Dissemination(d.ID)
			wantNoError(t, "Tx.Dissemination after conflict", err2)
			return err
		})
		wantCode(t, "Update", err, liaison.ECONFLICT)
		got, err := s.Dissemination(t.Context(), d.ID)
		wantNoError(t, "Dissemination", err)
		diff(t, "Dissemination after conflict", got, d)
	})
	t.Run("Decide", func(t *testing.T) {
		s := open(t)
		d := newDissemination(1, id(kindMessage, 1))
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateDissemination(d) })
		reasons := append(d.Reasons, "the originator in consented")
		mustUpdate(t, s, func(tx liaison.Tx) error {
			return tx.DecideDissemination(d.ID, liaison.DisseminationAllowed, reasons, at(5))
		})
		want := *d
		want.State, want.Reasons, want.Decided = liaison.DisseminationAllowed, reasons, ptr(at(5))
		got, err := s.Dissemination(t.Context(), d.ID)
		wantNoError(t, "Dissemination", err)
		diff(t, "Dissemination after DecideDissemination", got, &want)

		// Deciding twice is a conflict and changes nothing.
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.DecideDissemination(d.ID, liaison.DisseminationRefused, []string{"no"}, at(6))
		})
		wantCode(t, "DecideDissemination(decided)", err, liaison.ECONFLICT)
		got, err = s.Dissemination(t.Context(), d.ID)
		wantNoError(t, "Dissemination", err)
		diff(t, "Dissemination after a second decision", got, &want)

		// So is deciding one that never waited.
		e := newExport(2, id(kindMessage, 1))
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateDissemination(e) })
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.DecideDissemination(e.ID, liaison.DisseminationRefused, nil, at(6))
		})
		wantCode(t, "DecideDissemination(allowed at once)", err, liaison.ECONFLICT)
	})
	t.Run("Rollback", func(t *testing.T) {
		s := open(t)
		d := newDissemination(1, id(kindMessage, 1))
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			if err := tx.CreateDissemination(d); err != nil {
				return err
			}
			return errRollback
		})
		if err != errRollback {
			t.Fatalf("Update = %v, want the function's error", err)
		}
		_, err = s.Dissemination(t.Context(), d.ID)
		wantCode(t, "Dissemination after rollback", err, liaison.ENOTFOUND)
	})
}

func newConsent(n int) *liaison.Consent {
	return &liaison.Consent{
		ID:        id(kindConsent, n),
		Kind:      liaison.KindOnward,
		MessageID: id(kindMessage, n),
		Requester: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Rao", OfficerID: id(kindOfficer, 3)},
		ToAgency:  "nia",
		Purpose:   "investigation",
		Reasons:   []string{"the originator ca must consent: the message is marked no-onward-dissemination"},
		State:     liaison.ConsentPending,
		Created:   now,
		Received:  at(1),
	}
}

func testConsent(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		c := newConsent(1)
		e := newConsent(2)
		e.Kind, e.ToAgency, e.Purpose, e.MLARef = liaison.KindExport, "", "prosecution", "MLA-2026-7"
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateConsent(c); err != nil {
				return err
			}
			if err := tx.CreateConsent(e); err != nil {
				return err
			}
			got, err := tx.Consent(c.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Consent", got, c)
			return nil
		})
		for _, want := range []*liaison.Consent{c, e} {
			got, err := s.Consent(t.Context(), want.ID)
			wantNoError(t, "Consent", err)
			diff(t, "Consent", got, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Consent(t.Context(), id(kindConsent, 1))
		wantCode(t, "Consent(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Consent(id(kindConsent, 1))
			return err
		})
		wantCode(t, "Tx.Consent(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.DecideConsent(id(kindConsent, 1), liaison.ConsentGranted, "", "sup", at(2))
		})
		wantCode(t, "DecideConsent(missing)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		c := newConsent(1)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateConsent(c) })
		dup := newConsent(1)
		dup.Purpose = "prevention"
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateConsent(dup) })
		wantCode(t, "CreateConsent(same id)", err, liaison.ECONFLICT)
		got, err := s.Consent(t.Context(), c.ID)
		wantNoError(t, "Consent", err)
		diff(t, "Consent after conflict", got, c)
	})
	t.Run("Decide", func(t *testing.T) {
		s := open(t)
		granted, refused := newConsent(1), newConsent(2)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateConsent(granted); err != nil {
				return err
			}
			return tx.CreateConsent(refused)
		})
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.DecideConsent(granted.ID, liaison.ConsentGranted, "", id(kindOfficer, 9), at(3)); err != nil {
				return err
			}
			return tx.DecideConsent(refused.ID, liaison.ConsentRefused, "source at risk", id(kindOfficer, 9), at(4))
		})
		granted.State, granted.DecidedBy, granted.Decided = liaison.ConsentGranted, id(kindOfficer, 9), ptr(at(3))
		refused.State, refused.Reason, refused.DecidedBy, refused.Decided = liaison.ConsentRefused, "source at risk", id(kindOfficer, 9), ptr(at(4))
		for _, want := range []*liaison.Consent{granted, refused} {
			got, err := s.Consent(t.Context(), want.ID)
			wantNoError(t, "Consent", err)
			diff(t, "Consent after DecideConsent", got, want)
		}
		// Answering twice is a conflict and changes nothing.
		for _, c := range []*liaison.Consent{granted, refused} {
			err := s.Update(t.Context(), func(tx liaison.Tx) error {
				return tx.DecideConsent(c.ID, liaison.ConsentRefused, "again", id(kindOfficer, 8), at(9))
			})
			wantCode(t, "DecideConsent(answered)", err, liaison.ECONFLICT)
			got, err := s.Consent(t.Context(), c.ID)
			wantNoError(t, "Consent", err)
			diff(t, "Consent after a second answer", got, c)
		}
	})
	t.Run("DecideRace", func(t *testing.T) {
		// Two supervisors answer at once: one answer wins, the other is
		// ECONFLICT, whichever process of a shared store each runs in.
		s := open(t)
		c := newConsent(1)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateConsent(c) })
		var (
			wg   sync.WaitGroup
			errs [2]error
		)
		for i, st := range []liaison.ConsentState{liaison.ConsentGranted, liaison.ConsentRefused} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(t.Context(), func(tx liaison.Tx) error {
					return tx.DecideConsent(c.ID, st, "answer "+string(st), id(kindOfficer, i), at(i))
				})
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch liaison.ErrorCode(err) {
			case "":
				won++
			case liaison.ECONFLICT:
			default:
				t.Errorf("answer %d: %v", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d answers won (%v), want 1", won, errs)
		}
		got, err := s.Consent(t.Context(), c.ID)
		wantNoError(t, "Consent", err)
		if got.State == liaison.ConsentPending || got.Reason != "answer "+string(got.State) {
			t.Errorf("consent after the race: %s %q", got.State, got.Reason)
		}
	})
	t.Run("Page", func(t *testing.T) {
		s := open(t)
		var pending []liaison.Consent
		mustUpdate(t, s, func(tx liaison.Tx) error {
			// Stored out of id order: the list follows the ids.
			for _, n := range []int{7, 3, 1, 9, 5, 2, 8, 4, 6} {
				c := newConsent(n)
				if err := tx.CreateConsent(c); err != nil {
					return err
				}
				if n%3 == 0 {
					if err := tx.DecideConsent(c.ID, liaison.ConsentGranted, "", "sup", at(n)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		for _, n := range []int{1, 2, 4, 5, 7, 8} {
			pending = append(pending, *newConsent(n))
		}
		var (
			got   []liaison.Consent
			after string
			pages int
		)
		st := liaison.ConsentPending
		for {
			cs, next, err := s.Consents(t.Context(), liaison.ConsentFilter{State: &st, After: after, Limit: 4})
			wantNoError(t, "Consents", err)
			got = append(got, cs...)
			if pages++; next == "" {
				break
			}
			if pages > 2 {
				t.Fatalf("Consents: more than 2 pages of 4 for 6 pending")
			}
			after = next
		}
		diff(t, "Consents(pending)", got, pending)
		if pages != 2 {
			t.Errorf("Consents(pending) took %d pages of 4 for 6, want 2", pages)
		}
		all, next, err := s.Consents(t.Context(), liaison.ConsentFilter{})
		wantNoError(t, "Consents(all)", err)
		if len(all) != 9 || next != "" {
			t.Errorf("Consents(all) = %d consents, next %q; want 9 and no next page", len(all), next)
		}
		st = liaison.ConsentRefused
		none, next, err := s.Consents(t.Context(), liaison.ConsentFilter{State: &st})
		wantNoError(t, "Consents(refused)", err)
		if len(none) != 0 || next != "" {
			t.Errorf("Consents(refused) = %d, next %q; want none", len(none), next)
		}
	})
}
