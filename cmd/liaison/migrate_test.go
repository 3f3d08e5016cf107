package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/postgres"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// seen is what officers of a node see through its API.
type seen struct {
	Cases    []liaison.Case
	Messages []liaison.Message // of the case, both ways
	Inbox    []liaison.Message
	Sent     []sentMessage
	Officers []liaison.Officer
	Links    []liaison.Link
}

// sentMessage is a message sent, with the signed receipts of its delivery.
type sentMessage struct {
	liaison.Message
	Receipts []liaison.Receipt `json:"receipts"`
}

// look reads what in's officer sees of case caseID and of the messages
// sent. It reads no inbound message alone, which would mark it read.
func (n *testNode) look(caseID string, sent []liaison.Message) seen {
	n.t.Helper()
	var s seen
	var cases struct{ Items []liaison.Case }
	n.do("GET", "/api/v1/cases?limit=1000", nil, &cases)
	s.Cases = cases.Items
	var msgs struct{ Items []liaison.Message }
	n.do("GET", "/api/v1/cases/"+caseID+"/messages?limit=1000", nil, &msgs)
	s.Messages = msgs.Items
	s.Inbox = n.inbox()
	for _, m := range sent {
		var v sentMessage
		n.do("GET", "/api/v1/messages/"+m.ID, nil, &v)
		s.Sent = append(s.Sent, v)
	}
	var dir struct{ Officers []liaison.Officer }
	n.do("GET", "/api/v1/directory", nil, &dir)
	s.Officers = dir.Officers
	var links struct{ Items []liaison.Link }
	n.do("GET", "/api/v1/peers", nil, &links)
	for _, l := range links.Items {
		// The sequences and the queue, not the health, which a restart
		// resets as the link comes up again.
		s.Links = append(s.Links, liaison.Link{Party: l.Party, NextSeq: l.NextSeq, LastInSeq: l.LastInSeq, Queued: l.Queued})
	}
	return s
}

// auditLog reads a whole audit log.
func auditLog(t *testing.T, s liaison.Store) []liaison.AuditEntry {
	t.Helper()
	var all []liaison.AuditEntry
	for {
		es, err := s.AuditEntries(t.Context(), int64(len(all)), 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) == 0 {
			return all
		}
		all = append(all, es...)
	}
}

// TestMigrate moves a running pair's Indian node from SQLite to
// PostgreSQL with liaison migrate: after a restart its officers see the
// same cases, messages, receipts and peers, the old token still works,
// the audit log is the same entry for entry, and messages flow both ways.
func TestMigrate(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	var sent []liaison.Message
	for i := range 10 {
		sent = append(sent, in.post(c.ID, i))
	}
	for i := range 4 {
		ca.post(c.ID, 100+i)
	}
	eventually(t, "both ways delivered", func() bool {
		return len(ca.inbox()) == 10 && len(in.inbox()) == 4 && in.link("ca").Queued == 0 && ca.link("in").Queued == 0
	})
	before := in.look(c.ID, sent)
	in.stop()

	src, err := sqlite.Open(filepath.Join(in.dir, "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	oldLog := auditLog(t, src)
	src.Close()
	var out, errb bytes.Buffer
	if code := run([]string{"migrate", "--from", in.dir, "--to", dsn}, &env{stdout: &out, stderr: &errb}); code != 0 {
		t.Fatalf("liaison migrate: exit %d: %s", code, errb.String())
	}
	t.Logf("liaison migrate:\n%s", errb.String())
	if out.Len() > 0 {
		t.Errorf("liaison migrate wrote to stdout: %q", out.String())
	}
	checkMigratedDir(t, in.dir, dsn)
	dst, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if diff := cmp.Diff(oldLog, auditLog(t, dst)); diff != "" || len(oldLog) < 20 {
		t.Fatalf("audit log after migrate (%d entries before) (-sqlite +postgres):\n%s", len(oldLog), diff)
	}
	// The moved log verifies on PostgreSQL: entries, leaves, tree, and
	// the checkpoints signed on SQLite and received from ca.
	if code, out, errText := runCLI("audit", "verify", "--dir", in.dir); code != 0 || !strings.HasSuffix(out, "ok\n") || !strings.Contains(out, "peer ca checkpoints ") {
		t.Fatalf("liaison audit verify after migrate: exit %d\n%s%s", code, out, errText)
	} else {
		t.Logf("liaison audit verify on PostgreSQL:\n%s", out)
	}

	in.start()
	if diff := cmp.Diff(before, in.look(c.ID, sent)); diff != "" {
		t.Fatalf("what in's officer sees after the move (-before +after):\n%s", diff)
	}
	// New messages flow both ways, after the old ones.
	next := in.post(c.ID, 10)
	reply := ca.post(c.ID, 110)
	eventually(t, "new messages both ways", func() bool {
		got, back := ca.inbox(), in.inbox()
		return len(got) == 11 && got[10].ID == next.ID && len(back) == 5 && back[4].ID == reply.ID
	})
	var msgs struct{ Items []liaison.Message }
	in.do("GET", "/api/v1/cases/"+c.ID+"/messages?limit=1000", nil, &msgs)
	if n := len(msgs.Items); n != len(before.Messages)+2 || msgs.Items[n-2].ID != next.ID {
		t.Errorf("case messages after the move: %d, want %d with the new ones last", n, len(before.Messages)+2)
	}
	// The log goes on from where it was.
	if es := auditLog(t, dst); len(es) <= len(oldLog) || es[len(oldLog)].Index != int64(len(oldLog))+1 {
		t.Errorf("audit log after the move: %d entries, want more than %d, continuing the indexes", len(es), len(oldLog))
	}
}

// checkMigratedDir checks the node directory after a move: the
// configuration names the database, the old one is kept, both owner-only.
func checkMigratedDir(t *testing.T, dir, dsn string) {
	t.Helper()
	cfg, err := loadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store != dsn {
		t.Errorf("store after migrate = %q, want the DSN", cfg.Store)
	}
	old, err := os.ReadFile(filepath.Join(dir, "liaison.toml.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(old), `store = "liaison.db"`) {
		t.Errorf("liaison.toml.sqlite does not name the SQLite store:\n%s", old)
	}
	for _, name := range []string{"liaison.toml", "liaison.toml.sqlite"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", name, fi.Mode().Perm(), err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "liaison.db")); err != nil {
		t.Errorf("the SQLite file is gone: %v", err)
	}
}

// TestMigrateRunning: a node that is serving is not moved, and nothing of
// it changes.
func TestMigrateRunning(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	link(t, arrangements.InCA, in, ca)
	in.start() // ca stays down: in keeps trying, holding its link
	eventually(t, "in's sender at work", func() bool { return in.link("ca").LastAttempt != nil })
	config, err := os.ReadFile(filepath.Join(in.dir, configFile))
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	// The check comes before the database is needed: none answers here.
	code := run([]string{"migrate", "--from", in.dir, "--to", "postgres://liaison@127.0.0.1:1/liaison"}, &env{stdout: io.Discard, stderr: &errb})
	if want := "the node is running (it holds the link to ca); stop liaison serve first"; code != 1 || !strings.Contains(errb.String(), want) {
		t.Fatalf("liaison migrate of a running node: exit %d, %q; want 1, %q", code, errb.String(), want)
	}
	if now, _ := os.ReadFile(filepath.Join(in.dir, configFile)); !bytes.Equal(now, config) {
		t.Errorf("liaison.toml changed:\n%s", now)
	}
	if _, err := os.Stat(filepath.Join(in.dir, configFile+".sqlite")); err == nil {
		t.Errorf("liaison.toml.sqlite exists after a refused migration")
	}
	// Once stopped, the node's links are free.
	in.stop()
	errb.Reset()
	run([]string{"migrate", "--from", in.dir, "--to", "postgres://liaison@127.0.0.1:1/liaison"}, &env{stdout: io.Discard, stderr: &errb})
	if !strings.Contains(errb.String(), "open PostgreSQL store") {
		t.Errorf("liaison migrate of the stopped node: %q, want it to go on to the database", errb.String())
	}
}
