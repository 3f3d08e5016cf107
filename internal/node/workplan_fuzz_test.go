package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// FuzzReceiveWorkplan hands in workplan items with any body, as ca: each
// is stored or refused as an item, and the envelope never fails, so the
// link keeps flowing.
func FuzzReceiveWorkplan(f *testing.F) {
	p := newPair(f)
	pl := mustPlan(f, p)
	next := *pl.caAct
	next.Version, next.Status = 2, liaison.ActionDone
	add := func(id string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(id, string(b))
	}
	add(next.ID, map[string]any{"action": next})
	forged := *pl.inAct
	forged.Version = 5
	add(forged.ID, map[string]any{"action": forged})
	const id = "0195ffff-0000-7000-8000-0000000000dd"
	add(id, map[string]any{"note": liaison.Note{ID: id, ActionID: pl.inAct.ID, Author: liaison.Sender{Party: "ca", Agency: "rcmp"}, Time: pl.obj.Created, Text: "Done."}})
	add(id, map[string]any{"objective": liaison.Objective{ID: id, ArrangementID: p.arr.ID, Title: "New", Lead: liaison.Side{Party: "ca", Agency: "rcmp"},
		CreatedBy: liaison.Sender{Party: "ca", Agency: "rcmp"}, Created: pl.obj.Created}})
	f.Add(id, `{"objective":{"id":"`+id+`"},"note":{"id":"`+id+`"}}`)
	f.Add(id, `{"action":{"id":"`+id+`","version":-1}}`)
	f.Add(id, `null`)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, itemID, body string) {
		if itemID == "" || len(itemID) > 64 {
			return // the federation refuses such an envelope whole
		}
		n++
		seq := link(t, p.in, "ca").LastInSeq + 1
		out, err := p.in.Receive(ctx, "ca", fmt.Sprintf("fuzz-%d", n), p.arr.ID,
			[]node.Incoming{{Seq: seq, Kind: liaison.KindWorkplan, ID: itemID, Body: []byte(body)}})
		if err != nil {
			t.Fatalf("Receive(%q) failed the envelope: %v", body, err)
		}
		if len(out) != 1 || (out[0].Status != liaison.InboundStored && out[0].Status != liaison.InboundRefused) {
			t.Fatalf("Receive(%q) = %+v, want one item stored or refused", body, out)
		}
	})
}
