package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/notify"
)

// TestNotifyTwoNodes runs notifications through real nodes: a consent
// request crossing the link becomes a notice for the originating node's
// supervisor and a signed webhook post from the dispatcher serve runs;
// the supervisor's answer, crossing back, becomes a notice for the
// officer who asked; the administrator reads the delivery log.
func TestNotifyTwoNodes(t *testing.T) {
	secret := "0123456789abcdef0123456789abcdef"
	var (
		mu    sync.Mutex
		kinds []string
		bad   []error
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := notify.Verify([]byte(secret), r.Header.Get(notify.HeaderSignature), r.Header.Get(notify.HeaderTimestamp), body, time.Now(), time.Minute)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		kinds = append(kinds, r.Header.Get(notify.HeaderEvent))
	}))
	t.Cleanup(hook.Close)

	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	os.WriteFile(filepath.Join(in.dir, "hook.secret"), []byte(secret+"\n"), 0o600)
	f, err := os.OpenFile(filepath.Join(in.dir, configFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n[notify]\ninterval = \"1s\"\n\n[[notify.webhook]]\nurl = %q\nsecret_file = \"hook.secret\"\nevents = [\"consent.*\"]\n", hook.URL)
	f.Close()
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	supervisor := strings.TrimSpace(cli(t, "", "user", "add", "--dir", in.dir, "--name", "Supervisor in",
		"--agency", "police", "--role", "supervisor", "--areas", "drugs", "--email", "supervisor@police.in.example"))
	admin := strings.TrimSpace(cli(t, "", "user", "add", "--dir", in.dir, "--name", "Admin in", "--agency", "police", "--role", "admin"))
	cli(t, "", "user", "add", "--dir", ca.dir, "--name", "Border officer", "--agency", "cbsa", "--role", "liaison", "--areas", "drugs")

	var sub liaison.Subscription
	if code := in.doAs(supervisor, "GET", "/api/v1/me/subscriptions", nil, &sub); code != 200 || sub.Address != "supervisor@police.in.example" {
		t.Fatalf("supervisor's subscription = %d %+v; want the address from user add --email", code, sub)
	}

	c := in.openCase("ca")
	h := drugsHandling("RESTRICTED")
	h.Codes = []string{liaison.CodeNoOnwardDissemination}
	var m liaison.Message
	if code := in.do("POST", "/api/v1/cases/"+c.ID+"/messages", map[string]any{
		"subject": "Not to be passed on", "body": "Consignment of 4-AP declared as dye intermediates.", "handling": h,
	}, &m); code != http.StatusCreated {
		t.Fatalf("post: status %d", code)
	}
	eventually(t, "the message in ca's inbox", func() bool { return len(ca.inbox()) == 1 })
	var d liaison.Dissemination
	if code := ca.do("POST", "/api/v1/messages/"+m.ID+"/disseminations", map[string]string{"to_agency": "cbsa", "purpose": "investigation"}, &d); code != http.StatusCreated {
		t.Fatalf("disseminate: status %d", code)
	}

	type page struct {
		Items []liaison.Notice `json:"items"`
		Next  string           `json:"next"`
	}
	notices := func(n *testNode, token string) []liaison.Notice {
		var p page
		if code := n.doAs(token, "GET", "/api/v1/notices?unread=true", nil, &p); code != 200 {
			t.Fatalf("notices: status %d", code)
		}
		return p.Items
	}
	eventually(t, "a consent.pending notice for in's supervisor", func() bool {
		ns := notices(in, supervisor)
		return len(ns) == 1 && ns[0].Kind == "consent.pending" && ns[0].Object == d.ID
	})
	eventually(t, "the signed webhook", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(kinds) == 1 && kinds[0] == "consent.pending"
	})
	if ns := notices(in, in.token); len(ns) != 0 {
		t.Errorf("in's liaison officer was told %+v", ns)
	}
	if code := in.doAs(supervisor, "POST", "/api/v1/consents/"+d.ID+"/grant", nil, nil); code != 200 {
		t.Fatalf("grant: status %d", code)
	}
	eventually(t, "a dissemination.answered notice for ca's officer", func() bool {
		ns := notices(ca, ca.token)
		return len(ns) == 1 && ns[0].Kind == "dissemination.answered" && ns[0].Object == d.ID
	})
	var log struct {
		Items []liaison.NotifyDelivery `json:"items"`
	}
	if code := in.doAs(admin, "GET", "/api/v1/notify/deliveries?channel=webhook", nil, &log); code != 200 ||
		len(log.Items) != 1 || !log.Items[0].OK || log.Items[0].Target != hook.URL {
		t.Errorf("delivery log = %d %+v", code, log.Items)
	}
	if code := in.doAs(supervisor, "GET", "/api/v1/notify/deliveries", nil, nil); code != http.StatusForbidden {
		t.Errorf("delivery log as a supervisor: status %d, want 403", code)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bad) != 0 || len(kinds) != 1 {
		t.Errorf("webhooks: %v posted, refused %v; want consent.pending once, verified", kinds, bad)
	}
}
