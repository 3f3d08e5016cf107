package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/auditlog"
	"github.com/liaison-project/liaison/internal/federation"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// signNow makes the node sign a checkpoint of its log as it is, as its
// background job would within 30 seconds.
func (n *testNode) signNow() *liaison.AuditCheckpoint {
	n.t.Helper()
	c, err := n.s.node.Checkpoint(n.t.Context())
	if err != nil {
		n.t.Fatal(err)
	}
	return c
}

// TestCrossWitness: receipts carry the receiver's signed checkpoints and
// the sender keeps them, checking each new one against the one before with
// a consistency proof from the receiver. When the receiver's history is
// rewritten (an entry, its leaf hash and the tree, in its SQLite file, as
// an attacker owning the file would), the sender raises the alarm on the
// link, shown in GET /api/v1/peers, and audits it.
func TestCrossWitness(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")

	// deliver posts a message from in and waits for ca's receipt.
	i := 0
	deliver := func() {
		t.Helper()
		i++
		in.post(c.ID, i)
		eventually(t, "delivery", func() bool { return in.link("ca").Queued == 0 })
	}
	deliver()
	first := ca.signNow()
	deliver()
	// The sender checks the checkpoint after it settles the receipt.
	eventually(t, "first checkpoint kept", func() bool { return in.link("ca").AuditSize == first.Size })
	if l := in.link("ca"); l.AuditSize != first.Size || l.AuditAlarm != "" {
		t.Fatalf("in's link to ca: audit size %d alarm %q, want %d and none", l.AuditSize, l.AuditAlarm, first.Size)
	}
	// A larger checkpoint is kept after a consistency proof from the first.
	deliver()
	second := ca.signNow()
	deliver()
	eventually(t, "second checkpoint kept", func() bool { return in.link("ca").AuditSize != first.Size })
	if l := in.link("ca"); l.AuditSize != second.Size || l.AuditAlarm != "" || second.Size <= first.Size {
		t.Fatalf("in's link to ca: audit size %d alarm %q, want %d (> %d) and none", l.AuditSize, l.AuditAlarm, second.Size, first.Size)
	}

	// ca's operator rewrites entry 3 of ca's log, and the tree with it.
	ca.stop()
	db := filepath.Join(ca.dir, "liaison.db")
	tamper(t, db, `UPDATE audit SET object = 'nothing-to-see' WHERE idx = 3`)
	rewriteTree(t, db)
	ca.start()
	deliver()
	third := ca.signNow()
	deliver()
	eventually(t, "the alarm", func() bool { return in.link("ca").AuditAlarm != "" })
	l := in.link("ca")
	if !strings.Contains(l.AuditAlarm, "history was rewritten") || l.AuditAlarmAt == nil {
		t.Fatalf("in's link to ca after ca rewrote its log: alarm %q, want it raised", l.AuditAlarm)
	}
	if l.AuditSize != second.Size {
		t.Errorf("in kept ca's checkpoint %d (of %d, %d, %d) after the alarm", l.AuditSize, first.Size, second.Size, third.Size)
	}
	t.Logf("alarm: %s", l.AuditAlarm)

	// The alarm is in in's own audit log.
	auditor := addAuditor(t, in)
	var page struct{ Items []liaison.AuditEntry }
	in.as(auditor, func() { in.do("GET", "/api/v1/audit/entries?action=audit.alarm", nil, &page) })
	if len(page.Items) == 0 || page.Items[0].Object != "ca" {
		t.Errorf("audit.alarm entries on in: %+v, want one about ca", page.Items)
	}
}

// TestConsistencyEndpoint: a pinned peer gets the proof between two sizes
// of the node's log, which checks against checkpoints of both; bad sizes
// are refused saying why, and a client that is not a peer gets nothing.
func TestConsistencyEndpoint(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	first := ca.signNow()
	cli(t, "", "user", "add", "--dir", ca.dir, "--name", "Another", "--agency", "rcmp", "--role", "analyst")
	second := ca.signNow()

	keys, err := federation.LoadKeys(in.dir)
	if err != nil {
		t.Fatal(err)
	}
	get := func(keys *federation.Keys, query string) (int, []byte, error) {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: federation.ClientTLS(keys, ca.card().CertSHA256)}}
		resp, err := c.Get(ca.card().FederationURL + federation.PathConsistency + query)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, nil
	}
	code, body, err := get(keys, fmt.Sprintf("?from=%d&to=%d", first.Size, second.Size))
	if err != nil || code != 200 {
		t.Fatalf("consistency proof: %d %s %v", code, body, err)
	}
	var p federation.ConsistencyProof
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	hs := make([]liaison.AuditHash, len(p.Hashes))
	for i, s := range p.Hashes {
		b, _ := base64.StdEncoding.DecodeString(s)
		copy(hs[i][:], b)
	}
	if err := auditlog.VerifyConsistency(first.Size, second.Size, first.Root, second.Root, hs); err != nil {
		t.Errorf("the proof does not check: %v", err)
	}
	for _, q := range []string{fmt.Sprintf("?from=%d&to=%d", second.Size, first.Size), fmt.Sprintf("?from=1&to=%d", second.Size+1000), "?from=x&to=2"} {
		if code, body, _ := get(keys, q); code != http.StatusBadRequest {
			t.Errorf("consistency%s: %d %s, want 400", q, code, body)
		}
	}
	stranger, err := federation.GenerateKeys("us", "stranger", nil)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, err := get(stranger, "?from=1&to=2"); err == nil {
		t.Errorf("a client that is not a peer got status %d, want the handshake refused", code)
	}
}

// TestEnvelopeWitness: envelopes carry the sender's signed checkpoint and
// the receiver keeps it, checking each new one against the one before, as
// the sender does with the receiver's from receipts. When the sender
// presents a second root for a size the receiver holds (a fork: its
// operator deleted its checkpoints and signed another history), the
// receiver raises the alarm on its link, shown in GET /api/v1/peers, and
// audits it.
func TestEnvelopeWitness(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	i := 0
	deliver := func() {
		t.Helper()
		i++
		in.post(c.ID, i)
		eventually(t, "delivery", func() bool { return in.link("ca").Queued == 0 })
	}
	deliver()
	first := in.signNow()
	deliver()
	eventually(t, "in's first checkpoint kept by ca", func() bool { return ca.link("in").AuditSize == first.Size })
	deliver()
	second := in.signNow()
	deliver()
	eventually(t, "in's second checkpoint kept by ca", func() bool { return ca.link("in").AuditSize == second.Size })
	if l := ca.link("in"); l.AuditAlarm != "" || second.Size <= first.Size {
		t.Fatalf("ca's link to in: audit size %d (first %d) alarm %q, want no alarm", l.AuditSize, first.Size, l.AuditAlarm)
	}

	// in's operator replaces in's checkpoints with one of the size ca
	// holds and another root, signed with in's key.
	in.stop()
	db := filepath.Join(in.dir, "liaison.db")
	keys, err := federation.LoadKeys(in.dir)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := auditlog.NewSigner(auditlog.Origin("in", federation.Fingerprint(keys.TLS.Leaf.Raw)), keys.Signing)
	if err != nil {
		t.Fatal(err)
	}
	forged := liaison.AuditCheckpoint{Party: "in", Size: second.Size, Root: second.Root, Received: time.Now().UTC()}
	forged.Root[0] ^= 1
	if forged.Note, err = signer.SignCheckpoint(forged.Size, forged.Root); err != nil {
		t.Fatal(err)
	}
	tamper(t, db, `DELETE FROM audit_checkpoints WHERE party = 'in'`)
	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(t.Context(), func(tx liaison.Tx) error { return tx.PutCheckpoint(&forged) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	in.start()
	deliver()
	eventually(t, "the alarm on ca", func() bool { return ca.link("in").AuditAlarm != "" })
	l := ca.link("in")
	if !strings.Contains(l.AuditAlarm, "(a fork)") || l.AuditAlarmAt == nil || l.AuditSize != second.Size {
		t.Fatalf("ca's link to in after in forked its log: alarm %q, audit size %d; want a fork alarm and %d kept", l.AuditAlarm, l.AuditSize, second.Size)
	}
	t.Logf("alarm: %s", l.AuditAlarm)
	auditor := addAuditor(t, ca)
	var page struct{ Items []liaison.AuditEntry }
	ca.as(auditor, func() { ca.do("GET", "/api/v1/audit/entries?action=audit.alarm", nil, &page) })
	if len(page.Items) != 1 || page.Items[0].Object != "in" {
		t.Errorf("audit.alarm entries on ca: %+v, want one about in", page.Items)
	}
}
