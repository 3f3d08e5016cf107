package postgres_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/snapshot"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// contents is everything a store lets a node read, through the contract.
type contents struct {
	Agencies     []liaison.Agency
	Officers     []liaison.Officer
	ByID         []*liaison.Officer
	ByToken      []*liaison.Officer
	Peers        []liaison.Peer
	Peer         []*liaison.Peer
	Links        []liaison.Link
	Arrangements []liaison.Arrangement
	Cases        []liaison.Case
	CasesOfUS    []liaison.Case
	CasesCyber   []liaison.Case
	Case         []*liaison.Case
	Messages     []liaison.Message
	Inbound      []liaison.Message
	InCase       []liaison.Message
	Message      []*liaison.Message
	Approvals    []liaison.Approval
	Pending      []liaison.Approval
	Approval     []*liaison.Approval
	Outbox       [][]liaison.OutboxItem
	Receipts     []*liaison.Receipt
	Audit        []liaison.AuditEntry
	AuditTree    liaison.AuditTree
	Checkpoints  [][]liaison.AuditCheckpoint

	Disseminations []*liaison.Dissemination
	Consents       []liaison.Consent
	Workplan       []liaison.Objective
	STIX           []liaison.STIXObject
	STIXStatus     *liaison.STIXStatus
	TAXIICursor    *liaison.TAXIICursor
}

// read reads m's objects back from s, paging with small pages.
func read(tb testing.TB, s liaison.Store, m moved) contents {
	tb.Helper()
	ctx := tb.Context()
	var c contents
	check := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	var err error
	c.Agencies, c.Officers, err = s.Directory(ctx)
	check(err)
	for _, id := range m.officers {
		o, err := s.Officer(ctx, id)
		check(err)
		c.ByID = append(c.ByID, o)
	}
	for _, tok := range m.tokens {
		o, err := s.OfficerByToken(ctx, hash(tok))
		check(err)
		c.ByToken = append(c.ByToken, o)
	}
	c.Peers, err = s.Peers(ctx)
	check(err)
	for _, p := range m.peers {
		peer, err := s.Peer(ctx, p)
		check(err)
		c.Peer = append(c.Peer, peer)
		items, err := s.Outbox(ctx, p, 1000)
		check(err)
		c.Outbox = append(c.Outbox, items)
	}
	c.Links, err = s.Links(ctx)
	check(err)
	c.Arrangements, err = s.Arrangements(ctx)
	check(err)
	us, cyber := "us", liaison.AreaCyber
	c.Cases = allCases(tb, s, liaison.CaseFilter{Limit: 7})
	c.CasesOfUS = allCases(tb, s, liaison.CaseFilter{Party: &us, Limit: 4})
	c.CasesCyber = allCases(tb, s, liaison.CaseFilter{CrimeArea: &cyber, Limit: 3})
	for _, id := range m.cases {
		cs, err := s.Case(ctx, id)
		check(err)
		c.Case = append(c.Case, cs)
	}
	yes := true
	c.Messages = allMessages(tb, s, liaison.MessageFilter{Limit: 9})
	c.Inbound = allMessages(tb, s, liaison.MessageFilter{Inbound: &yes, Limit: 4})
	c.InCase = allMessages(tb, s, liaison.MessageFilter{CaseID: &m.cases[3], Limit: 1})
	for _, id := range m.messages {
		msg, err := s.Message(ctx, id)
		check(err)
		c.Message = append(c.Message, msg)
	}
	pending := liaison.ApprovalPending
	c.Approvals = allApprovals(tb, s, liaison.ApprovalFilter{Limit: 4})
	c.Pending = allApprovals(tb, s, liaison.ApprovalFilter{State: &pending, Limit: 2})
	for _, id := range m.approvals {
		r, err := s.Approval(ctx, id)
		check(err)
		c.Approval = append(c.Approval, r)
	}
	for _, id := range m.receipts {
		r, err := s.Receipt(ctx, id)
		check(err)
		c.Receipts = append(c.Receipts, r)
	}
	for after := int64(0); ; {
		es, err := s.AuditEntries(ctx, after, 7)
		check(err)
		if len(es) == 0 {
			break
		}
		c.Audit = append(c.Audit, es...)
		after = es[len(es)-1].Index
	}
	c.AuditTree, err = s.AuditTree(ctx)
	check(err)
	for _, p := range m.peers {
		cs, err := s.Checkpoints(ctx, p, 10)
		check(err)
		c.Checkpoints = append(c.Checkpoints, cs)
	}
	readDisseminations(tb, s, m, &c)
	readWorkplan(tb, s, &c)
	readSTIX(tb, s, &c)
	return c
}

func allCases(tb testing.TB, s liaison.Store, f liaison.CaseFilter) []liaison.Case {
	tb.Helper()
	var all []liaison.Case
	for {
		page, next, err := s.Cases(tb.Context(), f)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		f.After = next
	}
}

func allMessages(tb testing.TB, s liaison.Store, f liaison.MessageFilter) []liaison.Message {
	tb.Helper()
	var all []liaison.Message
	for {
		page, next, err := s.Messages(tb.Context(), f)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		f.After = next
	}
}

func allApprovals(tb testing.TB, s liaison.Store, f liaison.ApprovalFilter) []liaison.Approval {
	tb.Helper()
	var all []liaison.Approval
	for {
		page, next, err := s.Approvals(tb.Context(), f)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		f.After = next
	}
}

// newSQLite returns a SQLite store holding populate's node.
func newSQLite(t *testing.T) (*sqlite.Store, moved) {
	t.Helper()
	src, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src, populate(t, src)
}

// TestLoad moves a SQLite node's store to PostgreSQL: everything reads
// back the same through the Store contract, and the node goes on from
// where it was.
func TestLoad(t *testing.T) {
	src, m := newSQLite(t)
	dst := mustOpen(t, pgtest.NewDatabase(t))
	counts, err := dst.Load(t.Context(), src.Dump(t.Context()))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := map[string]int64{"officers": 4, "agencies": 2, "peers": 2, "links": 2, "arrangements": 3,
		"cases": 30, "approvals": 9, "case_parties": 60, "messages": 56, "outbox": 45, "inbound": 15, "receipts": 16, "audit": 86,
		"audit_leaves": 86, "audit_checkpoints": 2, "tombstones": 0, "holds": 0, "recalls": 0,
		"disseminations": 6, "consents": 6, "requests": 0,
		"workplan_objectives": 3, "workplan_actions": 6, "workplan_notes": 12, "subscriptions": 0, "notices": 0,
		"stix_objects": 5, "stix_statuses": 1, "credentials": 0, "taxii_cursors": 1, "read_receipts": 0}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("Load counts (-want +got):\n%s", diff)
	}
	before, after := read(t, src, m), read(t, dst, m)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Fatalf("store after Load differs (-sqlite +postgres):\n%s", diff)
	}
	if len(before.Audit) != 86 || len(before.Messages) != 56 || before.Links[0].NextSeq < 2 {
		t.Fatalf("fixture too small: %d audit entries, %d messages, links %+v", len(before.Audit), len(before.Messages), before.Links)
	}
	testContinue(t, dst, before)
}

// testContinue checks that the loaded store continues its counters:
// sequences, audit indexes, page order, arrangement order.
func testContinue(t *testing.T, s liaison.Store, was contents) {
	t.Helper()
	ctx := t.Context()
	if _, err := s.OfficerByToken(ctx, hash("token-0")); err != nil {
		t.Errorf("OfficerByToken(old token): %v", err)
	}
	last := was.Messages[len(was.Messages)-1]
	var (
		item  = liaison.OutboxItem{Peer: "ca", Kind: liaison.KindMessage, ObjectID: "m-new", Payload: []byte("{}"), Created: loadAt(900)}
		entry = liaison.AuditEntry{Time: loadAt(900), Party: "in", Action: "message.send", Object: "m-new"}
		arr   = liaison.Arrangement{ID: "fourth", Name: "fourth", Raw: []byte("fourth"), Applied: loadAt(21)}
	)
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.PutArrangement(&arr); err != nil {
			return err
		}
		if err := tx.CreateCase(&liaison.Case{ID: "c-new", Title: "new", CrimeArea: liaison.AreaCyber, Parties: []string{"in", "us"},
			Origin: "in", Created: loadAt(900)}); err != nil {
			return err
		}
		m := last
		m.ID, m.CaseID, m.Inbound, m.Received, m.State, m.Deliveries = "m-new", "c-new", false, nil, liaison.StateQueued, nil
		if err := tx.CreateMessage(&m); err != nil {
			return err
		}
		r := was.Approvals[0]
		r.ID, r.CaseID, r.Message.ID, r.Message.CaseID = "a-new", "c-new", "a-new", "c-new"
		if err := tx.CreateApproval(&r); err != nil {
			return err
		}
		if err := tx.Enqueue(&item); err != nil {
			return err
		}
		return tx.AppendAudit(&entry)
	})
	if want := was.Links[0].NextSeq; item.Seq != want {
		t.Errorf("Enqueue after Load: seq %d, want %d", item.Seq, want)
	}
	if want := was.Audit[len(was.Audit)-1].Index + 1; entry.Index != want {
		t.Errorf("AppendAudit after Load: index %d, want %d", entry.Index, want)
	}
	cases := allCases(t, s, liaison.CaseFilter{Limit: 7})
	if got := cases[len(cases)-1].ID; len(cases) != len(was.Cases)+1 || got != "c-new" {
		t.Errorf("cases after Load end with %s (%d of them), want c-new after %d", got, len(cases), len(was.Cases))
	}
	us := "us"
	if cs := allCases(t, s, liaison.CaseFilter{Party: &us}); cs[len(cs)-1].ID != "c-new" {
		t.Errorf("cases of us after Load end with %s, want c-new", cs[len(cs)-1].ID)
	}
	msgs := allMessages(t, s, liaison.MessageFilter{Limit: 9})
	if got := msgs[len(msgs)-1].ID; len(msgs) != len(was.Messages)+1 || got != "m-new" {
		t.Errorf("messages after Load end with %s (%d of them), want m-new after %d", got, len(msgs), len(was.Messages))
	}
	rs := allApprovals(t, s, liaison.ApprovalFilter{Limit: 4})
	if got := rs[len(rs)-1].ID; len(rs) != len(was.Approvals)+1 || got != "a-new" {
		t.Errorf("approvals after Load end with %s (%d of them), want a-new after %d", got, len(rs), len(was.Approvals))
	}
	as, err := s.Arrangements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Applied at the instant of the latest loaded, and stored after it:
	// it comes first only if the positions continue.
	if as[0].ID != "fourth" {
		t.Errorf("arrangement applied with the latest loaded: at %d, want 0", slicesIndex(as, "fourth"))
	}
	// The next item taken from a peer follows the last one taken.
	in := was.Links[0].LastInSeq
	mustUpdate(t, s, func(tx liaison.Tx) error {
		dup, err := tx.Take(&liaison.InboundItem{Peer: "ca", Seq: in, EnvelopeID: "e", Kind: liaison.KindMessage, ObjectID: "x",
			Status: liaison.InboundStored, Received: loadAt(901)})
		if err != nil || !dup {
			t.Errorf("Take(last seq %d) = %v, %v; want a duplicate", in, dup, err)
		}
		dup, err = tx.Take(&liaison.InboundItem{Peer: "ca", Seq: in + 1, EnvelopeID: "e", Kind: liaison.KindMessage, ObjectID: "x",
			Status: liaison.InboundStored, Received: loadAt(901)})
		if err != nil || dup {
			t.Errorf("Take(seq %d) = %v, %v; want taken", in+1, dup, err)
		}
		return nil
	})
	continueSTIX(t, s, was)
}

func slicesIndex(as []liaison.Arrangement, id string) int {
	for i, a := range as {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// TestLoadNotEmpty: a database that holds a node's data is refused, and
// keeps what it holds.
func TestLoadNotEmpty(t *testing.T) {
	src, _ := newSQLite(t)
	dst := mustOpen(t, pgtest.NewDatabase(t))
	mustUpdate(t, dst, func(tx liaison.Tx) error {
		return tx.AppendAudit(&liaison.AuditEntry{Time: loadNow, Party: "ca", Action: "node.init"})
	})
	_, err := dst.Load(t.Context(), src.Dump(t.Context()))
	if liaison.ErrorCode(err) != liaison.ECONFLICT {
		t.Fatalf("Load into a used database: %v, want ECONFLICT", err)
	}
	if es, _ := dst.AuditEntries(t.Context(), 0, 10); len(es) != 1 || es[0].Action != "node.init" {
		t.Errorf("audit log after the refused Load: %+v", es)
	}
}

// TestLoadRefused: a snapshot PostgreSQL cannot hold exactly, or that is
// not in order, fails the Load and leaves nothing behind.
func TestLoadRefused(t *testing.T) {
	src, _ := newSQLite(t)
	dst := mustOpen(t, pgtest.NewDatabase(t))
	edit := func(fn func(c *snapshot.Chunk) bool) func(func(snapshot.Chunk, error) bool) {
		return func(yield func(snapshot.Chunk, error) bool) {
			for c, err := range src.Dump(t.Context()) {
				if err == nil && !fn(&c) {
					continue
				}
				if !yield(c, err) {
					return
				}
			}
		}
	}
	for _, tc := range []struct {
		name string
		fn   func(c *snapshot.Chunk) bool
	}{
		{"Nanoseconds", func(c *snapshot.Chunk) bool {
			if c.Table == "audit" {
				c.Rows[len(c.Rows)-1][1] = loadNow.Add(1)
			}
			return true
		}},
		{"MissingTable", func(c *snapshot.Chunk) bool { return c.Table != "peers" }},
		{"Truncated", func(c *snapshot.Chunk) bool { return c.Table != "audit" }},
		{"WrongKind", func(c *snapshot.Chunk) bool {
			if c.Table == "links" {
				c.Rows[0][3] = int64(1)
			}
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dst.Load(t.Context(), edit(tc.fn))
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Load: %v, want EINVALID", err)
			}
			t.Log(err)
		})
	}
	// Nothing was left behind: the good snapshot loads.
	if _, err := dst.Load(context.Background(), src.Dump(t.Context())); err != nil {
		t.Fatalf("Load after refused ones: %v", err)
	}
	if es, err := dst.AuditEntries(t.Context(), 0, 1000); err != nil || len(es) != 86 {
		t.Fatalf("audit log after Load: %d entries, err %v", len(es), err)
	}
}
