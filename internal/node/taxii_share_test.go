package node_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/stix"
)

// sighting returns a valid STIX 2.1 sighting of the indicator numbered n
// (see indicator).
func sighting(n int) string {
	return `{"type":"sighting","spec_version":"2.1","id":"sighting--00000000-0000-4000-8000-000000000777",` +
		`"created":"2026-01-02T00:00:00.000Z","modified":"2026-01-02T00:00:00.000Z",` +
		`"sighting_of_ref":"indicator--00000000-0000-4000-8000-` + pad12(n) + `","count":3,  "x_where": "Toronto <lab> & co"}`
}

func pad12(n int) string {
	s := "000000000000" + itoa(n)
	return s[len(s)-12:]
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// carryWire carries what from queued for to as carry does, each body
// first encoded as the federation's envelope encodes it (encoding/json
// compacts a raw value and escapes <, > and &), so that a test sees what
// a real envelope would deliver.
func carryWire(t *testing.T, from, to *testNode) []liaison.InboundItem {
	t.Helper()
	items := pending(t, from, to.Party())
	for i := range items {
		b, err := json.Marshal(struct {
			Body json.RawMessage `json:"body"`
		}{items[i].Payload})
		if err != nil {
			t.Fatal(err)
		}
		var w struct {
			Body json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		items[i].Payload = w.Body
	}
	if len(items) == 0 {
		return nil
	}
	return carryUnder(t, from, to, items, items[0].ArrangementID)
}

// stixHeld returns every version n holds in collection c, whatever its
// TLP, straight from the store.
func stixHeld(t *testing.T, n *testNode, c string) []liaison.STIXObject {
	t.Helper()
	objs, _, err := n.store.STIXObjects(context.Background(), liaison.STIXFilter{Collection: c, Versions: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// stixPending returns the ids of the stix items n has queued for peer.
func stixPending(t *testing.T, n *testNode, peer string) []string {
	t.Helper()
	var ids []string
	for _, it := range pending(t, n, peer) {
		if it.Kind == liaison.KindSTIX {
			ids = append(ids, it.ObjectID)
		}
	}
	return ids
}

// collections returns the ids of n's local and first shared collection.
func collections(t testing.TB, n *testNode) (local, shared string) {
	t.Helper()
	cs, err := n.Collections(context.Background(), n.cyber)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Collections = %+v, %v; want the local one and one shared", cs, err)
	}
	return cs[0].ID, cs[1].ID
}

func TestSTIXAcrossBorder(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	local, shared := collections(t, p.in)
	if l, s := collections(t, p.ca); s != shared || l == local {
		t.Fatalf("ca collections %s, %s; want the shared one equal to in's %s and its own local one", l, s, shared)
	}
	caAnalyst := mustOfficer(t, p.ca, "cccs", "Cyber analyst ca", liaison.RoleAnalyst, liaison.AreaCyber)
	carry(t, p.ca, p.in) // the directory with the new analyst

	// India adds four objects to the shared collection: two may cross.
	before := auditSize(t, p.in)
	st, err := p.in.AddSTIX(ctx, p.in.cyber, shared, bundle(indicator(1), indicator(2, stix.TLP2Red),
		indicator(3, stix.TLP2AmberStrict), indicator(4, stix.TLP2Green)))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Successes) != 4 || len(st.Failures) != 0 {
		t.Fatalf("status = %+v, want 4 successes", st)
	}
	for i, want := range []string{
		"stored here; queued for ca",
		"stored here; not shared with ca: TLP:RED never crosses the border",
		"stored here; not shared with ca: TLP:AMBER+STRICT stays within the organisation and never crosses the border",
		"stored here; queued for ca",
	} {
		if got := st.Successes[i].Message; got != want {
			t.Errorf("status message of object %d = %q, want %q", i+1, got, want)
		}
	}
	shares := findAudit(t, p.in, before, "taxii.share")
	if len(shares) != 2 || shares[0].Decision != "allow" || shares[1].Decision != "deny" ||
		!strings.Contains(strings.Join(shares[1].Reasons, "|"), "indicator--00000000-0000-4000-8000-000000000002: TLP:RED") ||
		!strings.Contains(strings.Join(shares[1].Reasons, "|"), "indicator--00000000-0000-4000-8000-000000000003: TLP:AMBER+STRICT") {
		t.Errorf("share audit on in = %+v, want one allow and one deny naming the RED and AMBER+STRICT objects", shares)
	}
	items := pending(t, p.in, "ca")
	if len(items) != 1 || items[0].Kind != liaison.KindSTIX || items[0].ObjectID != st.ID {
		t.Fatalf("queued for ca = %+v, want one stix item named by the add request", items)
	}

	// Canada stores the two in its copy of the collection, bytes as sent,
	// and serves them to its own analyst.
	caBefore := auditSize(t, p.ca)
	if out := carryWire(t, p.in, p.ca); out[0].Status != liaison.InboundStored {
		t.Fatalf("ca took the stix item: %+v", out)
	}
	got, _, err := p.ca.STIXObjects(ctx, caAnalyst, "taxii.objects", liaison.STIXFilter{Collection: shared})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got[0].Raw) != indicator(1) || string(got[1].Raw) != indicator(4, stix.TLP2Green) {
		t.Fatalf("ca serves %d objects, want indicators 1 and 4 byte for byte: %+v", len(got), got)
	}
	if o := got[0]; o.Origin != "in" || o.Agency != "ncb" || o.TLP != liaison.TLPAmber || o.Collection != shared {
		t.Errorf("received object: origin %q, agency %q, TLP %q; want in, ncb, AMBER", o.Origin, o.Agency, o.TLP)
	}
	if n := len(stixHeld(t, p.ca, shared)); n != 2 {
		t.Errorf("ca holds %d versions, want 2: RED and AMBER+STRICT never arrive", n)
	}
	if n := len(findAudit(t, p.ca, caBefore, "stix.receive")); n != 1 {
		t.Errorf("ca audited %d stix receipts, want 1", n)
	}
	// What came from India is never sent back.
	if q := stixPending(t, p.ca, "in"); len(q) != 0 {
		t.Errorf("ca queued %+v after receiving, want nothing", q)
	}
	st, err = p.ca.AddSTIX(ctx, caAnalyst, shared, bundle(indicator(1)))
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Successes[0].Message; m != "this version is held already; not shared again" {
		t.Errorf("re-adding a received object: message %q, want held already, not shared again", m)
	}
	if q := stixPending(t, p.ca, "in"); len(q) != 0 {
		t.Errorf("ca queued %+v after a received object was added again, want nothing", q)
	}

	t.Run("Replay", func(t *testing.T) {
		held := len(stixHeld(t, p.ca, shared))
		seq := link(t, p.ca, "in").LastInSeq
		out, err := p.ca.Receive(ctx, "in", "env-replayed", p.arr.ID, incoming(items))
		if err != nil || len(out) != 1 || out[0].Status != liaison.InboundDuplicate {
			t.Fatalf("replayed envelope: %+v, %v; want a duplicate", out, err)
		}
		// The same objects again under a new sequence number: taken, and
		// nothing changes.
		again := items[0]
		again.Seq = seq + 1
		out, err = p.ca.Receive(ctx, "in", "env-again", p.arr.ID, incoming([]liaison.OutboxItem{again}))
		if err != nil || out[0].Status != liaison.InboundStored {
			t.Fatalf("the same objects again: %+v, %v; want stored", out, err)
		}
		if n := len(stixHeld(t, p.ca, shared)); n != held {
			t.Errorf("ca holds %d versions after the replay, want %d", n, held)
		}
	})

	t.Run("Sighting", func(t *testing.T) {
		// Canada saw India's indicator: the sighting travels back.
		st, err := p.ca.AddSTIX(ctx, caAnalyst, shared, bundle(sighting(1)))
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Successes[0].Message; m != "stored here; queued for in" {
			t.Errorf("sighting status message %q, want queued for in", m)
		}
		if out := carryWire(t, p.ca, p.in); len(out) != 1 || out[0].Status != liaison.InboundStored {
			t.Fatalf("in took the sighting: %+v", out)
		}
		got, _, err := p.in.STIXObjects(ctx, p.in.cyber, "taxii.objects", liaison.STIXFilter{Collection: shared, Types: []string{"sighting"}})
		if err != nil || len(got) != 1 || string(got[0].Raw) != sighting(1) || got[0].Origin != "ca" || got[0].Agency != "cccs" {
			t.Fatalf("in's sightings = %+v, %v; want Canada's, byte for byte", got, err)
		}
		if q := stixPending(t, p.in, "ca"); len(q) != 0 {
			t.Errorf("in queued %+v after receiving the sighting, want nothing", q)
		}
	})

	t.Run("LocalStays", func(t *testing.T) {
		st, err := p.in.AddSTIX(ctx, p.in.cyber, local, bundle(indicator(10), indicator(11, stix.TLP2Clear)))
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Successes[0].Message; m != "" {
			t.Errorf("local add: message %q, want none", m)
		}
		if q := stixPending(t, p.in, "ca"); len(q) != 0 {
			t.Errorf("a local add queued %+v, want nothing", q)
		}
	})
}

// stixBody returns the body of a stix item carrying objs.
func stixBody(t testing.TB, collection, agency string, objs ...string) []byte {
	t.Helper()
	raws := make([][]byte, len(objs))
	for i, o := range objs {
		raws[i] = []byte(o)
	}
	b, err := json.Marshal(map[string]any{"collection": collection, "agency": agency, "objects": raws})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReceiveSTIX(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	local, shared := collections(t, p.ca)
	bad := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000099","created":"2026-01-01T00:00:00.000Z"}`
	tests := []struct {
		name string
		body []byte
		want string // "" for stored, else a part of the refusal
	}{
		{"OK", stixBody(t, shared, "ncb", indicator(1), indicator(2, stix.TLP2Clear)), ""},
		{"ErrRed", stixBody(t, shared, "ncb", indicator(3), indicator(4, stix.TLP1Red)), "indicator--00000000-0000-4000-8000-000000000004: TLP:RED never crosses the border"},
		{"ErrAmberStrict", stixBody(t, shared, "ncb", indicator(5, stix.TLP2AmberStrict)), "AMBER+STRICT stays within the organisation"},
		{"ErrInvalidObject", stixBody(t, shared, "ncb", indicator(6), bad), "objects[1] indicator--00000000-0000-4000-8000-000000000099"},
		{"ErrBundle", stixBody(t, shared, "ncb", string(bundle(indicator(7)))), "a bundle is not an object"},
		{"ErrLocalCollection", stixBody(t, local, "ncb", indicator(8)), "is not the shared collection"},
		{"ErrAgency", stixBody(t, shared, "NCB agency!", indicator(9)), "not an agency code"},
		{"ErrNoObjects", stixBody(t, shared, "ncb"), "0 objects"},
		{"ErrNotBase64", []byte(`{"collection":"` + shared + `","agency":"ncb","objects":[` + indicator(10) + `]}`), "item body"},
		{"ErrUnknownField", []byte(`{"collection":"` + shared + `","agency":"ncb","objects":[],"origin":"us"}`), "unknown field"},
	}
	t.Run("RefusalOnSender", func(t *testing.T) {
		// First, while the link is in step: a sender that let RED through (an older version, a bug) hears
		// the refusal and records it on its link.
		err := p.in.store.Update(ctx, func(tx liaison.Tx) error {
			return tx.Enqueue(&liaison.OutboxItem{Peer: "ca", Kind: liaison.KindSTIX, ObjectID: "0195ffff-0000-7000-8000-0000000000bb",
				ArrangementID: p.arr.ID, Payload: stixBody(t, shared, "ncb", indicator(20, stix.TLP2Red)), Created: p.in.clock.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		before := auditSize(t, p.ca)
		out := carry(t, p.in, p.ca)
		if len(out) != 1 || out[0].Status != liaison.InboundRefused {
			t.Fatalf("carry = %+v, want the item refused", out)
		}
		if l := link(t, p.in, "ca"); !strings.Contains(l.LastRefusal, "TLP:RED never crosses the border") {
			t.Errorf("in's link: last refusal %q, want the RED reason", l.LastRefusal)
		}
		if got := findAudit(t, p.ca, before, "stix.refuse"); len(got) != 1 || got[0].Decision != "deny" {
			t.Errorf("ca's audit of the refusal = %+v, want one deny", got)
		}
	})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			held := len(stixHeld(t, p.ca, shared))
			seq := link(t, p.ca, "in").LastInSeq + 1
			out, err := p.ca.Receive(ctx, "in", "env-"+tt.name, p.arr.ID,
				[]node.Incoming{{Seq: seq, Kind: liaison.KindSTIX, ID: "0195ffff-0000-7000-8000-0000000000aa", Body: tt.body}})
			if err != nil || len(out) != 1 {
				t.Fatalf("Receive = %+v, %v; want one outcome", out, err)
			}
			now := len(stixHeld(t, p.ca, shared))
			switch {
			case tt.want == "" && (out[0].Status != liaison.InboundStored || now != held+2):
				t.Errorf("Receive = %+v and %d versions held after, want stored and %d", out[0], now, held+2)
			case tt.want != "" && (out[0].Status != liaison.InboundRefused || !strings.Contains(out[0].Reason, tt.want)):
				t.Errorf("Receive = %+v, want refused: …%s…", out[0], tt.want)
			case tt.want != "" && now != held:
				t.Errorf("a refused item left %d versions held, want %d", now, held)
			}
		})
	}

}

func TestSTIXShareUnknownPeer(t *testing.T) {
	// Before the peer's card is imported there is no link: objects added
	// to the shared collection stay here, and the status says so.
	ctx := context.Background()
	n := newTestNode(t, "in", nil)
	if _, err := n.ApplyArrangement(ctx, arrangements.InCA); err != nil {
		t.Fatal(err)
	}
	n.cyber = mustOfficer(t, n, "cert-in", "Cyber in", liaison.RoleAnalyst, liaison.AreaCyber)
	_, shared := collections(t, n)
	before := auditSize(t, n)
	st, err := n.AddSTIX(ctx, n.cyber, shared, bundle(indicator(1)))
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Successes[0].Message; m != "stored here; not shared with ca: the node of ca is not a trusted peer of this node" {
		t.Errorf("status message %q, want stored here, not shared", m)
	}
	if got := findAudit(t, n, before, "taxii.share"); len(got) != 1 || got[0].Decision != "deny" {
		t.Errorf("share audit = %+v, want one deny", got)
	}
	if q := stixPending(t, n, "ca"); len(q) != 0 {
		t.Errorf("queued %v, want nothing", q)
	}
}

func TestSTIXShareSplit(t *testing.T) {
	// An add whose objects exceed one item's bytes crosses as several
	// items; an object too large for any item stays here.
	ctx := context.Background()
	p := newPair(t)
	_, shared := collections(t, p.in)
	padded := func(n, size int) string {
		return strings.TrimSuffix(indicator(n), "}") + `,"x_pad":"` + strings.Repeat("a", size) + `"}`
	}
	const mib = 1 << 20
	st, err := p.in.AddSTIX(ctx, p.in.cyber, shared, bundle(padded(1, 2.5*mib), padded(2, 2.5*mib), padded(3, 2.5*mib), padded(4, node.MaxSTIXShareBytes)))
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Successes[3].Message; m != "stored here; not shared with ca: larger than 6 MiB, too large to cross the border" {
		t.Errorf("status message of the large object %q, want too large to cross", m)
	}
	if got, want := stixPending(t, p.in, "ca"), []string{st.ID, st.ID + "/2"}; !slices.Equal(got, want) {
		t.Fatalf("queued items %v, want %v", got, want)
	}
	for _, o := range carryWire(t, p.in, p.ca) {
		if o.Status != liaison.InboundStored {
			t.Errorf("ca took %+v, want stored", o)
		}
	}
	if n := len(stixHeld(t, p.ca, shared)); n != 3 {
		t.Errorf("ca holds %d versions, want 3", n)
	}
}

// TestSTIXAcrossBorderMatched checks that indicators received from a peer
// join the receiving node's index for matching once they commit, without
// a rebuild.
func TestSTIXAcrossBorderMatched(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	_, shared := collections(t, p.in)
	caAnalyst := mustOfficer(t, p.ca, "cccs", "Cyber analyst ca", liaison.RoleAnalyst, liaison.AreaCyber)
	const obs = `{"type":"ipv4-addr","value":"198.51.100.77"}` + "\n"
	hits := func() int {
		t.Helper()
		m, err := p.ca.MatchIndicators(ctx, caAnalyst, strings.NewReader(obs))
		if err != nil {
			t.Fatal(err)
		}
		return m.Hits
	}
	if n := hits(); n != 0 { // builds Canada's index, empty of it
		t.Fatalf("ca matched %d indicators before any was shared", n)
	}
	ind := `{"type":"indicator","spec_version":"2.1","id":"indicator--6a0c2f0e-1b7f-4b1e-9a55-3c1d2e4f5a60",` +
		`"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z",` +
		`"pattern":"[ipv4-addr:value = '198.51.100.0/24']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`
	if _, err := p.in.AddSTIX(ctx, p.in.cyber, shared, bundle(ind)); err != nil {
		t.Fatal(err)
	}
	if out := carryWire(t, p.in, p.ca); out[0].Status != liaison.InboundStored {
		t.Fatalf("ca took the stix item: %+v", out)
	}
	if n := hits(); n != 1 {
		t.Errorf("ca matched %d indicators after India shared one covering the address, want 1", n)
	}
}
