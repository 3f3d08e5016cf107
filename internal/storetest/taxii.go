package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// stixObj returns version v (a second after now per version) of the
// indicator numbered n in collection c.
func stixObj(c string, n, v int) liaison.STIXObject {
	id := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", n)
	mod := at(v)
	return liaison.STIXObject{
		Collection: c, ID: id, Type: "indicator", SpecVersion: "2.1",
		Modified: mod, DateAdded: now, TLP: "AMBER", Agency: "cbi",
		Raw: []byte(fmt.Sprintf(`{"type":"indicator","id":%q,"modified":%q, "x_custom": [1, 2]}`, id, mod.Format(time.RFC3339Nano))),
	}
}

func mustAddSTIX(t *testing.T, s liaison.Store, objs []liaison.STIXObject) []bool {
	t.Helper()
	var added []bool
	mustUpdate(t, s, func(tx liaison.Tx) error {
		var err error
		added, err = tx.AddSTIXObjects(objs)
		return err
	})
	return added
}

// pageSTIX reads every page of f and returns the objects' ids@versions.
func pageSTIX(t *testing.T, s liaison.Store, f liaison.STIXFilter) []liaison.STIXObject {
	t.Helper()
	var all []liaison.STIXObject
	for i := 0; ; i++ {
		if i > 100000 {
			t.Fatal("STIXObjects: the cursor does not advance")
		}
		page, next, err := s.STIXObjects(t.Context(), f)
		wantNoError(t, "STIXObjects", err)
		all = append(all, page...)
		if next == "" {
			return all
		}
		f.After = next
	}
}

func testSTIX(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		o := stixObj("c1", 1, 0)
		added := mustAddSTIX(t, s, []liaison.STIXObject{o})
		if !added[0] {
			t.Fatal("AddSTIXObjects: not added")
		}
		got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c1"})
		if len(got) != 1 || got[0].Seq <= 0 {
			t.Fatalf("STIXObjects = %+v, want one with a seq", got)
		}
		o.Seq = got[0].Seq
		diff(t, "STIXObjects", got[0], o)
		// The same version again changes nothing.
		again := mustAddSTIX(t, s, []liaison.STIXObject{o})
		if again[0] {
			t.Error("AddSTIXObjects(same version) = added, want not")
		}
		// One version twice in one call: added once.
		twice := stixObj("c1", 2, 0)
		if got := mustAddSTIX(t, s, []liaison.STIXObject{twice, twice}); !got[0] || got[1] {
			t.Errorf("AddSTIXObjects(one version twice) = %v, want [true false]", got)
		}
		// Another collection is another set.
		if got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c2"}); len(got) != 0 {
			t.Errorf("STIXObjects(c2) = %d objects, want 0", len(got))
		}
	})
	t.Run("Burst", func(t *testing.T) {
		// 1,000 objects sharing one date_added, paged 7 at a time: none
		// lost, none repeated, in the order added.
		s := open(t)
		var objs []liaison.STIXObject
		for n := range 1000 {
			objs = append(objs, stixObj("c1", n, 0))
		}
		mustAddSTIX(t, s, objs[:500])
		mustAddSTIX(t, s, objs[500:])
		got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c1", Limit: 7})
		if len(got) != 1000 {
			t.Fatalf("paged %d objects, want 1000", len(got))
		}
		for i, o := range got {
			if o.ID != objs[i].ID {
				t.Fatalf("object %d = %s, want %s", i, o.ID, objs[i].ID)
			}
			if i > 0 && o.Seq <= got[i-1].Seq {
				t.Fatalf("object %d seq %d after %d", i, o.Seq, got[i-1].Seq)
			}
		}
	})
	t.Run("Filters", func(t *testing.T) {
		s := open(t)
		a0, a1, a2 := stixObj("c1", 1, 0), stixObj("c1", 1, 1), stixObj("c1", 1, 2)
		b := stixObj("c1", 2, 0)
		b.Type, b.ID, b.SpecVersion = "ipv4-addr", "ipv4-addr--00000000-0000-4000-8000-000000000002", ""
		b.Modified = time.Time{}
		later := b
		later.ID, later.DateAdded = "ipv4-addr--00000000-0000-4000-8000-000000000003", at(60)
		mustAddSTIX(t, s, []liaison.STIXObject{a1, b, a0, a2, later})
		ids := func(f liaison.STIXFilter) []string {
			f.Collection = "c1"
			var out []string
			for _, o := range pageSTIX(t, s, f) {
				v := "-"
				if !o.Modified.IsZero() {
					v = fmt.Sprint(int(o.Modified.Sub(now) / time.Second))
				}
				out = append(out, o.ID[len(o.ID)-1:]+"@"+v)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    liaison.STIXFilter
			want []string
		}{
			{"Default", liaison.STIXFilter{}, []string{"2@-", "1@2", "3@-"}},
			{"All", liaison.STIXFilter{Versions: []string{"all"}}, []string{"1@1", "2@-", "1@0", "1@2", "3@-"}},
			{"First", liaison.STIXFilter{Versions: []string{"first"}}, []string{"2@-", "1@0", "3@-"}},
			{"FirstLast", liaison.STIXFilter{Versions: []string{"first", "last"}}, []string{"2@-", "1@0", "1@2", "3@-"}},
			{"Time", liaison.STIXFilter{Versions: []string{at(1).Format(time.RFC3339Nano)}}, []string{"1@1"}},
			{"Type", liaison.STIXFilter{Types: []string{"ipv4-addr"}}, []string{"2@-", "3@-"}},
			{"ID", liaison.STIXFilter{IDs: []string{a0.ID}, Versions: []string{"all"}}, []string{"1@1", "1@0", "1@2"}},
			{"SpecVersion", liaison.STIXFilter{SpecVersions: []string{"2.1"}}, []string{"1@2"}},
			{"AddedAfter", liaison.STIXFilter{AddedAfter: &now}, []string{"3@-"}},
		} {
			t.Run(c.name, func(t *testing.T) { diff(t, "STIXObjects", ids(c.f), c.want) })
		}
		_, _, err := s.STIXObjects(t.Context(), liaison.STIXFilter{Collection: "c1", Versions: []string{"newest"}})
		wantCode(t, "STIXObjects(version newest)", err, liaison.EINVALID)
		_, _, err = s.STIXObjects(t.Context(), liaison.STIXFilter{Collection: "c1", After: "x"})
		wantCode(t, "STIXObjects(after x)", err, liaison.EINVALID)
	})
	t.Run("Delete", func(t *testing.T) {
		s := open(t)
		a0, a1, a2 := stixObj("c1", 1, 0), stixObj("c1", 1, 1), stixObj("c1", 1, 2)
		other := stixObj("c2", 1, 0)
		mustAddSTIX(t, s, []liaison.STIXObject{a0, a1, a2, other})
		var n int
		mustUpdate(t, s, func(tx liaison.Tx) error {
			var err error
			n, err = tx.DeleteSTIXObjects("c1", a0.ID, liaison.STIXFilter{Versions: []string{"first"}})
			return err
		})
		if n != 1 {
			t.Errorf("DeleteSTIXObjects(first) = %d, want 1", n)
		}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			var err error
			n, err = tx.DeleteSTIXObjects("c1", a0.ID, liaison.STIXFilter{})
			return err
		})
		if n != 2 {
			t.Errorf("DeleteSTIXObjects(all) = %d, want 2", n)
		}
		if got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c1"}); len(got) != 0 {
			t.Errorf("STIXObjects(c1) after delete = %d, want 0", len(got))
		}
		if got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c2"}); len(got) != 1 {
			t.Errorf("STIXObjects(c2) after delete = %d, want 1", len(got))
		}
	})
	t.Run("Status", func(t *testing.T) {
		s := open(t)
		st := &liaison.STIXStatus{ID: "s1", Collection: "c1", Status: "complete", RequestTimestamp: now,
			TotalCount: 2,
			Successes:  []liaison.STIXStatusDetail{{ID: "indicator--1", Version: "2026-11-22T10:00:00.123Z"}},
			Failures:   []liaison.STIXStatusDetail{{ID: "indicator--2", Version: "", Message: "pattern: bad"}},
			Pendings:   []liaison.STIXStatusDetail{},
		}
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutSTIXStatus(st) })
		got, err := s.STIXStatus(t.Context(), "s1")
		wantNoError(t, "STIXStatus", err)
		diff(t, "STIXStatus", got, st)
		_, err = s.STIXStatus(t.Context(), "s2")
		wantCode(t, "STIXStatus(missing)", err, liaison.ENOTFOUND)
	})
}
