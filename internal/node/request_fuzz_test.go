package node_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// FuzzReceiveRequest hands ca items of the two request kinds with any
// body: whatever in sends, each is stored or refused as an item, and the
// envelope never fails, so the link keeps flowing.
func FuzzReceiveRequest(f *testing.F) {
	p := newPair(f)
	r := mustAsk(f, p, liaison.PriorityHigh)
	stored := storedRequest(f, p.in, r.ID)
	body, _ := json.Marshal(stored)
	f.Add(true, r.ID, string(body))
	at := stored.Last().Add(3600e9).Format("2006-01-02T15:04:05Z07:00")
	f.Add(false, r.ID, `{"request":"`+r.ID+`","step":{"id":"s1","action":"withdraw","state":"","at":"`+at+`","by":{"party":"in","agency":"ncb","officer":"x"},"note":"no"}}`)
	f.Add(false, r.ID, `{"request":"`+r.ID+`","step":{"id":"s2","action":"answer","at":"`+at+`","by":{"party":"in"},"message":"x"}}`)
	f.Add(false, r.ID, `{"request":"`+r.ID+`","step":{"id":"s3","action":"clarification","at":"0001-01-01T00:00:00Z","by":{"party":"in"},"note":"x"}}`)
	f.Add(true, r.ID, `{"id":"`+r.ID+`","history":[]}`)
	f.Add(false, "", `null`)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, request bool, itemID, body string) {
		if itemID == "" || len(itemID) > 64 {
			return // the federation refuses such an envelope whole
		}
		kind := liaison.KindRequestStep
		if request {
			kind = liaison.KindRequest
		}
		n++
		next := link(t, p.ca, "in").LastInSeq + 1
		out, err := p.ca.Receive(ctx, "in", fmt.Sprintf("fuzz-%d", n), p.arr.ID,
			[]node.Incoming{{Seq: next, Kind: kind, ID: itemID, Body: []byte(body)}})
		if err != nil {
			t.Fatalf("Receive(%s %q) failed the envelope: %v", kind, body, err)
		}
		if len(out) != 1 || (out[0].Status != liaison.InboundStored && out[0].Status != liaison.InboundRefused) {
			t.Fatalf("Receive(%s %q) = %+v, want one item stored or refused", kind, body, out)
		}
	})
}
