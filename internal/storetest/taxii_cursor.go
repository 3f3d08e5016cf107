package storetest

import (
	"errors"
	"testing"

	"github.com/liaison-project/liaison"
)

// testTAXIICursor checks the cursors of pulls from external TAXII
// servers: one per server and collection, replaced as a pull moves, and
// rolled back with the objects of a transaction that fails.
func testTAXIICursor(t *testing.T, open Open) {
	s := open(t)
	const server = "https://taxii.example/api1/"
	_, err := s.TAXIICursor(t.Context(), server, "c1")
	wantCode(t, "TAXIICursor(never pulled)", err, liaison.ENOTFOUND)

	c := liaison.TAXIICursor{Server: server, Collection: "c1", AddedAfter: "2026-01-01T00:00:00.000001Z",
		Next: "opaque==", Last: "2026-11-22T10:00:00.123456Z", Objects: 1000, Updated: now}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutTAXIICursor(&c) })
	got, err := s.TAXIICursor(t.Context(), server, "c1")
	wantNoError(t, "TAXIICursor", err)
	diff(t, "TAXIICursor", *got, c)

	// Another collection of the same server is another cursor.
	other := liaison.TAXIICursor{Server: server, Collection: "c2", Updated: now}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutTAXIICursor(&other) })

	// A failed transaction leaves the cursor and the objects as they were.
	moved := c
	moved.Next, moved.Objects, moved.Updated = "", 2000, at(1)
	boom := errors.New("boom")
	err = s.Update(t.Context(), func(tx liaison.Tx) error {
		if _, err := tx.AddSTIXObjects([]liaison.STIXObject{stixObj("local", 1, 0)}); err != nil {
			return err
		}
		if err := tx.PutTAXIICursor(&moved); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want %v", err, boom)
	}
	got, err = s.TAXIICursor(t.Context(), server, "c1")
	wantNoError(t, "TAXIICursor", err)
	diff(t, "TAXIICursor after a failed transaction", *got, c)
	if objs := pageSTIX(t, s, liaison.STIXFilter{Collection: "local"}); len(objs) != 0 {
		t.Errorf("STIXObjects after a failed transaction = %d, want 0", len(objs))
	}

	// Replaced when the transaction commits.
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutTAXIICursor(&moved) })
	got, err = s.TAXIICursor(t.Context(), server, "c1")
	wantNoError(t, "TAXIICursor", err)
	diff(t, "TAXIICursor", *got, moved)
	got, err = s.TAXIICursor(t.Context(), server, "c2")
	wantNoError(t, "TAXIICursor(c2)", err)
	diff(t, "TAXIICursor(c2)", *got, other)
}
