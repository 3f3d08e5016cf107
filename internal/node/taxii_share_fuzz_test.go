package node_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/stix"
)

// FuzzReceiveSTIX hands in stix items with any body: whatever a peer
// sends, the item is stored or refused as an item, and the envelope never
// fails, so the link keeps flowing.
func FuzzReceiveSTIX(f *testing.F) {
	p := newPair(f)
	local, shared := collections(f, p.ca)
	f.Add(string(stixBody(f, shared, "ncb", indicator(1), sighting(1))))
	f.Add(string(stixBody(f, shared, "ncb", indicator(2, stix.TLP2Red))))
	f.Add(string(stixBody(f, shared, "ncb", indicator(3, stix.TLP2AmberStrict), indicator(4))))
	f.Add(string(stixBody(f, local, "ncb", indicator(5))))
	f.Add(string(stixBody(f, shared, "ncb", `{"type":"x-custom","id":"x-custom--00000000-0000-4000-8000-000000000001"}`)))
	f.Add(`{"collection":"` + shared + `","agency":"ncb","objects":["e30="],"agency":"x"}`)
	f.Add(`{"collection":"` + shared + `","agency":"ncb","objects":[null,"",1]}`)
	f.Add(`null`)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, body string) {
		n++
		next := link(t, p.ca, "in").LastInSeq + 1
		out, err := p.ca.Receive(ctx, "in", fmt.Sprintf("fuzz-%d", n), p.arr.ID,
			[]node.Incoming{{Seq: next, Kind: liaison.KindSTIX, ID: "0195ffff-0000-7000-8000-0000000000dd", Body: []byte(body)}})
		if err != nil {
			t.Fatalf("Receive(stix %q) failed the envelope: %v", body, err)
		}
		if len(out) != 1 || (out[0].Status != liaison.InboundStored && out[0].Status != liaison.InboundRefused) {
			t.Fatalf("Receive(stix %q) = %+v, want one item stored or refused", body, out)
		}
	})
}
