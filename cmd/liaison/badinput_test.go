package main

import (
	"bytes"
	"context"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/node"
)

// adversary pushes hand-made envelopes to a node's federation listener,
// acting as one of its peers with that peer's real keys (or with keys of
// its own), so the test chooses every byte and every sequence number.
type adversary struct {
	t      *testing.T
	to     *testNode // the node under attack
	keys   *federation.Keys
	card   liaison.Card // to's card
	hpke   hpke.PublicKey
	client *http.Client
}

// newAdversary acts as the node in dir towards to, with in's keys loaded
// from dir. The node in dir MUST NOT be running: its sender would take
// the sequence numbers this adversary chooses.
func newAdversary(t *testing.T, dir string, to *testNode) *adversary {
	t.Helper()
	keys, err := federation.LoadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	return newAdversaryKeys(t, keys, to)
}

func newAdversaryKeys(t *testing.T, keys *federation.Keys, to *testNode) *adversary {
	t.Helper()
	card := to.card()
	pk, err := hpke.MLKEM768X25519().NewPublicKey(card.HPKEKey)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: federation.ClientTLS(keys, card.CertSHA256)}
	t.Cleanup(tr.CloseIdleConnections)
	return &adversary{t: t, to: to, keys: keys, card: card, hpke: pk, client: &http.Client{Transport: tr}}
}

// header returns a header for n items from in to ca under arrangement
// arr, starting at seq first.
func header(first int64, n int, arr string) federation.Header {
	return federation.Header{
		V: federation.Version, ID: newID(), From: "in", To: "ca", Arrangement: arr,
		First: first, Last: first + int64(n) - 1, Created: time.Now().UTC(),
	}
}

// seal seals items under h, signed with the adversary's key, to the
// attacked node's HPKE key.
func (a *adversary) seal(h federation.Header, items ...federation.Item) []byte {
	a.t.Helper()
	wire, err := federation.Seal(h, items, a.keys.Signing, a.hpke)
	if err != nil {
		a.t.Fatalf("seal: %v", err)
	}
	return wire
}

// answer is what the federation listener said.
type answer struct {
	status int
	ctype  string
	body   []byte
}

// detail returns the detail of a problem answer.
func (r answer) detail() string {
	var p struct {
		Detail string `json:"detail"`
	}
	json.Unmarshal(r.body, &p)
	return p.Detail
}

func (a *adversary) postErr(wire []byte) (answer, error) {
	req, err := http.NewRequest(http.MethodPost, a.card.FederationURL+federation.PathEnvelopes, bytes.NewReader(wire))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", federation.ContentTypeEnvelope)
	resp, err := a.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: body}, err
}

func (a *adversary) post(wire []byte) answer {
	a.t.Helper()
	r, err := a.postErr(wire)
	if err != nil {
		a.t.Fatalf("post envelope: %v", err)
	}
	return r
}

// refused posts wire and checks that it is refused whole with status and
// a problem detail containing want, and that the attacked node records
// the refusal on its link to from.
func (a *adversary) refused(wire []byte, from string, status int, want string) {
	a.t.Helper()
	r := a.post(wire)
	if r.status != status || r.ctype != "application/problem+json" || !strings.Contains(r.detail(), want) {
		a.t.Fatalf("post = %d %s %q, want %d problem containing %q", r.status, r.ctype, r.body, status, want)
	}
	if l := a.to.link(from); !strings.Contains(l.LastRefusal, want) {
		a.t.Errorf("%s's last refusal from %s = %q, want it to contain %q", a.to.party, from, l.LastRefusal, want)
	}
}

// receipt posts wire, expects a receipt, checks its signature with the
// attacked node's key and that it answers this envelope, and returns it.
func (a *adversary) receipt(wire []byte) federation.ReceiptBody {
	a.t.Helper()
	r := a.post(wire)
	if r.status != http.StatusOK || r.ctype != federation.ContentTypeReceipt {
		a.t.Fatalf("post = %d %s %q, want 200 and a receipt", r.status, r.ctype, r.body)
	}
	body, bodyBytes, sig, err := federation.DecodeReceipt(r.body)
	if err != nil {
		a.t.Fatalf("decode receipt: %v", err)
	}
	if err := federation.VerifyReceipt(bodyBytes, sig, a.card.SigningKey); err != nil {
		a.t.Fatalf("receipt: %v", err)
	}
	env, err := federation.Decode(wire)
	if err != nil {
		a.t.Fatal(err)
	}
	if body.Envelope != env.Header.ID || body.From != a.card.Party || body.To != env.Header.From {
		a.t.Fatalf("receipt for %s from %s to %s, want for %s from %s to %s",
			body.Envelope, body.From, body.To, env.Header.ID, a.card.Party, env.Header.From)
	}
	return body
}

// next is the sequence number the attacked node expects next from peer.
func (a *adversary) next(peer string) int64 {
	a.t.Helper()
	return a.to.link(peer).LastInSeq + 1
}

// statuses lists the status of each item of a receipt.
func statuses(b federation.ReceiptBody) []string {
	var out []string
	for _, o := range b.Items {
		out = append(out, o.Status)
	}
	return out
}

// deliver sends msgs as in, under the shared arrangement, at the next
// sequence numbers, and checks that each is stored and shows in the inbox.
func (a *adversary) deliver(msgs ...liaison.Message) {
	a.t.Helper()
	first := a.next("in")
	var items []federation.Item
	for i, m := range msgs {
		items = append(items, messageItem(first+int64(i), m))
	}
	rc := a.receipt(a.seal(header(first, len(items), arrangementID(arrangements.InCA)), items...))
	for i, o := range rc.Items {
		if o.Status != liaison.InboundStored || o.ID != msgs[i].ID {
			a.t.Fatalf("good item %d: %+v, want stored", o.Seq, o)
		}
	}
	inbox := a.to.inboxIDs()
	for _, m := range msgs {
		if !slices.Contains(inbox, m.ID) {
			a.t.Fatalf("message %s not in %s's inbox after it was stored", m.ID, a.to.party)
		}
	}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func arrangementID(raw []byte) string {
	s := sha256.Sum256(raw)
	return hex.EncodeToString(s[:])
}

// craft returns a message from in's officer in case caseID, as in's node
// would send it.
func craft(caseID, subject string) liaison.Message {
	return liaison.Message{
		ID: newID(), CaseID: caseID, Subject: subject, Body: "body of " + subject,
		Handling: drugsHandling("RESTRICTED"), Entities: []liaison.Entity{},
		From:    liaison.Sender{Party: "in", Agency: "police", Officer: "Officer in"},
		Created: time.Now().UTC(),
	}
}

func messageItem(seq int64, m liaison.Message) federation.Item {
	body, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return federation.Item{Seq: seq, Kind: liaison.KindMessage, ID: m.ID, Body: body}
}

// holding is what a node holds that bad input must not change.
type holding struct {
	Inbox     []string // "id: subject: body", in order
	Cases     []string // "id: title"
	LastInSeq int64
}

func (n *testNode) holding(peer string) holding {
	n.t.Helper()
	var h holding
	for _, m := range n.inbox() {
		h.Inbox = append(h.Inbox, m.ID+": "+m.Subject+": "+m.Body)
	}
	var cases struct{ Items []liaison.Case }
	if code := n.do("GET", "/api/v1/cases?limit=1000", nil, &cases); code != http.StatusOK {
		n.t.Fatalf("cases: status %d", code)
	}
	for _, c := range cases.Items {
		h.Cases = append(h.Cases, c.ID+": "+c.Title)
	}
	h.LastInSeq = n.link(peer).LastInSeq
	return h
}

func (n *testNode) inboxIDs() []string {
	var ids []string
	for _, m := range n.inbox() {
		ids = append(ids, m.ID)
	}
	return ids
}

// unchanged fails the test if the node holds anything else than before.
func (n *testNode) unchanged(peer string, before holding) {
	n.t.Helper()
	if diff := cmp.Diff(before, n.holding(peer)); diff != "" {
		n.t.Errorf("%s's holdings changed (-before +after):\n%s", n.party, diff)
	}
}

// TestBadEnvelopes pushes bad envelopes to a real node over real mutual
// TLS, as its peer and as a stranger: each is refused with a reason the
// node records on the link, nothing it holds changes, and good envelopes
// sent after it are stored.
func TestBadEnvelopes(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	in.post(c.ID, 0)
	eventually(t, "case and message delivered", func() bool { return in.link("ca").Queued == 0 && len(ca.inbox()) == 1 })
	// From here on the test is in: its own sender must not take the
	// sequence numbers.
	in.stop()
	adv := newAdversary(t, in.dir, ca)
	shared := arrangementID(arrangements.InCA)
	// bind makes the helpers fail the subtest that uses them.
	bind := func(sub *testing.T) {
		adv.t, ca.t = sub, sub
		sub.Cleanup(func() { adv.t, ca.t = t, t })
	}

	good := func() federation.Item { return messageItem(adv.next("in"), craft(c.ID, "good")) }

	t.Run("ErrGarbage", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		adv.refused([]byte("GET / HTTP/1.1\r\n\r\nnot an envelope"), "in", http.StatusBadRequest, "bad magic")
		ca.unchanged("in", before)
		adv.deliver(craft(c.ID, "after garbage"))
	})

	t.Run("ErrTruncated", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		wire := adv.seal(header(adv.next("in"), 1, shared), good())
		adv.refused(wire[:len(wire)-10], "in", http.StatusBadRequest, "truncated signature")
		adv.refused(wire[:len(wire)/2], "in", http.StatusBadRequest, "truncated ciphertext")
		adv.refused(wire[:9], "in", http.StatusBadRequest, "truncated header length")
		adv.refused(append(wire[:len(wire):len(wire)], 0), "in", http.StatusBadRequest, "1 bytes after the signature")
		ca.unchanged("in", before)
		// The whole envelope, cut above, is still good.
		if rc := adv.receipt(wire); rc.Items[0].Status != liaison.InboundStored {
			t.Fatalf("whole envelope after its truncations: %+v", rc.Items)
		}
	})

	t.Run("ErrTooLarge", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		wire := append([]byte("LSNENV1\n"), make([]byte, federation.MaxEnvelope+1-8)...)
		adv.refused(wire, "in", http.StatusRequestEntityTooLarge, fmt.Sprint(federation.MaxEnvelope))
		ca.unchanged("in", before)
		adv.deliver(craft(c.ID, "after oversize"))
	})

	t.Run("ErrBadSignature", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		wire := adv.seal(header(adv.next("in"), 1, shared), good())
		sig := bytes.Clone(wire)
		sig[len(sig)-1] ^= 1
		adv.refused(sig, "in", http.StatusForbidden, "bad signature")
		ct := bytes.Clone(wire)
		ct[len(ct)-64-100] ^= 1 // inside the ciphertext, which the signature covers
		adv.refused(ct, "in", http.StatusForbidden, "bad signature")
		stranger, err := federation.GenerateKeys("in", "Impostor", nil)
		if err != nil {
			t.Fatal(err)
		}
		forged, err := federation.Seal(header(adv.next("in"), 1, shared), []federation.Item{good()}, stranger.Signing, adv.hpke)
		if err != nil {
			t.Fatal(err)
		}
		adv.refused(forged, "in", http.StatusForbidden, "bad signature")
		ca.unchanged("in", before)
		if rc := adv.receipt(wire); rc.Items[0].Status != liaison.InboundStored {
			t.Fatalf("the unaltered envelope: %+v", rc.Items)
		}
	})

	t.Run("ErrUnknownSender", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		stranger, err := federation.GenerateKeys("in", "Impostor", nil)
		if err != nil {
			t.Fatal(err)
		}
		imp := newAdversaryKeys(t, stranger, ca)
		// A good envelope, signed by in, but pushed over a connection
		// whose client certificate ca does not know.
		wire := adv.seal(header(adv.next("in"), 1, shared), good())
		if r, err := imp.postErr(wire); err == nil {
			t.Fatalf("post with an unknown client certificate = %d %q, want the TLS handshake refused", r.status, r.body)
		}
		ca.unchanged("in", before)
		if rc := adv.receipt(wire); rc.Items[0].Status != liaison.InboundStored {
			t.Fatalf("the same envelope from in: %+v", rc.Items)
		}
	})

	t.Run("ErrWrongParties", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		for _, tt := range []struct{ from, to string }{{"ca", "in"}, {"in", "us"}, {"us", "ca"}} {
			h := header(adv.next("in"), 1, shared)
			h.From, h.To = tt.from, tt.to
			want := "envelope from " + tt.from + " to " + tt.to + " arrived from in at ca"
			adv.refused(adv.seal(h, good()), "in", http.StatusForbidden, want)
		}
		ca.unchanged("in", before)
		adv.deliver(craft(c.ID, "after wrong parties"))
	})

	t.Run("WrongArrangement", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		other := arrangementID(bytes.Replace(arrangements.InCA, []byte("version = 1"), []byte("version = 2"), 1))
		first := adv.next("in")
		m1, m2 := craft(c.ID, "under v2 (1)"), craft(c.ID, "under v2 (2)")
		rc := adv.receipt(adv.seal(header(first, 2, other), messageItem(first, m1), messageItem(first+1, m2)))
		if len(rc.Items) != 2 {
			t.Fatalf("receipt items = %+v, want 2", rc.Items)
		}
		for _, o := range rc.Items {
			if o.Status != liaison.InboundRefused || !strings.Contains(o.Reason, "sha256:"+other[:12]+" is not applied on node ca") {
				t.Errorf("item %d: %s %q, want refused as not applied", o.Seq, o.Status, o.Reason)
			}
		}
		if rc.LastSeq != first+1 {
			t.Errorf("receipt last_seq = %d, want %d", rc.LastSeq, first+1)
		}
		// The refused items took their numbers; nothing else changed.
		before.LastInSeq = first + 1
		ca.unchanged("in", before)
		if l := ca.link("in"); !strings.Contains(l.LastRefusal, "is not applied on node ca") {
			t.Errorf("ca's last refusal = %q", l.LastRefusal)
		}
		adv.deliver(craft(c.ID, "after wrong arrangement"))
	})

	t.Run("Replay", func(t *testing.T) {
		bind(t)
		first := adv.next("in")
		m1, m2 := craft(c.ID, "once (1)"), craft(c.ID, "once (2)")
		wire := adv.seal(header(first, 2, shared), messageItem(first, m1), messageItem(first+1, m2))
		if got := statuses(adv.receipt(wire)); !cmp.Equal(got, []string{"stored", "stored"}) {
			t.Fatalf("first push: %v, want both stored", got)
		}
		before := ca.holding("in")
		if got := statuses(adv.receipt(wire)); !cmp.Equal(got, []string{"duplicate", "duplicate"}) {
			t.Fatalf("replay: %v, want both duplicate", got)
		}
		ca.unchanged("in", before)
		// The same seqs with other content are duplicates too: a seq is
		// taken once, whatever comes later under it.
		m1.Body, m2.ID = "rewritten", newID()
		if got := statuses(adv.receipt(adv.seal(header(first, 2, shared), messageItem(first, m1), messageItem(first+1, m2)))); !cmp.Equal(got, []string{"duplicate", "duplicate"}) {
			t.Fatalf("replay with other content: %v, want both duplicate", got)
		}
		// An envelope reaching back over taken seqs into new ones takes
		// only the new.
		m3 := craft(c.ID, "behind the replay")
		got := statuses(adv.receipt(adv.seal(header(first+1, 2, shared), messageItem(first+1, m2), messageItem(first+2, m3))))
		if !cmp.Equal(got, []string{"duplicate", "stored"}) {
			t.Fatalf("overlapping envelope: %v, want duplicate, stored", got)
		}
		before.Inbox = append(before.Inbox, m3.ID+": "+m3.Subject+": "+m3.Body)
		before.LastInSeq++
		ca.unchanged("in", before)
	})

	t.Run("ErrOutOfWindow", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		want := adv.next("in")
		wire := adv.seal(header(want+4, 1, shared), messageItem(want+4, craft(c.ID, "too far ahead")))
		adv.refused(wire, "in", http.StatusConflict, fmt.Sprintf("sequence gap: got %d, want %d", want+4, want))
		ca.unchanged("in", before)
		adv.deliver(craft(c.ID, "at the right seq"))
	})

	t.Run("BadItems", func(t *testing.T) {
		bind(t)
		before := ca.holding("in")
		first := adv.next("in")
		purple := craft(c.ID, "purple")
		purple.Handling.TLP = "PURPLE"
		secret := craft(c.ID, "secret")
		secret.Handling.Classification = "SECRET"
		claimsCA := craft(c.ID, "claims ca")
		claimsCA.From.Party = "ca"
		noCase := craft(newID(), "no such case")
		badEntity := craft(c.ID, "bad entity")
		badEntity.Entities = []liaison.Entity{{Kind: liaison.EntityPhone, Value: "call me maybe"}}
		goods := []liaison.Message{craft(c.ID, "good 1"), craft(c.ID, "good 2"), craft(c.ID, "good 3"), craft(c.ID, "good 4")}
		seq := first
		var items []federation.Item
		add := func(m liaison.Message) {
			items = append(items, messageItem(seq, m))
			seq++
		}
		add(goods[0])
		add(purple)
		add(goods[1])
		add(secret)
		add(claimsCA)
		add(goods[2])
		add(noCase)
		add(badEntity)
		// A kind this node does not know, as a newer peer might send.
		items = append(items, federation.Item{Seq: seq, Kind: "hologram", ID: newID(), Body: json.RawMessage(`{"question":"?"}`)})
		seq++
		// A body that is not a message.
		items = append(items, federation.Item{Seq: seq, Kind: liaison.KindMessage, ID: newID(), Body: json.RawMessage(`{"subject":1}`)})
		seq++
		// Directories that the store would refuse, which must be refused
		// here as items rather than fail the envelope's transaction.
		var me liaison.Officer
		ca.do("GET", "/api/v1/me", nil, &me)
		police := liaison.Agency{Party: "in", Code: "police", Name: "Police"}
		officer := func(id string) liaison.Officer {
			return liaison.Officer{ID: id, Party: "in", Agency: "police", Name: "Officer in", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}
		}
		directory := func(d node.Directory) {
			body, _ := json.Marshal(d)
			items = append(items, federation.Item{Seq: seq, Kind: liaison.KindDirectory, ID: "in", Body: body})
			seq++
		}
		directory(node.Directory{Agencies: []liaison.Agency{police, police}, Officers: []liaison.Officer{}})
		id := newID()
		directory(node.Directory{Agencies: []liaison.Agency{police}, Officers: []liaison.Officer{officer(id), officer(id)}})
		directory(node.Directory{Agencies: []liaison.Agency{police}, Officers: []liaison.Officer{officer(me.ID)}})
		add(goods[3])
		rc := adv.receipt(adv.seal(header(first, len(items), shared), items...))
		want := []struct{ status, reason string }{
			{"stored", ""},
			{"refused", `tlp: unknown label "PURPLE"`},
			{"stored", ""},
			{"refused", "the arrangement's ceiling is CONFIDENTIAL; this content is SECRET"},
			{"refused", "claims party ca but came from in"},
			{"stored", ""},
			{"refused", "which this node does not hold"},
			{"refused", "entities[0].value"},
			{"refused", `unknown item kind "hologram"`},
			{"refused", "item body"},
			{"refused", "agency police is listed twice"},
			{"refused", "officer " + id + " is listed twice"},
			{"refused", "officer " + me.ID + " is an officer of ca"},
			{"stored", ""},
		}
		if len(rc.Items) != len(want) {
			t.Fatalf("receipt has %d items, want %d: %+v", len(rc.Items), len(want), rc.Items)
		}
		for i, o := range rc.Items {
			if o.Seq != first+int64(i) || o.ID != items[i].ID || o.Status != want[i].status || !strings.Contains(o.Reason, want[i].reason) {
				t.Errorf("item %d: seq %d %s %q, want seq %d %s %q", i, o.Seq, o.Status, o.Reason, first+int64(i), want[i].status, want[i].reason)
			}
		}
		for _, m := range goods {
			before.Inbox = append(before.Inbox, m.ID+": "+m.Subject+": "+m.Body)
		}
		before.LastInSeq = seq - 1
		ca.unchanged("in", before)
		if l := ca.link("in"); !strings.Contains(l.LastRefusal, "is an officer of ca") {
			t.Errorf("ca's last refusal = %q, want the last refused item", l.LastRefusal)
		}
		adv.deliver(craft(c.ID, "after bad items"))
	})
}

// TestRefusalThroughSender runs refusals through in's real sender: an item
// ca refuses is settled as refused with ca's reason, in's peers view shows
// it, and the item queued behind it is delivered; an envelope ca cannot
// authenticate shows as the link's last error until the cause is fixed.
func TestRefusalThroughSender(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	shared := in.openCase("ca")
	eventually(t, "first case delivered", func() bool { return in.link("ca").Queued == 0 })

	// in alone applies a new version: what it sends under it is refused
	// item by item, and what it still sends under the shared one arrives.
	v2 := filepath.Join(t.TempDir(), "v2.toml")
	os.WriteFile(v2, bytes.Replace(arrangements.InCA, []byte("version = 1"), []byte("version = 2"), 1), 0o600)
	cli(t, "", "arrangement", "apply", "--dir", in.dir, v2)
	lone := in.openCase("ca")
	refused := in.post(lone.ID, 1)
	delivered := in.post(shared.ID, 2)
	eventually(t, "outbox settled", func() bool { return in.link("ca").Queued == 0 })

	var m liaison.Message
	if code := in.do("GET", "/api/v1/messages/"+refused.ID, nil, &m); code != http.StatusOK {
		t.Fatalf("get refused message: status %d", code)
	}
	if m.State != liaison.StateRefused || len(m.Deliveries) != 1 || m.Deliveries[0].State != liaison.StateRefused ||
		!strings.Contains(m.Deliveries[0].Reason, "is not applied on node ca") {
		t.Errorf("refused message: state %s, deliveries %+v; want refused with ca's reason", m.State, m.Deliveries)
	}
	if l := in.link("ca"); !strings.Contains(l.LastRefusal, "is not applied on node ca") || l.LastRefusalAt == nil {
		t.Errorf("in's last refusal = %q at %v, want ca's reason", l.LastRefusal, l.LastRefusalAt)
	}
	eventually(t, "message behind the refusal delivered", func() bool {
		in.do("GET", "/api/v1/messages/"+delivered.ID, nil, &m)
		return m.State == liaison.StateDelivered
	})
	if got := ca.inboxIDs(); !cmp.Equal(got, []string{delivered.ID}) {
		t.Errorf("ca's inbox = %v, want only %s", got, delivered.ID)
	}

	// ca now holds a card for in with another signing key: every envelope
	// from in fails its signature, and in shows why as the link's error.
	stranger, err := federation.GenerateKeys("in", "Impostor", nil)
	if err != nil {
		t.Fatal(err)
	}
	good := in.card()
	bad := good
	bad.SigningKey = stranger.Card("in", "x", good.FederationURL).SigningKey
	addCard := func(c liaison.Card) {
		b, _ := json.Marshal(c)
		cli(t, string(b), "peer", "add", "--dir", ca.dir, "-")
	}
	addCard(bad)
	stuck := in.post(shared.ID, 3)
	eventually(t, "in shows the refusal as its link error", func() bool {
		l := in.link("ca")
		return !l.Up && strings.Contains(l.LastError, "bad signature") && l.Queued == 1
	})
	if l := ca.link("in"); !strings.Contains(l.LastRefusal, "bad signature") {
		t.Errorf("ca's last refusal = %q, want bad signature", l.LastRefusal)
	}
	addCard(good)
	eventually(t, "delivery after the card is fixed", func() bool {
		in.do("GET", "/api/v1/messages/"+stuck.ID, nil, &m)
		return m.State == liaison.StateDelivered
	})
	if got := ca.inboxIDs(); !cmp.Equal(got, []string{delivered.ID, stuck.ID}) {
		t.Errorf("ca's inbox = %v, want %s, %s", got, delivered.ID, stuck.ID)
	}
}

// TestLargeBacklog queues more than one envelope can carry while the peer
// is down: the sender MUST split the backlog into envelopes within
// federation.MaxEnvelope rather than retry, for ever, one that Seal
// refuses as too large.
func TestLargeBacklog(t *testing.T) {
	if testing.Short() {
		t.Skip("moves more than 16 MiB between two nodes")
	}
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	eventually(t, "case delivered", func() bool { return in.link("ca").Queued == 0 })
	ca.stop()
	in.stop()

	// Queue through in's service layer while its sender is stopped, so the
	// whole backlog is there at its first attempt.
	h, err := openNode(in.dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	actor, err := h.node.Authenticate(ctx, in.token, "127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("Precursor consignment, container CSQU3054383, vessel IMO 9321483. ", node.MaxBody/66)
	n := federation.MaxEnvelope/len(body) + 4
	var sent []string
	for i := range n {
		m, err := h.node.PostMessage(ctx, actor, c.ID, node.MessageInput{
			Subject: fmt.Sprintf("large %d", i), Body: body, Handling: drugsHandling("RESTRICTED"),
		})
		if err != nil {
			t.Fatalf("post large message %d: %v", i, err)
		}
		sent = append(sent, m.ID)
	}
	h.Close()
	in.start()
	ca.start()
	eventually(t, "backlog delivered", func() bool { return in.link("ca").Queued == 0 })
	if got := ca.inboxIDs(); !cmp.Equal(got, sent) {
		t.Fatalf("ca's inbox holds %d messages, want the %d sent, in order", len(got), len(sent))
	}
}
