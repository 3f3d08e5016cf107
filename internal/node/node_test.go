package node_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// The tests run two nodes, in and ca, in one process, each on its own
// SQLite file, and carry the items between them by hand: what the
// federation link does, without the network, the sealing or the clock.

// testClock is an injected clock that moves one second each time it is
// read, so every act has its own time and a test never sleeps.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock {
	return &testClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// idSource returns deterministic ids in the UUIDv7 form, distinct per
// party, so that two nodes never mint the same one.
func idSource(party string) func() string {
	var n atomic.Int64
	tag := uint32(party[0])<<8 | uint32(party[1])
	return func() string {
		return fmt.Sprintf("0195%04x-0000-7000-8000-%012x", tag, n.Add(1))
	}
}

// testNode is one node with its store and officers.
type testNode struct {
	*node.Node
	store   *sqlite.Store
	wrapped liaison.Store // what the node uses: store, or a wrapper around it
	path    string
	ids     func() string
	clock   *testClock

	liaison  *liaison.Officer // drugs and cyber
	cyber    *liaison.Officer // liaison officer, cyber only
	analyst  *liaison.Officer // drugs
	auditor  *liaison.Officer // every area
	superv   *liaison.Officer // supervisor, drugs
	envelope atomic.Int64
	events   *eventLog // what the node notified
}

// newTestNode opens a store in a temporary directory and starts a node on
// it with wrap around the store (nil for none).
func newTestNode(tb testing.TB, party string, wrap func(liaison.Store) liaison.Store) *testNode {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), party+".db")
	st, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	var store liaison.Store = st
	if wrap != nil {
		store = wrap(st)
	}
	clock := newClock()
	ids := idSource(party)
	events := &eventLog{}
	n, err := node.New(node.Config{
		Party: party, Name: party + " node", Store: store,
		Now: clock.Now, NewID: ids, Observe: events.add,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &testNode{Node: n, store: st, wrapped: store, path: path, ids: ids, clock: clock, events: events}
}

// card returns a peer card for party. AddPeer trusts its caller to have
// parsed the keys, so these need only look like keys.
func card(party string) liaison.Card {
	return liaison.Card{
		Party: party, Name: party + " node",
		FederationURL: "https://" + party + ".example:8443",
		SigningKey:    bytes.Repeat([]byte{party[0]}, 32),
		HPKEKey:       bytes.Repeat([]byte{party[1]}, 1216),
		CertSHA256:    strings.Repeat(fmt.Sprintf("%02x", party[0]), 32),
	}
}

// pair is the two nodes of the India–Canada arrangement.
type pair struct {
	in, ca *testNode
	arr    *liaison.Arrangement
}

// newPair starts in and ca, applies the shipped arrangement on both, makes
// each trust the other, adds officers, and carries the directories across,
// so that both outboxes are empty when it returns.
func newPair(tb testing.TB) *pair {
	tb.Helper()
	return newPairWrapped(tb, nil)
}

func newPairWrapped(tb testing.TB, wrap func(liaison.Store) liaison.Store) *pair {
	tb.Helper()
	ctx := context.Background()
	p := &pair{in: newTestNode(tb, "in", wrap), ca: newTestNode(tb, "ca", wrap)}
	for _, n := range []*testNode{p.in, p.ca} {
		a, err := n.ApplyArrangement(ctx, arrangements.InCA)
		if err != nil {
			tb.Fatal(err)
		}
		p.arr = a
	}
	if _, err := p.in.AddPeer(ctx, card("ca")); err != nil {
		tb.Fatal(err)
	}
	if _, err := p.ca.AddPeer(ctx, card("in")); err != nil {
		tb.Fatal(err)
	}
	agency := map[string]string{"in": "ncb", "ca": "rcmp"}
	for _, n := range []*testNode{p.in, p.ca} {
		ag := agency[n.Party()]
		drugs := []liaison.CrimeArea{liaison.AreaDrugs}
		n.liaison = mustOfficer(tb, n, ag, "Liaison "+n.Party(), liaison.RoleLiaison, liaison.AreaDrugs, liaison.AreaCyber)
		n.cyber = mustOfficer(tb, n, ag, "Cyber "+n.Party(), liaison.RoleLiaison, liaison.AreaCyber)
		n.analyst = mustOfficer(tb, n, "analysis", "Analyst "+n.Party(), liaison.RoleAnalyst, drugs...)
		n.auditor = mustOfficer(tb, n, "audit", "Auditor "+n.Party(), liaison.RoleAuditor, liaison.CrimeAreas...)
		n.superv = mustOfficer(tb, n, ag, "Supervisor "+n.Party(), liaison.RoleSupervisor, drugs...)
	}
	// Each node has queued a directory per change; the peer takes them in
	// order and keeps the last.
	carry(tb, p.in, p.ca)
	carry(tb, p.ca, p.in)
	return p
}

func mustOfficer(tb testing.TB, n *testNode, agency, name string, role liaison.Role, areas ...liaison.CrimeArea) *liaison.Officer {
	tb.Helper()
	o, _, err := n.AddOfficer(context.Background(), liaison.Officer{Name: name, Agency: agency, Role: role, Areas: areas}, "")
	if err != nil {
		tb.Fatalf("AddOfficer(%s): %v", name, err)
	}
	return o
}

// incoming converts outbox items as the federation link would, after
// sealing and opening them.
func incoming(items []liaison.OutboxItem) []node.Incoming {
	in := make([]node.Incoming, len(items))
	for i, it := range items {
		in[i] = node.Incoming{Seq: it.Seq, Kind: it.Kind, ID: it.ObjectID, Body: it.Payload}
	}
	return in
}

// carry moves every item queued on from for to in one envelope and settles
// it with a receipt, and returns the outcomes. It fails the test on any
// error.
func carry(tb testing.TB, from, to *testNode) []liaison.InboundItem {
	tb.Helper()
	items, err := from.Pending(context.Background(), to.Party(), 100)
	if err != nil {
		tb.Fatal(err)
	}
	if len(items) == 0 {
		return nil
	}
	return carryUnder(tb, from, to, items, items[0].ArrangementID)
}

// carryUnder carries items in one envelope that names arrangement arrID.
func carryUnder(tb testing.TB, from, to *testNode, items []liaison.OutboxItem, arrID string) []liaison.InboundItem {
	tb.Helper()
	ctx := context.Background()
	env := fmt.Sprintf("env-%s-%d", from.Party(), from.envelope.Add(1))
	outcomes, err := to.Receive(ctx, from.Party(), env, arrID, incoming(items))
	if err != nil {
		tb.Fatalf("%s.Receive(%s): %v", to.Party(), env, err)
	}
	if len(outcomes) != len(items) {
		tb.Fatalf("%s.Receive(%s) returned %d outcomes for %d items", to.Party(), env, len(outcomes), len(items))
	}
	r := &liaison.Receipt{ID: "rcpt-" + env, EnvelopeID: env, Body: []byte("{}"), Sig: make([]byte, 64)}
	if err := from.Settle(ctx, to.Party(), r, outcomes); err != nil {
		tb.Fatalf("%s.Settle(%s): %v", from.Party(), env, err)
	}
	return outcomes
}

// pending returns what n has queued for peer.
func pending(tb testing.TB, n *testNode, peer string) []liaison.OutboxItem {
	tb.Helper()
	items, err := n.Pending(context.Background(), peer, 1000)
	if err != nil {
		tb.Fatal(err)
	}
	return items
}

// auditSize returns the index of the last audit entry of n.
func auditSize(tb testing.TB, n *testNode) int64 {
	tb.Helper()
	tr, err := n.store.AuditTree(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return tr.Size
}

// auditAfter returns n's audit entries after index.
func auditAfter(tb testing.TB, n *testNode, after int64) []liaison.AuditEntry {
	tb.Helper()
	es, err := n.store.AuditEntries(context.Background(), after, 100000)
	if err != nil {
		tb.Fatal(err)
	}
	return es
}

// findAudit returns the entries after index with the action.
func findAudit(tb testing.TB, n *testNode, after int64, action string) []liaison.AuditEntry {
	tb.Helper()
	var out []liaison.AuditEntry
	for _, e := range auditAfter(tb, n, after) {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// link returns n's link to peer.
func link(tb testing.TB, n *testNode, peer string) liaison.Link {
	tb.Helper()
	ls, err := n.Links(context.Background(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range ls {
		if l.Party == peer {
			return l
		}
	}
	tb.Fatalf("%s has no link to %s", n.Party(), peer)
	return liaison.Link{}
}

// allMessages returns every message n stores, in or out.
func allMessages(tb testing.TB, n *testNode) []liaison.Message {
	tb.Helper()
	var out []liaison.Message
	after := ""
	for {
		ms, next, err := n.store.Messages(context.Background(), liaison.MessageFilter{After: after, Limit: 1000})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, ms...)
		if next == "" {
			return out
		}
		after = next
	}
}

// allCases returns every case n stores.
func allCases(tb testing.TB, n *testNode) []liaison.Case {
	tb.Helper()
	cs, next, err := n.store.Cases(context.Background(), liaison.CaseFilter{Limit: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	if next != "" {
		tb.Fatal("more than 1000 cases")
	}
	return cs
}

// drugsHandling is a valid handling for drugs content from party.
func drugsHandling(party string) liaison.Handling {
	class := "RESTRICTED"
	if party == "ca" {
		class = "PROTECTED B"
	}
	return liaison.Handling{
		Classification: class, TLP: liaison.TLPAmber,
		Codes:     []string{liaison.CodeLawEnforcementOnly},
		CrimeArea: liaison.AreaDrugs,
	}
}

// mustCase opens a drugs case on n shared with peer.
func mustCase(tb testing.TB, n *testNode, peer string) *liaison.Case {
	tb.Helper()
	h := drugsHandling(n.Party())
	c, err := n.CreateCase(context.Background(), n.liaison, node.CaseInput{
		Title: "Fentanyl precursor shipments", CrimeArea: liaison.AreaDrugs,
		Parties: []string{peer}, Handling: h,
	})
	if err != nil {
		tb.Fatalf("CreateCase: %v", err)
	}
	return c
}

// mustMessage posts a message in case c on n.
func mustMessage(tb testing.TB, n *testNode, c *liaison.Case, subject string) *liaison.Message {
	tb.Helper()
	m, err := n.PostMessage(context.Background(), n.liaison, c.ID, node.MessageInput{
		Subject: subject, Body: "Consignment of 4-AP declared as dye intermediates.",
		Handling: drugsHandling(n.Party()),
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "MSCU 123456 6"}},
	})
	if err != nil {
		tb.Fatalf("PostMessage: %v", err)
	}
	return m
}

// readAs reads message id on n as actor and fails the test on error.
func readAs(tb testing.TB, n *testNode, actor *liaison.Officer, id string) *liaison.Message {
	tb.Helper()
	m, err := n.Message(context.Background(), actor, id)
	if err != nil {
		tb.Fatalf("%s.Message(%s) as %s: %v", n.Party(), id, actor.Name, err)
	}
	return m
}

func wantCode(tb testing.TB, what string, err error, code string) {
	tb.Helper()
	if got := liaison.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

func TestHappyPath(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	if want := []string{"in", "ca"}; !slices.Equal(c.Parties, want) {
		t.Errorf("case parties = %v, want %v", c.Parties, want)
	}
	if c.ArrangementID != p.arr.ID {
		t.Errorf("case arrangement = %s, want %s", c.ArrangementID, p.arr.ID)
	}
	m := mustMessage(t, p.in, c, "Shipment via Nhava Sheva")
	if m.State != liaison.StateQueued || len(m.Deliveries) != 1 || m.Deliveries[0].Party != "ca" || m.Deliveries[0].State != liaison.StateQueued {
		t.Fatalf("posted message state %s, deliveries %+v; want queued to ca", m.State, m.Deliveries)
	}
	if got := m.Entities[0].Value; got != "MSCU1234566" {
		t.Errorf("entity normalised to %q, want MSCU1234566", got)
	}
	items := pending(t, p.in, "ca")
	if len(items) != 2 || items[0].Kind != liaison.KindCase || items[1].Kind != liaison.KindMessage || items[1].Seq != items[0].Seq+1 {
		t.Fatalf("in's outbox = %+v, want the case then the message", items)
	}
	if l := link(t, p.in, "ca"); l.Queued != 2 {
		t.Errorf("in's link queued = %d, want 2", l.Queued)
	}

	caAudit := auditSize(t, p.ca)
	outcomes := carry(t, p.in, p.ca)
	for _, o := range outcomes {
		if o.Status != liaison.InboundStored {
			t.Errorf("outcome %d %s = %s (%s), want stored", o.Seq, o.Kind, o.Status, o.Reason)
		}
	}
	if got := findAudit(t, p.ca, caAudit, "case.receive"); len(got) != 1 || got[0].Object != c.ID || got[0].Decision != "allow" {
		t.Errorf("ca audit case.receive = %+v", got)
	}
	if got := findAudit(t, p.ca, caAudit, "message.receive"); len(got) != 1 || got[0].Object != m.ID || got[0].ContentHash == "" {
		t.Errorf("ca audit message.receive = %+v", got)
	}

	// The sender sees its message delivered, with the receipt.
	sent := readAs(t, p.in, p.in.liaison, m.ID)
	if sent.State != liaison.StateDelivered || sent.Deliveries[0].State != liaison.StateDelivered || sent.Deliveries[0].Receipt == "" {
		t.Fatalf("in's message after receipt: state %s, deliveries %+v; want delivered with a receipt", sent.State, sent.Deliveries)
	}
	if _, err := p.in.Receipt(ctx, sent.Deliveries[0].Receipt); err != nil {
		t.Errorf("Receipt(%s): %v", sent.Deliveries[0].Receipt, err)
	}
	if l := link(t, p.in, "ca"); l.Queued != 0 || !l.Up || l.LastDelivery == nil {
		t.Errorf("in's link after receipt = %+v, want up, nothing queued", l)
	}
	if got := pending(t, p.in, "ca"); len(got) != 0 {
		t.Errorf("in's outbox after receipt holds %d items", len(got))
	}

	// The receiver holds the same case and message under the same ids.
	got, err := p.ca.Case(ctx, p.ca.liaison, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != c.Title || got.Origin != "in" || !got.Created.Equal(c.Created) {
		t.Errorf("ca's case = %+v, want %+v", got, c)
	}
	inbox, _, err := p.ca.Inbox(ctx, p.ca.liaison, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(inbox) != 1 || inbox[0].ID != m.ID || inbox[0].State != liaison.StateDelivered || !inbox[0].Inbound || inbox[0].Body != m.Body {
		t.Fatalf("ca's inbox = %+v, want the message, delivered", inbox)
	}
	if l := link(t, p.ca, "in"); l.LastInSeq != items[1].Seq {
		t.Errorf("ca's link last_in_seq = %d, want %d", l.LastInSeq, items[1].Seq)
	}

	// Reading it on ca marks it read and sends a read notice back.
	caAudit = auditSize(t, p.ca)
	read := readAs(t, p.ca, p.ca.liaison, m.ID)
	if read.State != liaison.StateRead {
		t.Errorf("first read: state %s, want read", read.State)
	}
	notices := pending(t, p.ca, "in")
	if len(notices) != 1 || notices[0].Kind != liaison.KindRead || notices[0].ObjectID != m.ID {
		t.Fatalf("ca's outbox after the read = %+v, want one read notice", notices)
	}
	var notice map[string]any
	if err := json.Unmarshal(notices[0].Payload, &notice); err != nil {
		t.Fatal(err)
	}
	if notice["agency"] != "rcmp" || notice["message"] != m.ID {
		t.Errorf("read notice = %v, want agency rcmp, message %s", notice, m.ID)
	}
	if strings.Contains(string(notices[0].Payload), p.ca.liaison.Name) || strings.Contains(string(notices[0].Payload), p.ca.liaison.ID) {
		t.Errorf("read notice %s names the reading officer", notices[0].Payload)
	}
	if got := findAudit(t, p.ca, caAudit, "message.read"); len(got) != 1 || got[0].Officer != p.ca.liaison.ID || got[0].Decision != "allow" {
		t.Errorf("ca audit message.read = %+v", got)
	}
	// A second read is audited and queues nothing more.
	readAs(t, p.ca, p.ca.superv, m.ID)
	if got := pending(t, p.ca, "in"); len(got) != 1 {
		t.Errorf("second read queued another notice: %d items", len(got))
	}
	if got := findAudit(t, p.ca, caAudit, "message.read"); len(got) != 2 {
		t.Errorf("ca audited %d reads, want 2", len(got))
	}

	inAudit := auditSize(t, p.in)
	for _, o := range carry(t, p.ca, p.in) {
		if o.Status != liaison.InboundStored {
			t.Errorf("read notice outcome %s (%s), want stored", o.Status, o.Reason)
		}
	}
	if got := readAs(t, p.in, p.in.liaison, m.ID); got.State != liaison.StateRead {
		t.Errorf("in's message after the read notice: state %s, want read", got.State)
	} else if len(got.Reads) != 1 || got.Reads[0].Party != "ca" || got.Reads[0].Agency != p.ca.liaison.Agency || got.Reads[0].At.IsZero() {
		t.Errorf("in's message after the read notice: reads %+v, want one by ca/%s", got.Reads, p.ca.liaison.Agency)
	}
	if got := findAudit(t, p.in, inAudit, "read.receive"); len(got) != 1 || got[0].Object != m.ID {
		t.Errorf("in audit read.receive = %+v", got)
	}

	// A reply from ca flows back into the same case.
	reply := mustMessage(t, p.ca, got, "Re: Shipment via Nhava Sheva")
	carry(t, p.ca, p.in)
	ms, _, err := p.in.CaseMessages(ctx, p.in.liaison, c.ID, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].ID != m.ID || ms[1].ID != reply.ID || !ms[1].Inbound {
		t.Errorf("in's case messages = %v, want the message then ca's reply", ids(ms))
	}
	if got := readAs(t, p.ca, p.ca.liaison, reply.ID); got.State != liaison.StateDelivered {
		t.Errorf("ca's reply state %s, want delivered", got.State)
	}
}

// TestSettleRefused carries a case and message to a node that refuses
// them (here: the envelope names an arrangement ca has not applied); the
// sender marks the message refused with ca's reason and notes it on the
// link.
func TestSettleRefused(t *testing.T) {
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	m := mustMessage(t, p.in, c, "Refused")
	bogus := strings.Repeat("0f", 32)
	outcomes := carryUnder(t, p.in, p.ca, pending(t, p.in, "ca"), bogus)
	for _, o := range outcomes {
		if o.Status != liaison.InboundRefused || !strings.Contains(o.Reason, "is not applied on node ca") {
			t.Errorf("outcome %d = %s (%s), want refused: not applied", o.Seq, o.Status, o.Reason)
		}
	}
	got := readAs(t, p.in, p.in.liaison, m.ID)
	if got.State != liaison.StateRefused || got.Deliveries[0].State != liaison.StateRefused || !strings.Contains(got.Deliveries[0].Reason, "not applied") {
		t.Errorf("in's message: state %s, deliveries %+v; want refused with ca's reason", got.State, got.Deliveries)
	}
	if l := link(t, p.in, "ca"); !strings.Contains(l.LastRefusal, "ca refused seq") || l.Queued != 0 {
		t.Errorf("in's link = %+v, want last refusal noted and nothing queued", l)
	}
	if got := findAudit(t, p.in, 0, "message.refused"); len(got) != 1 || got[0].Object != m.ID {
		t.Errorf("in audit message.refused = %+v", got)
	}
	if cs := allCases(t, p.ca); len(cs) != 0 {
		t.Errorf("ca stored %d cases from a refused envelope", len(cs))
	}
}

func TestDirectoryExchange(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	for _, tc := range []struct{ n, peer *testNode }{{p.in, p.ca}, {p.ca, p.in}} {
		d, err := tc.n.Directory(ctx, tc.n.analyst)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, o := range d.Officers {
			if o.Party == tc.peer.Party() {
				seen[o.ID] = true
			}
		}
		for _, o := range []*liaison.Officer{tc.peer.liaison, tc.peer.cyber, tc.peer.superv} {
			if !seen[o.ID] {
				t.Errorf("%s's directory lacks %s's %s %s", tc.n.Party(), tc.peer.Party(), o.Role, o.Name)
			}
		}
		for _, o := range []*liaison.Officer{tc.peer.analyst, tc.peer.auditor} {
			if seen[o.ID] {
				t.Errorf("%s's directory shows %s's %s %s", tc.n.Party(), tc.peer.Party(), o.Role, o.Name)
			}
		}
		if len(seen) != 3 {
			t.Errorf("%s's directory holds %d officers of %s, want 3", tc.n.Party(), len(seen), tc.peer.Party())
		}
		agencies := map[string]bool{}
		for _, a := range d.Agencies {
			if a.Party == tc.peer.Party() {
				agencies[a.Code] = true
			}
		}
		if !agencies[tc.peer.liaison.Agency] {
			t.Errorf("%s's directory lacks agency %s of %s: %v", tc.n.Party(), tc.peer.liaison.Agency, tc.peer.Party(), agencies)
		}
	}

	// A new officer travels in the next directory, replacing the last.
	o := mustOfficer(t, p.ca, "cbsa", "Border officer", liaison.RoleLiaison, liaison.AreaImmigration)
	if got := pending(t, p.ca, "in"); len(got) != 1 || got[0].Kind != liaison.KindDirectory {
		t.Fatalf("ca's outbox after AddOfficer = %+v, want one directory", got)
	}
	carry(t, p.ca, p.in)
	d, err := p.in.Directory(ctx, p.in.liaison)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(d.Officers, func(x liaison.Officer) bool { return x.ID == o.ID }) {
		t.Errorf("in's directory lacks ca's new officer %s", o.ID)
	}
	// Adding an analyst sends a directory too, but without the analyst.
	a := mustOfficer(t, p.ca, "analysis", "Second analyst", liaison.RoleAnalyst, liaison.AreaDrugs)
	if got := pending(t, p.ca, "in"); len(got) != 1 || strings.Contains(string(got[0].Payload), a.ID) {
		t.Errorf("ca's directory item names its analyst: %+v", got)
	}
}

func ids(ms []liaison.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
