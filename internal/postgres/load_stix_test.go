package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func loadSTIXObject(n, v int) liaison.STIXObject {
	id := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", n)
	return liaison.STIXObject{Collection: "coll", ID: id, Type: "indicator", SpecVersion: "2.1",
		// Nanoseconds in modified: STIX allows them and the stores keep them.
		Modified: loadAt(700 + v).Add(123456789 * time.Nanosecond), DateAdded: loadAt(710), TLP: "AMBER", Agency: "cbi",
		Raw: []byte(fmt.Sprintf(`{"type":"indicator","id":%q, "x_kept":[1.0, "Ünïcødé"]}`, id))}
}

// populateSTIX writes 5 versions of 3 objects, one unversioned, a
// status and a pull's cursor.
func populateSTIX(tb testing.TB, s liaison.Store) {
	tb.Helper()
	unversioned := loadSTIXObject(9, 0)
	unversioned.Modified = time.Time{}
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		if _, err := tx.AddSTIXObjects([]liaison.STIXObject{loadSTIXObject(1, 0), loadSTIXObject(1, 1),
			loadSTIXObject(2, 0), unversioned, loadSTIXObject(2, 1)}); err != nil {
			return err
		}
		if err := tx.PutTAXIICursor(&liaison.TAXIICursor{Server: "https://feed.example/api/", Collection: "c1",
			AddedAfter: "2026-01-01T00:00:00.000001Z", Next: "Ünïcødé==", Last: "2026-01-02T00:00:00.000001Z",
			Objects: 12345, Updated: loadAt(711)}); err != nil {
			return err
		}
		return tx.PutSTIXStatus(&liaison.STIXStatus{ID: "st-1", Collection: "coll", Status: "complete",
			RequestTimestamp: loadAt(710), TotalCount: 6,
			Successes: []liaison.STIXStatusDetail{{ID: "indicator--1", Version: "2026-01-01T00:00:00.000Z"}},
			Failures:  []liaison.STIXStatusDetail{{ID: "objects[5]", Message: "Ünïcødé problem"}},
			Pendings:  []liaison.STIXStatusDetail{}})
	})
}

func readSTIX(tb testing.TB, s liaison.Store, c *contents) {
	tb.Helper()
	f := liaison.STIXFilter{Collection: "coll", Versions: []string{"all"}, Limit: 2}
	for {
		page, next, err := s.STIXObjects(tb.Context(), f)
		if err != nil {
			tb.Fatal(err)
		}
		c.STIX = append(c.STIX, page...)
		if next == "" {
			break
		}
		f.After = next
	}
	var err error
	if c.STIXStatus, err = s.STIXStatus(tb.Context(), "st-1"); err != nil {
		tb.Fatal(err)
	}
	if c.TAXIICursor, err = s.TAXIICursor(tb.Context(), "https://feed.example/api/", "c1"); err != nil {
		tb.Fatal(err)
	}
}

// continueSTIX checks that an object added after the load follows the
// loaded ones.
func continueSTIX(t *testing.T, s liaison.Store, was contents) {
	t.Helper()
	o := loadSTIXObject(3, 0)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		_, err := tx.AddSTIXObjects([]liaison.STIXObject{o})
		return err
	})
	page, _, err := s.STIXObjects(t.Context(), liaison.STIXFilter{Collection: "coll", IDs: []string{o.ID}})
	if err != nil || len(page) != 1 {
		t.Fatalf("STIXObjects(new) = %v, %v", page, err)
	}
	if last := was.STIX[len(was.STIX)-1].Seq; page[0].Seq <= last {
		t.Errorf("seq after Load = %d, want after %d", page[0].Seq, last)
	}
}
