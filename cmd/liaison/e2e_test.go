package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/federation"
)

// testNode is a real node in a temporary directory, serving on loopback
// ports chosen by the kernel.
type testNode struct {
	t      *testing.T
	dir    string
	party  string
	s      *server
	fedAdr string
	token  string // a liaison officer's token, all crime areas
}

// newTestNode initialises a node; start it with start.
func newTestNode(t *testing.T, party string) *testNode {
	t.Helper()
	fedLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fedAddr := fedLn.Addr().String()
	fedLn.Close()
	n := &testNode{t: t, dir: filepath.Join(t.TempDir(), party), party: party, fedAdr: fedAddr}
	if err := initNode(n.dir, party, "Test node "+party, "127.0.0.1:0", fedAddr, "", "liaison.db"); err != nil {
		t.Fatalf("init %s: %v", party, err)
	}
	return n
}

// start serves the node (again) on its federation address.
func (n *testNode) start() {
	n.t.Helper()
	var ln net.Listener
	var err error
	// The port was free a moment ago or was ours before a restart; retry
	// briefly while the kernel releases it.
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", n.fedAdr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		n.t.Fatalf("listen %s: %v", n.fedAdr, err)
	}
	s, err := newServer(n.dir, serverOptions{FedListener: ln, Log: io.Discard,
		Fed: federation.Options{BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond, Poll: 100 * time.Millisecond}})
	if err != nil {
		n.t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		n.t.Fatal(err)
	}
	n.s = s
	n.t.Cleanup(func() { n.stop() })
}

func (n *testNode) stop() {
	if n.s != nil {
		n.s.Close()
		n.s = nil
	}
}

func (n *testNode) card() liaison.Card {
	k, err := federation.LoadKeys(n.dir)
	if err != nil {
		n.t.Fatal(err)
	}
	cfg, err := loadConfig(n.dir)
	if err != nil {
		n.t.Fatal(err)
	}
	return k.Card(cfg.Party, cfg.Name, cfg.Federation.URL)
}

// cli runs a liaison command in-process and returns its standard output.
func cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}); code != 0 {
		t.Fatalf("liaison %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// link makes two nodes trust each other and apply the same arrangement,
// through the CLI as administrators would, and creates an officer on each.
func link(t *testing.T, arrangement []byte, nodes ...*testNode) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "arrangement.toml")
	os.WriteFile(file, arrangement, 0o600)
	for _, n := range nodes {
		for _, p := range nodes {
			if p == n {
				continue
			}
			cardJSON, _ := json.Marshal(p.card())
			cli(t, string(cardJSON), "peer", "add", "--dir", n.dir, "-")
		}
		cli(t, "", "arrangement", "apply", "--dir", n.dir, file)
		n.token = strings.TrimSpace(cli(t, "", "user", "add", "--dir", n.dir, "--name", "Officer "+n.party,
			"--agency", "police", "--role", "liaison", "--areas", "drugs,organised_crime,cyber,fraud,immigration,terrorism"))
	}
}

// do calls the node's API and decodes the JSON answer into out.
func (n *testNode) do(method, path string, body any, out any) int {
	n.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.s.APIURL()+path, r)
	req.Header.Set("Authorization", "Bearer "+n.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			n.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode
}

// eventually polls cond until it holds or the time runs out. The limit is
// generous: it bounds a hang, it does not assert a speed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func drugsHandling(class string) liaison.Handling {
	return liaison.Handling{Classification: class, TLP: "AMBER", CrimeArea: liaison.AreaDrugs, Codes: []string{liaison.CodeLawEnforcementOnly}}
}

func (n *testNode) inbox() []liaison.Message {
	var all []liaison.Message
	after := ""
	for {
		var page struct {
			Items []liaison.Message `json:"items"`
			Next  string            `json:"next"`
		}
		if code := n.do("GET", "/api/v1/inbox?limit=1000&after="+after, nil, &page); code != 200 {
			n.t.Fatalf("inbox: status %d", code)
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			return all
		}
		after = page.Next
	}
}

func (n *testNode) link(peer string) liaison.Link {
	var links struct{ Items []liaison.Link }
	n.do("GET", "/api/v1/peers", nil, &links)
	for _, l := range links.Items {
		if l.Party == peer {
			return l
		}
	}
	n.t.Fatalf("no link to %s", peer)
	return liaison.Link{}
}

func (n *testNode) openCase(peer string) liaison.Case {
	var c liaison.Case
	code := n.do("POST", "/api/v1/cases", map[string]any{
		"title": "NPP shipment", "crime_area": "drugs", "parties": []string{peer}, "handling": drugsHandling(classFor(n.party, "RESTRICTED")),
	}, &c)
	if code != http.StatusCreated {
		n.t.Fatalf("create case: status %d", code)
	}
	return c
}

func (n *testNode) post(caseID string, i int) liaison.Message {
	var m liaison.Message
	code := n.do("POST", "/api/v1/cases/"+caseID+"/messages", map[string]any{
		"subject": fmt.Sprintf("update %d", i), "body": fmt.Sprintf("body of update %d", i),
		"handling": drugsHandling(classFor(n.party, "RESTRICTED")),
		"entities": []liaison.Entity{{Kind: liaison.EntityContainer, Value: "CSQU3054383"}},
	}, &m)
	if code != http.StatusCreated {
		n.t.Fatalf("post message %d: status %d", i, code)
	}
	return m
}

// classFor maps a common level to the party's label in the example
// arrangement.
func classFor(party, level string) string {
	if party == "ca" && level == "RESTRICTED" {
		return "PROTECTED B"
	}
	return level
}

// TestTwoNodes runs the whole path in one process: an Indian and a
// Canadian node, linked through the CLI, exchange a case and messages over
// mutual TLS; each message arrives once, in order, intact, with a signed
// receipt back at the sender and a read receipt after it is read.
func TestTwoNodes(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)

	c := in.openCase("ca")
	var sent []liaison.Message
	for i := range 20 {
		sent = append(sent, in.post(c.ID, i))
	}
	eventually(t, "20 messages in ca's inbox", func() bool { return len(ca.inbox()) == 20 })
	got := ca.inbox()
	for i, m := range got {
		if m.ID != sent[i].ID || m.Body != sent[i].Body || m.CaseID != c.ID || !m.Inbound {
			t.Fatalf("inbox[%d] = %s %q, want %s %q", i, m.ID, m.Body, sent[i].ID, sent[i].Body)
		}
		if m.From.Party != "in" || m.Entities[0].Value != "CSQU3054383" {
			t.Errorf("inbox[%d] from %+v entities %+v", i, m.From, m.Entities)
		}
	}
	var rc liaison.Case
	if code := ca.do("GET", "/api/v1/cases/"+c.ID, nil, &rc); code != 200 || rc.Title != c.Title {
		t.Fatalf("case on ca: status %d, %+v", code, rc)
	}

	// The sender holds signed receipts and shows the message delivered.
	var view struct {
		liaison.Message
		Receipts []liaison.Receipt `json:"receipts"`
	}
	eventually(t, "delivered state", func() bool {
		in.do("GET", "/api/v1/messages/"+sent[0].ID, nil, &view)
		return view.State == liaison.StateDelivered
	})
	if len(view.Receipts) != 1 || len(view.Receipts[0].Sig) != 64 {
		t.Fatalf("receipts = %+v, want one signed receipt", view.Receipts)
	}
	body, bodyBytes, sig, err := federation.DecodeReceipt(append(append([]byte("LSNRCT1\n"), be32(len(view.Receipts[0].Body))...), append(view.Receipts[0].Body, view.Receipts[0].Sig...)...))
	if err != nil {
		t.Fatalf("decode stored receipt: %v", err)
	}
	if err := federation.VerifyReceipt(bodyBytes, sig, ca.card().SigningKey); err != nil {
		t.Fatalf("stored receipt does not verify with ca's key: %v", err)
	}
	if body.From != "ca" || body.To != "in" {
		t.Errorf("receipt from %s to %s", body.From, body.To)
	}

	// Reading on ca sends a read receipt back to in.
	var read liaison.Message
	ca.do("GET", "/api/v1/messages/"+sent[0].ID, nil, &read)
	eventually(t, "read state on the sender", func() bool {
		var m liaison.Message
		in.do("GET", "/api/v1/messages/"+sent[0].ID, nil, &m)
		return m.State == liaison.StateRead
	})

	// A reply flows back the other way in the same case.
	reply := ca.post(c.ID, 100)
	eventually(t, "reply in in's inbox", func() bool {
		for _, m := range in.inbox() {
			if m.ID == reply.ID {
				return true
			}
		}
		return false
	})

	// Both directories know both parties' liaison officers.
	var dir struct{ Officers []liaison.Officer }
	eventually(t, "directory exchange", func() bool {
		in.do("GET", "/api/v1/directory", nil, &dir)
		return len(dir.Officers) == 2
	})
}

func be32(n int) []byte { return []byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)} }

// TestLinkOutage stops the receiver while messages are sent: the sender
// shows the link down with the queue growing, and delivers everything in
// order once the receiver is back.
func TestLinkOutage(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	eventually(t, "case delivered", func() bool { return in.link("ca").Queued == 0 })

	ca.stop()
	var sent []string
	for i := range 30 {
		sent = append(sent, in.post(c.ID, i).ID)
	}
	eventually(t, "link down", func() bool {
		l := in.link("ca")
		return !l.Up && l.LastError != "" && l.Queued == 30
	})

	ca.start()
	eventually(t, "queue drained", func() bool { return in.link("ca").Queued == 0 })
	got := ca.inbox()
	if len(got) != len(sent) {
		t.Fatalf("inbox has %d messages, want %d", len(got), len(sent))
	}
	for i := range got {
		if got[i].ID != sent[i] {
			t.Fatalf("inbox[%d] = %s, want %s", i, got[i].ID, sent[i])
		}
	}
	if l := in.link("ca"); !l.Up {
		t.Errorf("link after recovery: %+v, want up", l)
	}
}

// TestWrongArrangement: the nodes applied different versions of the
// arrangement. What the sender sends under its version is refused by the
// receiver, both sides show why, and the link keeps working.
func TestWrongArrangement(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, ca)
	other := bytes.Replace(arrangements.InCA, []byte("version = 1"), []byte("version = 2"), 1)
	if bytes.Equal(other, arrangements.InCA) {
		t.Fatal("example arrangement has no 'version = 1' line to change")
	}
	link(t, other, in)
	for _, pair := range [][2]*testNode{{in, ca}, {ca, in}} {
		cardJSON, _ := json.Marshal(pair[1].card())
		cli(t, string(cardJSON), "peer", "add", "--dir", pair[0].dir, "-")
	}
	c := in.openCase("ca")
	eventually(t, "refusal settled", func() bool {
		l := in.link("ca")
		return l.Queued == 0 && l.LastRefusal != ""
	})
	if l := in.link("ca"); !strings.Contains(l.LastRefusal, "is not applied on node ca") {
		t.Errorf("sender's last refusal = %q, want the arrangement named", l.LastRefusal)
	}
	// The receiver records refusals too (its own directory, sent under the
	// version it holds, is refused the other way, so either may be last).
	if l := ca.link("in"); !strings.Contains(l.LastRefusal, "is not applied on node") {
		t.Errorf("receiver's last refusal = %q, want the arrangement named", l.LastRefusal)
	}
	var got liaison.Case
	if code := ca.do("GET", "/api/v1/cases/"+c.ID, nil, &got); code != http.StatusNotFound {
		t.Errorf("refused case on ca: status %d, want 404", code)
	}
	// Once ca applies the same version, new cases flow.
	file := filepath.Join(t.TempDir(), "v2.toml")
	os.WriteFile(file, other, 0o600)
	cli(t, "", "arrangement", "apply", "--dir", ca.dir, file)
	c2 := in.openCase("ca")
	eventually(t, "case under the shared version", func() bool {
		return ca.do("GET", "/api/v1/cases/"+c2.ID, nil, &got) == 200
	})
}
