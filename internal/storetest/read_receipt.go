package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

func testReadReceipts(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	rs, err := s.ReadReceipts(ctx, id('m', 1))
	if err != nil || len(rs) != 0 {
		t.Fatalf("ReadReceipts before any = %v, %v; want none", rs, err)
	}
	first := liaison.ReadReceipt{Party: "in", Agency: "ncb", At: at(5)}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.AddReadReceipt(id('m', 1), first); err != nil {
			return err
		}
		// A later receipt of the same party changes nothing.
		if err := tx.AddReadReceipt(id('m', 1), liaison.ReadReceipt{Party: "in", Agency: "cbi", At: at(9)}); err != nil {
			return err
		}
		return tx.AddReadReceipt(id('m', 1), liaison.ReadReceipt{Party: "au", Agency: "afp", At: at(7)})
	})
	rs, err = s.ReadReceipts(ctx, id('m', 1))
	wantNoError(t, "ReadReceipts", err)
	want := []liaison.ReadReceipt{{Party: "au", Agency: "afp", At: at(7)}, first}
	if diff := cmp.Diff(want, rs); diff != "" {
		t.Errorf("ReadReceipts (-want +got):\n%s", diff)
	}
}
