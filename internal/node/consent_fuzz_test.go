package node_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// FuzzReceiveConsent hands in items of the two consent kinds with any
// body: whatever a peer sends, each is stored or refused as an item, and
// the envelope never fails, so the link keeps flowing.
func FuzzReceiveConsent(f *testing.F) {
	p := newPair(f)
	m := receivedMessage(f, p, liaison.TLPAmber, liaison.CodeNoOnwardDissemination, liaison.CodeNoJudicialUse)
	const id = "0195ffff-0000-7000-8000-0000000000cc"
	f.Add(true, id, `{"id":"`+id+`","kind":"dissemination","message":"`+m.ID+`","requester":{"party":"ca","agency":"rcmp","officer":"x"},"to_agency":"cbsa","purpose":"investigation","reasons":[],"created":"2025-03-01T09:00:00Z"}`)
	f.Add(true, id, `{"id":"`+id+`","kind":"export","message":"`+m.ID+`","requester":{"party":"ca","agency":"rcmp","officer":"x"},"purpose":"prosecution","mla_ref":"MLA 1","reasons":["a"],"created":"2025-03-01T09:00:00Z"}`)
	f.Add(false, id, `{"id":"`+id+`","state":"granted","agency":"ncb","time":"2025-03-01T09:00:00Z"}`)
	f.Add(false, id, `{"id":"`+id+`","state":"refused","reason":"no","agency":"ncb","time":"2025-03-01T09:00:00Z"}`)
	f.Add(true, id, `{"id":"`+id+`","kind":"dissemination","kind":"export"}`)
	f.Add(false, "", `null`)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, request bool, itemID, body string) {
		if itemID == "" || len(itemID) > 64 {
			return // the federation refuses such an envelope whole
		}
		kind := liaison.KindConsentAnswer
		to, from := p.ca, "in"
		if request {
			kind, to, from = liaison.KindConsent, p.in, "ca"
		}
		n++
		next := link(t, to, from).LastInSeq + 1
		out, err := to.Receive(ctx, from, fmt.Sprintf("fuzz-%d", n), p.arr.ID,
			[]node.Incoming{{Seq: next, Kind: kind, ID: itemID, Body: []byte(body)}})
		if err != nil {
			t.Fatalf("Receive(%s %q) failed the envelope: %v", kind, body, err)
		}
		if len(out) != 1 || (out[0].Status != liaison.InboundStored && out[0].Status != liaison.InboundRefused) {
			t.Fatalf("Receive(%s %q) = %+v, want one item stored or refused", kind, body, out)
		}
	})
}
