package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// as runs fn with the node's API token replaced by token.
func (n *testNode) as(token string, fn func()) {
	saved := n.token
	n.token = token
	defer func() { n.token = saved }()
	fn()
}

// addAuditor creates an auditor on n and returns the token.
func addAuditor(t *testing.T, n *testNode) string {
	t.Helper()
	return strings.TrimSpace(cli(t, "", "user", "add", "--dir", n.dir, "--name", "Auditor "+n.party,
		"--agency", "police", "--role", "auditor"))
}

// TestAuditAPI: only auditors read the checkpoint and the entries, every
// such request is audited, the checkpoint is signed with the key of the
// node's card and covers the request, and the entries filter and page.
func TestAuditAPI(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	auditor := addAuditor(t, in)
	c := in.openCase("ca")
	for i := range 3 {
		in.post(c.ID, i)
	}

	var p struct {
		Detail string `json:"detail"`
	}
	if code := in.do("GET", "/api/v1/audit/checkpoint", nil, &p); code != http.StatusForbidden || !strings.Contains(p.Detail, "only auditors") {
		t.Fatalf("checkpoint as a liaison officer: %d %q, want 403 with the reason", code, p.Detail)
	}
	if code := in.do("GET", "/api/v1/audit/entries", nil, &p); code != http.StatusForbidden {
		t.Fatalf("entries as a liaison officer: %d, want 403", code)
	}

	var cp struct {
		Size int64             `json:"size"`
		Root liaison.AuditHash `json:"root"`
		Note string            `json:"note"`
	}
	in.as(auditor, func() {
		if code := in.do("GET", "/api/v1/audit/checkpoint", nil, &cp); code != http.StatusOK {
			t.Fatalf("checkpoint as an auditor: status %d", code)
		}
	})
	card := in.card()
	v, err := auditlog.NewVerifier(auditlog.Origin(card.Party, card.CertSHA256), card.SigningKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := auditlog.OpenCheckpoint([]byte(cp.Note), v)
	if err != nil {
		t.Fatalf("checkpoint does not verify with the card: %v", err)
	}
	if got.Size != cp.Size || got.Root != cp.Root {
		t.Errorf("note says %d %x, answer %d %x", got.Size, got.Root, cp.Size, cp.Root)
	}

	var page struct {
		Items []liaison.AuditEntry `json:"items"`
		Next  string               `json:"next"`
	}
	in.as(auditor, func() {
		in.do("GET", "/api/v1/audit/entries?action=audit.checkpoint", nil, &page)
	})
	// The denied request, then the allowed one, which the checkpoint covers.
	if len(page.Items) != 2 || page.Items[0].Decision != "deny" || page.Items[1].Decision != "allow" || page.Items[1].Index > cp.Size {
		t.Fatalf("audit.checkpoint entries = %+v, want a deny and an allow within size %d", page.Items, cp.Size)
	}

	// Paged by two, filtered by action: every message.send, in order,
	// with a content hash and no content.
	var sends []liaison.AuditEntry
	after := ""
	for {
		page.Items, page.Next = nil, ""
		in.as(auditor, func() {
			if code := in.do("GET", "/api/v1/audit/entries?action=message.send&limit=2&after="+after, nil, &page); code != 200 {
				t.Fatalf("entries: status %d", code)
			}
		})
		sends = append(sends, page.Items...)
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if len(sends) != 3 {
		t.Fatalf("message.send entries = %d, want 3", len(sends))
	}
	for i, e := range sends {
		if len(e.ContentHash) != 64 || (i > 0 && e.Index <= sends[i-1].Index) {
			t.Errorf("entry %+v: want a content hash, in index order", e)
		}
	}
	// A time window that ends before the log began matches nothing; a bad
	// time is refused naming the field.
	in.as(auditor, func() {
		page.Items = nil
		in.do("GET", "/api/v1/audit/entries?to=2000-01-01T00:00:00Z", nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("entries before 2000: %d", len(page.Items))
		}
		from := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		page.Items = nil
		in.do("GET", "/api/v1/audit/entries?limit=1000&from="+from, nil, &page)
		if len(page.Items) < 5 {
			t.Errorf("entries of the last hour: %d", len(page.Items))
		}
		var bad struct {
			Errors []liaison.FieldError `json:"errors"`
		}
		if code := in.do("GET", "/api/v1/audit/entries?from=yesterday", nil, &bad); code != 400 || len(bad.Errors) != 1 || bad.Errors[0].Field != "from" {
			t.Errorf("bad from: %d %+v, want 400 naming from", code, bad.Errors)
		}
	})
}

// TestCheckpointJob: liaison serve signs a checkpoint of the log at its
// interval while the log grows, and two processes serving one node share
// the work through the lease.
func TestCheckpointJob(t *testing.T) {
	n := newTestNode(t, "in")
	var servers []*server
	for range 2 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		s, err := newServer(n.dir, serverOptions{FedListener: ln, Log: io.Discard, CheckpointEvery: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		servers = append(servers, s)
	}
	s := servers[0]
	for i := range 3 {
		cli(t, "", "user", "add", "--dir", n.dir, "--name", fmt.Sprintf("Officer %d", i), "--agency", "ncb", "--role", "analyst")
		tree, err := s.store.AuditTree(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, fmt.Sprintf("a checkpoint of size %d", tree.Size), func() bool {
			c, err := s.node.LatestCheckpoint(t.Context())
			return err == nil && c.Size == tree.Size && c.Root == tree.Root()
		})
	}
}
