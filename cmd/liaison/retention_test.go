package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
)

func TestConfigPurgeInterval(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", time.Hour, true},
		{"15m", 15 * time.Minute, true},
		{"1m", time.Minute, true},
		{"24h", 24 * time.Hour, true},
		{"30s", 0, false},
		{"25h", 0, false},
		{"hourly", 0, false},
	} {
		c := Config{Party: "in", Name: "n", Store: "liaison.db",
			API:        APIConfig{Addr: "127.0.0.1:8080"},
			Federation: FederationConfig{Addr: "127.0.0.1:9443", URL: "https://127.0.0.1:9443"},
			Retention:  RetentionConfig{PurgeInterval: tc.in}}
		err := c.validate()
		if tc.ok != (err == nil) {
			t.Errorf("validate(purge_interval = %q) = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "retention.purge_interval" {
				t.Errorf("validate(purge_interval = %q) fields = %+v", tc.in, fs)
			}
			continue
		}
		if got := c.Retention.purgeInterval(); got != tc.want {
			t.Errorf("purgeInterval(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// copiesOf returns the copies of message id as node n's API lists them.
func (n *testNode) copiesOf(id string) []liaison.Copy {
	n.t.Helper()
	var page struct{ Items []liaison.Copy }
	if code := n.do("GET", "/api/v1/messages/"+id+"/copies", nil, &page); code != http.StatusOK {
		n.t.Fatalf("copies of %s: status %d", id, code)
	}
	return page.Items
}

// TestRecallOverAPI: two real nodes over mutual TLS. in changes the
// handling of a message it sent, then recalls it and another; ca purges
// the first and keeps the second, which a supervisor put on legal hold;
// in sees both answers.
func TestRecallOverAPI(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	c := in.openCase("ca")
	m1, m2 := in.post(c.ID, 1), in.post(c.ID, 2)
	eventually(t, "both messages at ca", func() bool { return len(ca.inbox()) == 2 })

	// A handling downgrade reaches ca.
	down := drugsHandling("UNCLASSIFIED")
	down.TLP = liaison.TLPGreen
	var changed liaison.Message
	if code := in.do("POST", "/api/v1/messages/"+m1.ID+"/handling", map[string]any{"handling": down}, &changed); code != http.StatusOK {
		t.Fatalf("POST handling: status %d", code)
	}
	eventually(t, "the new handling at ca", func() bool {
		var m liaison.Message
		return ca.do("GET", "/api/v1/messages/"+m1.ID, nil, &m) == http.StatusOK && m.Handling.TLP == liaison.TLPGreen
	})
	var p struct {
		Errors []liaison.FieldError
	}
	bad := drugsHandling("UNCLASSIFIED")
	bad.TLP = "PURPLE"
	if code := in.do("POST", "/api/v1/messages/"+m1.ID+"/handling", map[string]any{"handling": bad}, &p); code != http.StatusBadRequest || len(p.Errors) != 1 || p.Errors[0].Field != "handling.tlp" {
		t.Errorf("POST handling PURPLE: status %d, errors %+v; want 400 naming handling.tlp", code, p.Errors)
	}

	// A supervisor at ca holds m2 as evidence; a liaison officer may not.
	var hp struct{ Reasons []string }
	if code := ca.do("POST", "/api/v1/messages/"+m2.ID+"/hold", map[string]any{"reason": "exhibit 3"}, &hp); code != http.StatusForbidden || len(hp.Reasons) == 0 {
		t.Errorf("hold as liaison officer: status %d, reasons %q; want 403 with reasons", code, hp.Reasons)
	}
	superv := strings.TrimSpace(cli(t, "", "user", "add", "--dir", ca.dir, "--name", "Supervisor ca",
		"--agency", "police", "--role", "supervisor", "--areas", "drugs"))
	liaisonToken := ca.token
	ca.token = superv
	if code := ca.do("POST", "/api/v1/messages/"+m2.ID+"/hold", map[string]any{"reason": "exhibit 3 in R v. Singh"}, nil); code != http.StatusOK {
		t.Fatalf("hold as supervisor: status %d", code)
	}
	ca.token = liaisonToken

	for _, m := range []liaison.Message{m1, m2} {
		if code := in.do("POST", "/api/v1/messages/"+m.ID+"/recall", map[string]any{"reason": "sent in error"}, nil); code != http.StatusAccepted {
			t.Fatalf("recall %s: status %d", m.ID, code)
		}
	}
	eventually(t, "both recall answers at in", func() bool {
		return in.copiesOf(m1.ID)[0].State != liaison.CopyRecallPending && in.copiesOf(m2.ID)[0].State != liaison.CopyRecallPending
	})
	if cp := in.copiesOf(m1.ID)[0]; cp.Party != "ca" || cp.State != liaison.CopyPurged {
		t.Errorf("copy of m1 = %+v, want ca purged", cp)
	}
	if cp := in.copiesOf(m2.ID)[0]; cp.State != liaison.CopyKept || !strings.Contains(cp.Reason, "exhibit 3") {
		t.Errorf("copy of m2 = %+v, want ca kept with the hold's reason", cp)
	}
	var gone struct{ Detail, Code string }
	if code := ca.do("GET", "/api/v1/messages/"+m1.ID, nil, &gone); code != http.StatusNotFound || gone.Code != liaison.ENOTFOUND ||
		!strings.Contains(gone.Detail, "was purged on ") || !strings.Contains(gone.Detail, "recalled by in: sent in error") {
		t.Errorf("GET purged message at ca: status %d, %+v", code, gone)
	}
	if inbox := ca.inbox(); len(inbox) != 1 || inbox[0].ID != m2.ID {
		t.Errorf("ca's inbox after the recall = %v, want only the held message", inbox)
	}
	// The originator keeps its record.
	if code := in.do("GET", "/api/v1/messages/"+m1.ID, nil, nil); code != http.StatusOK {
		t.Errorf("GET recalled message at in: status %d", code)
	}
}
