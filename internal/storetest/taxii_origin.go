package storetest

import (
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// testSTIXOrigin checks the origin of a version received through a shared
// collection (0013_stix_origin) and HeldSTIXObjects, which the node asks
// before it shares what an officer added.
func testSTIXOrigin(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		local, received := stixObj("c1", 1, 0), stixObj("c1", 2, 0)
		received.Origin, received.Agency = "ca", "rcmp"
		mustAddSTIX(t, s, []liaison.STIXObject{local, received})
		got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c1"})
		if len(got) != 2 {
			t.Fatalf("STIXObjects = %d objects, want 2", len(got))
		}
		local.Seq, received.Seq = got[0].Seq, got[1].Seq
		diff(t, "STIXObjects", got, []liaison.STIXObject{local, received})
	})
	t.Run("Held", func(t *testing.T) {
		s := open(t)
		a0, a1 := stixObj("c1", 1, 0), stixObj("c1", 1, 1)
		unversioned := stixObj("c1", 3, 0)
		unversioned.Modified = time.Time{}
		mustAddSTIX(t, s, []liaison.STIXObject{a0, unversioned})
		// Another version, another collection and an unknown id are not
		// held; the rest are, and asking writes nothing.
		ask := []liaison.STIXObject{a1, a0, stixObj("c2", 1, 0), unversioned, stixObj("c1", 9, 0)}
		var held []bool
		mustUpdate(t, s, func(tx liaison.Tx) error {
			var err error
			held, err = tx.HeldSTIXObjects(ask)
			return err
		})
		diff(t, "HeldSTIXObjects", held, []bool{false, true, false, true, false})
		mustUpdate(t, s, func(tx liaison.Tx) error {
			var err error
			held, err = tx.HeldSTIXObjects(nil)
			return err
		})
		if len(held) != 0 {
			t.Errorf("HeldSTIXObjects(none) = %v, want none", held)
		}
		if got := pageSTIX(t, s, liaison.STIXFilter{Collection: "c1", Versions: []string{"all"}}); len(got) != 2 {
			t.Errorf("STIXObjects after HeldSTIXObjects = %d versions, want 2", len(got))
		}
	})
}
