package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func testCase(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		c := newCase(1)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateCase(c); err != nil {
				return err
			}
			got, err := tx.Case(c.ID) // a Tx reads its own writes
			if err != nil {
				return err
			}
			diff(t, "Tx.Case", got, c)
			return nil
		})
		got, err := s.Case(t.Context(), c.ID)
		wantNoError(t, "Case", err)
		diff(t, "Case", got, c)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Case(t.Context(), id(kindCase, 1))
		wantCode(t, "Case(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Case(id(kindCase, 1))
			return err
		})
		wantCode(t, "Tx.Case(missing)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateCase(newCase(1)) })
		dup := newCase(1)
		dup.Title = "another title"
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateCase(dup) })
		wantCode(t, "CreateCase(same id)", err, liaison.ECONFLICT)
		got, err := s.Case(t.Context(), dup.ID)
		wantNoError(t, "Case", err)
		diff(t, "Case after conflict", got, newCase(1))
	})
	t.Run("Page", func(t *testing.T) {
		s := open(t)
		var all, cyber, withUS []liaison.Case
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for n := 1; n <= 7; n++ {
				c := newCase(n)
				if n%3 == 0 {
					c.CrimeArea = liaison.AreaCyber
				}
				if n%2 == 0 {
					c.Parties = []string{"ca", "in", "us"}
				}
				if err := tx.CreateCase(c); err != nil {
					return err
				}
				all = append(all, *c)
				if n%3 == 0 {
					cyber = append(cyber, *c)
				}
				if n%2 == 0 {
					withUS = append(withUS, *c)
				}
			}
			return nil
		})
		diff(t, "Cases(all)", pageAll(t, s, liaison.CaseFilter{Limit: 3}), all)
		diff(t, "Cases(cyber)", pageAll(t, s, liaison.CaseFilter{CrimeArea: ptr(liaison.AreaCyber), Limit: 1}), cyber)
		diff(t, "Cases(party us)", pageAll(t, s, liaison.CaseFilter{Party: ptr("us"), Limit: 2}), withUS)
		diff(t, "Cases(party us, cyber)", pageAll(t, s, liaison.CaseFilter{Party: ptr("us"), CrimeArea: ptr(liaison.AreaCyber)}), []liaison.Case{all[5]})
		diff(t, "Cases(party in)", pageAll(t, s, liaison.CaseFilter{Party: ptr("in")}), all)
		if got := pageAll(t, s, liaison.CaseFilter{Party: ptr("fr")}); len(got) != 0 {
			t.Errorf("Cases(party fr) = %d cases, want none", len(got))
		}

		_, _, err := s.Cases(t.Context(), liaison.CaseFilter{After: "not a cursor"})
		wantCode(t, "Cases(bad cursor)", err, liaison.EINVALID)
	})
}

// pageAll reads every page of cases and checks that each page but the last
// is full and that only the last has no next cursor.
func pageAll(t *testing.T, s liaison.Store, f liaison.CaseFilter) []liaison.Case {
	t.Helper()
	var all []liaison.Case
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("Cases(%+v): more than 100 pages", f)
		}
		cs, next, err := s.Cases(t.Context(), f)
		if err != nil {
			t.Fatalf("Cases(%+v): %v", f, err)
		}
		all = append(all, cs...)
		if next == "" {
			return all
		}
		if f.Limit > 0 && len(cs) != f.Limit {
			t.Errorf("Cases(%+v) = %d cases and a next cursor, want a full page of %d", f, len(cs), f.Limit)
		}
		f.After = next
	}
}
