package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

// testSTIXBurst pages 10,000 objects that share one date_added, added in
// two transactions, 997 at a time (issue 7: "pagination across 10,000
// objects that share one date_added"): every object exactly once, in the
// order added, also when the page is filtered by type and by added_after
// just before the shared date.
func testSTIXBurst(t *testing.T, open Open) {
	s := open(t)
	const n = 10000
	objs := make([]liaison.STIXObject, n)
	for i := range objs {
		objs[i] = stixObj("c1", i, 0)
	}
	mustAddSTIX(t, s, objs[:n/2])
	mustAddSTIX(t, s, objs[n/2:])
	justBefore := now.Add(-1000)
	for _, f := range []liaison.STIXFilter{
		{Collection: "c1", Limit: 997},
		{Collection: "c1", Limit: 997, Types: []string{"indicator"}, AddedAfter: &justBefore},
	} {
		got := pageSTIX(t, s, f)
		if len(got) != n {
			t.Fatalf("paged %d objects, want %d", len(got), n)
		}
		for i, o := range got {
			if o.ID != objs[i].ID {
				t.Fatalf("object %d = %s, want %s", i, o.ID, objs[i].ID)
			}
		}
	}
}
