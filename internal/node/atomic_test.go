package node_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

var errInjected = errors.New("injected store failure")

// faultStore is a real store whose transactions fail at a chosen call: the
// nth call (counting from 1) of the Tx method named, in any transaction,
// returns errInjected instead of writing.
type faultStore struct {
	liaison.Store
	mu     sync.Mutex
	method string
	n      int
	hit    bool
}

func (s *faultStore) failAt(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.method, s.n, s.hit = method, n, false
}

// failed reports whether the chosen call failed, and clears the fault.
func (s *faultStore) failed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	hit := s.hit
	s.method, s.n, s.hit = "", 0, false
	return hit
}

// fail reports whether this call of method is to fail.
func (s *faultStore) fail(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method != s.method || s.n == 0 {
		return false
	}
	s.n--
	if s.n == 0 {
		s.hit = true
		return true
	}
	return false
}

func (s *faultStore) Update(ctx context.Context, fn func(liaison.Tx) error) error {
	return s.Store.Update(ctx, func(tx liaison.Tx) error { return fn(&faultTx{Tx: tx, s: s}) })
}

type faultTx struct {
	liaison.Tx
	s *faultStore
}

func (t *faultTx) AppendAudit(e *liaison.AuditEntry) error {
	if t.s.fail("AppendAudit") {
		return errInjected
	}
	return t.Tx.AppendAudit(e)
}

func (t *faultTx) CreateCase(c *liaison.Case) error {
	if t.s.fail("CreateCase") {
		return errInjected
	}
	return t.Tx.CreateCase(c)
}

func (t *faultTx) CreateMessage(m *liaison.Message) error {
	if t.s.fail("CreateMessage") {
		return errInjected
	}
	return t.Tx.CreateMessage(m)
}

func (t *faultTx) SetMessageState(id string, st liaison.MessageState) error {
	if t.s.fail("SetMessageState") {
		return errInjected
	}
	return t.Tx.SetMessageState(id, st)
}

func (t *faultTx) Enqueue(item *liaison.OutboxItem) error {
	if t.s.fail("Enqueue") {
		return errInjected
	}
	return t.Tx.Enqueue(item)
}

func (t *faultTx) Take(item *liaison.InboundItem) (bool, error) {
	if t.s.fail("Take") {
		return false, errInjected
	}
	return t.Tx.Take(item)
}

func (t *faultTx) Settle(peer string, seq int64, st liaison.MessageState, reason, receiptID string, at time.Time) error {
	if t.s.fail("Settle") {
		return errInjected
	}
	return t.Tx.Settle(peer, seq, st, reason, receiptID, at)
}

func (t *faultTx) NoteRefusal(peer string, at time.Time, text string) error {
	if t.s.fail("NoteRefusal") {
		return errInjected
	}
	return t.Tx.NoteRefusal(peer, at, text)
}

func (t *faultTx) CreateOfficer(o *liaison.Officer, tokenHash []byte) error {
	if t.s.fail("CreateOfficer") {
		return errInjected
	}
	return t.Tx.CreateOfficer(o, tokenHash)
}

func (t *faultTx) ReplaceDirectory(party string, ag []liaison.Agency, of []liaison.Officer) error {
	if t.s.fail("ReplaceDirectory") {
		return errInjected
	}
	return t.Tx.ReplaceDirectory(party, ag, of)
}

// world is everything a node holds that an act may change.
type world struct {
	Cases        []liaison.Case
	Messages     []liaison.Message
	Outbox       map[string][]liaison.OutboxItem
	Links        []liaison.Link
	Directory    *node.Directory
	Peers        []liaison.Peer
	Arrangements []liaison.Arrangement
	Audit        []liaison.AuditEntry
	Tree         liaison.AuditTree
}

func worldOf(tb testing.TB, n *testNode) world {
	tb.Helper()
	ctx := context.Background()
	w := world{Cases: allCases(tb, n), Messages: allMessages(tb, n), Outbox: map[string][]liaison.OutboxItem{}, Audit: auditAfter(tb, n, 0)}
	var err error
	if w.Links, err = n.store.Links(ctx); err != nil {
		tb.Fatal(err)
	}
	for _, l := range w.Links {
		if w.Outbox[l.Party], err = n.store.Outbox(ctx, l.Party, 1000); err != nil {
			tb.Fatal(err)
		}
	}
	ag, of, err := n.store.Directory(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	w.Directory = &node.Directory{Agencies: ag, Officers: of}
	if w.Peers, err = n.store.Peers(ctx); err != nil {
		tb.Fatal(err)
	}
	if w.Arrangements, err = n.store.Arrangements(ctx); err != nil {
		tb.Fatal(err)
	}
	if w.Tree, err = n.store.AuditTree(ctx); err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestAtomic fails each act at a write in its middle and checks that the
// act left nothing behind on either node; then, the fault gone, the same
// act goes through, so nothing half-done stands in its way.
func TestAtomic(t *testing.T) {
	ctx := context.Background()
	p := newPairWrapped(t, func(s liaison.Store) liaison.Store { return &faultStore{Store: s} })
	faults := func(n *testNode) *faultStore { return n.wrapped.(*faultStore) }

	c := mustCase(t, p.in, "ca")
	m := mustMessage(t, p.in, c, "Delivered")
	carry(t, p.in, p.ca)

	// The Receive and Settle rows carry one envelope: a case and three
	// messages, the third carrying the second's body, which ca refuses.
	var (
		queued   []liaison.OutboxItem
		outcomes []liaison.InboundItem
	)
	prepareEnvelope := func(t *testing.T) {
		if queued != nil {
			return
		}
		// Carry what the rows before queued, to start from empty outboxes.
		carry(t, p.in, p.ca)
		carry(t, p.ca, p.in)
		c2 := mustCase(t, p.in, "ca")
		mustMessage(t, p.in, c2, "one")
		mustMessage(t, p.in, c2, "two")
		mustMessage(t, p.in, c2, "three")
		queued = pending(t, p.in, "ca")
		queued[3].Payload = queued[2].Payload
	}
	receive := func() error {
		var err error
		outcomes, err = p.ca.Receive(ctx, "in", "env-atomic", queued[0].ArrangementID, incoming(queued))
		return err
	}
	settle := func() error {
		return p.in.Settle(ctx, "ca", &liaison.Receipt{ID: "rcpt-atomic", EnvelopeID: "env-atomic", Body: []byte("{}"), Sig: make([]byte, 64)}, outcomes)
	}
	createCase := func() error {
		_, err := p.in.CreateCase(ctx, p.in.liaison, node.CaseInput{Title: "t", CrimeArea: liaison.AreaDrugs, Parties: []string{"ca"}, Handling: drugsHandling("in")})
		return err
	}
	postMessage := func(actor func() *liaison.Officer) func() error {
		return func() error {
			_, err := p.in.PostMessage(ctx, actor(), c.ID, node.MessageInput{Subject: "s", Body: "b", Handling: drugsHandling("in")})
			return err
		}
	}
	read := func() error {
		_, err := p.ca.Message(ctx, p.ca.liaison, m.ID)
		return err
	}
	addOfficer := func() error {
		_, _, err := p.ca.AddOfficer(ctx, liaison.Officer{Name: "New", Agency: "cbsa", Role: liaison.RoleLiaison}, "CBSA")
		return err
	}

	const (
		retry   = "ok"
		noRetry = ""
	)
	tests := []struct {
		name   string
		n      func() *testNode // the node whose store fails
		method string
		nth    int
		act    func() error
		// then says what the act does without the fault: ok, or an
		// error code, or "" not to run it again.
		then string
	}{
		{"CreateCase/Enqueue", func() *testNode { return p.in }, "Enqueue", 1, createCase, retry},
		{"CreateCase/CreateCase", func() *testNode { return p.in }, "CreateCase", 1, createCase, retry},
		{"CreateCase/AppendAudit", func() *testNode { return p.in }, "AppendAudit", 1, createCase, retry},
		{"PostMessage/CreateMessage", func() *testNode { return p.in }, "CreateMessage", 1, postMessage(func() *liaison.Officer { return p.in.liaison }), retry},
		{"PostMessage/AppendAudit", func() *testNode { return p.in }, "AppendAudit", 1, postMessage(func() *liaison.Officer { return p.in.liaison }), retry},
		{"SendDenied/AppendAudit", func() *testNode { return p.in }, "AppendAudit", 1, postMessage(func() *liaison.Officer { return p.in.analyst }), liaison.EFORBIDDEN},
		{"Read/SetMessageState", func() *testNode { return p.ca }, "SetMessageState", 1, read, noRetry},
		{"Read/Enqueue", func() *testNode { return p.ca }, "Enqueue", 1, read, noRetry},
		{"Read/AppendAudit", func() *testNode { return p.ca }, "AppendAudit", 1, read, retry},
		{"AddOfficer/CreateOfficer", func() *testNode { return p.ca }, "CreateOfficer", 1, addOfficer, noRetry},
		{"AddOfficer/Enqueue", func() *testNode { return p.ca }, "Enqueue", 1, addOfficer, noRetry},
		{"AddOfficer/AppendAudit", func() *testNode { return p.ca }, "AppendAudit", 1, addOfficer, retry},
		{"AddPeer/AppendAudit", func() *testNode { return p.ca }, "AppendAudit", 1, func() error {
			_, err := p.ca.AddPeer(ctx, card("us"))
			return err
		}, retry},
		{"ApplyArrangement/AppendAudit", func() *testNode { return p.ca }, "AppendAudit", 1, func() error {
			_, err := p.ca.ApplyArrangement(ctx, caUS())
			return err
		}, retry},
		// Receive fails after the case and the first message were written
		// in its transaction.
		{"Receive/CreateMessage", func() *testNode { return p.ca }, "CreateMessage", 2, receive, noRetry},
		{"Receive/Take", func() *testNode { return p.ca }, "Take", 3, receive, noRetry},
		{"Receive/NoteRefusal", func() *testNode { return p.ca }, "NoteRefusal", 1, receive, noRetry},
		{"Receive/AppendAudit", func() *testNode { return p.ca }, "AppendAudit", 4, receive, retry},
		{"Settle/Settle", func() *testNode { return p.in }, "Settle", 3, settle, noRetry},
		{"Settle/NoteRefusal", func() *testNode { return p.in }, "NoteRefusal", 1, settle, noRetry},
		{"Settle/SetMessageState", func() *testNode { return p.in }, "SetMessageState", 2, settle, retry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.name, "Receive/") || strings.HasPrefix(tt.name, "Settle/") {
				prepareEnvelope(t)
			}
			f := faults(tt.n())
			before := map[*testNode]world{p.in: worldOf(t, p.in), p.ca: worldOf(t, p.ca)}
			f.failAt(tt.method, tt.nth)
			err := tt.act()
			if !f.failed() {
				t.Fatalf("the act never made call %d of %s (error %v)", tt.nth, tt.method, err)
			}
			if !errors.Is(err, errInjected) || liaison.ErrorCode(err) != liaison.EINTERNAL {
				t.Fatalf("act error = %v (code %q), want the injected failure, internal", err, liaison.ErrorCode(err))
			}
			for _, x := range []*testNode{p.in, p.ca} {
				if diff := cmp.Diff(before[x], worldOf(t, x)); diff != "" {
					t.Errorf("failed act changed %s (-before +after):\n%s", x.Party(), diff)
				}
			}
			switch tt.then {
			case noRetry:
			case retry:
				if err := tt.act(); err != nil {
					t.Fatalf("act without the fault: %v", err)
				}
			default:
				wantCode(t, "act without the fault", tt.act(), tt.then)
			}
		})
	}

	// The envelope went through in the end, as ca judged it.
	want := []string{liaison.InboundStored, liaison.InboundStored, liaison.InboundStored, liaison.InboundRefused}
	for i, o := range outcomes {
		if o.Status != want[i] {
			t.Errorf("outcome %d = %s (%s), want %s", i, o.Status, o.Reason, want[i])
		}
	}
	if got := messageState(t, p.in, queued[3].ObjectID); got != liaison.StateRefused {
		t.Errorf("in's refused message: state %s, want refused", got)
	}
	for _, q := range queued[1:3] {
		if got := messageState(t, p.in, q.ObjectID); got != liaison.StateDelivered {
			t.Errorf("in's message %s: state %s, want delivered", q.ObjectID, got)
		}
	}
}

// TestClosedStore checks that acts on a node whose store is closed fail
// with EUNAVAILABLE, and that the file, opened again, holds nothing of
// them.
func TestClosedStore(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	c := mustCase(t, p.in, "ca")
	items := pending(t, p.in, "ca")
	before := worldOf(t, p.ca)
	if err := p.ca.store.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := p.ca.Receive(ctx, "in", "env-closed", items[0].ArrangementID, incoming(items))
	wantCode(t, "Receive on a closed store", err, liaison.EUNAVAILABLE)
	_, _, err = p.ca.AddOfficer(ctx, liaison.Officer{Name: "New", Agency: "cbsa", Role: liaison.RoleLiaison}, "")
	wantCode(t, "AddOfficer on a closed store", err, liaison.EUNAVAILABLE)

	st, err := sqlite.Open(p.ca.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p.ca.store = st
	if diff := cmp.Diff(before, worldOf(t, p.ca)); diff != "" {
		t.Errorf("acts on a closed store changed it (-before +after):\n%s", diff)
	}
	// A node on the reopened store takes the envelope.
	n, err := node.New(node.Config{Party: "ca", Name: "ca node", Store: st, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	outcomes, err := n.Receive(ctx, "in", "env-closed", items[0].ArrangementID, incoming(items))
	if err != nil || outcomes[0].Status != liaison.InboundStored {
		t.Fatalf("Receive after reopening: %+v, %v", outcomes, err)
	}
	if _, err := st.Case(ctx, c.ID); err != nil {
		t.Errorf("case after reopening: %v", err)
	}
}
