package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
)

// doAs calls the node's API with another officer's token.
func (n *testNode) doAs(token, method, path string, body any, out any) int {
	n.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.s.APIURL()+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
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

// TestConsentTwoNodes passes messages on and exports them across two real
// nodes linked over mutual TLS: where the originator must consent, the
// request travels to it, its supervisor answers through the API, and the
// answer completes the request on the requesting node.
func TestConsentTwoNodes(t *testing.T) {
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	supervisor := strings.TrimSpace(cli(t, "", "user", "add", "--dir", in.dir, "--name", "Supervisor in",
		"--agency", "police", "--role", "supervisor", "--areas", "drugs"))
	cli(t, "", "user", "add", "--dir", ca.dir, "--name", "Border officer", "--agency", "cbsa", "--role", "liaison", "--areas", "drugs")

	c := in.openCase("ca")
	post := func(subject string, codes ...string) liaison.Message {
		h := drugsHandling("RESTRICTED")
		h.Codes = codes
		var m liaison.Message
		if code := in.do("POST", "/api/v1/cases/"+c.ID+"/messages", map[string]any{
			"subject": subject, "body": "Consignment of 4-AP declared as dye intermediates.", "handling": h,
		}, &m); code != http.StatusCreated {
			t.Fatalf("post %s: status %d", subject, code)
		}
		return m
	}
	onward := post("Not to be passed on", liaison.CodeNoOnwardDissemination, "other:no contact with the shipper")
	refused := post("Source at risk", liaison.CodeNoOnwardDissemination)
	evidence := post("Bill of lading", liaison.CodeNoJudicialUse)
	eventually(t, "3 messages in ca's inbox", func() bool { return len(ca.inbox()) == 3 })

	ask := func(path string, body any, want liaison.DisseminationState) liaison.Dissemination {
		t.Helper()
		var d liaison.Dissemination
		if code := ca.do("POST", path, body, &d); code != http.StatusCreated || d.State != want {
			t.Fatalf("POST %s: status %d, %+v; want 201 %s", path, code, d, want)
		}
		return d
	}
	d1 := ask("/api/v1/messages/"+onward.ID+"/disseminations", map[string]string{"to_agency": "cbsa", "purpose": "investigation"}, liaison.DisseminationPendingConsent)
	if !strings.Contains(strings.Join(d1.Reasons, "; "), "the originator in must consent: the message is marked no-onward-dissemination") {
		t.Errorf("reasons %q", d1.Reasons)
	}
	d2 := ask("/api/v1/messages/"+refused.ID+"/disseminations", map[string]string{"to_agency": "cbsa", "purpose": "prevention"}, liaison.DisseminationPendingConsent)
	ask("/api/v1/messages/"+evidence.ID+"/exports", map[string]string{"purpose": "prosecution"}, liaison.DisseminationRefused)
	d3 := ask("/api/v1/messages/"+evidence.ID+"/exports", map[string]string{"purpose": "prosecution", "mla_ref": "MLAT/CA-IN/2026/17"}, liaison.DisseminationPendingConsent)

	var page struct {
		Items []liaison.Consent `json:"items"`
		Next  string            `json:"next"`
	}
	eventually(t, "3 pending consents on in", func() bool {
		in.doAs(supervisor, "GET", "/api/v1/consents?state=pending", nil, &page)
		return len(page.Items) == 3
	})
	var p struct {
		Reasons []string `json:"reasons"`
	}
	if code := in.do("GET", "/api/v1/consents?state=pending", nil, &p); code != http.StatusForbidden || len(p.Reasons) == 0 {
		t.Errorf("consents as a liaison officer: status %d, reasons %q; want 403 with reasons", code, p.Reasons)
	}
	var k liaison.Consent
	for _, id := range []string{d1.ID, d3.ID} {
		if code := in.doAs(supervisor, "POST", "/api/v1/consents/"+id+"/grant", nil, &k); code != http.StatusOK || k.State != liaison.ConsentGranted {
			t.Fatalf("grant %s: status %d, %+v", id, code, k)
		}
	}
	if code := in.doAs(supervisor, "POST", "/api/v1/consents/"+d1.ID+"/grant", nil, nil); code != http.StatusConflict {
		t.Errorf("second grant: status %d, want 409", code)
	}
	if code := in.doAs(supervisor, "POST", "/api/v1/consents/"+d2.ID+"/refuse", map[string]string{}, nil); code != http.StatusBadRequest {
		t.Errorf("refuse without a reason: status %d, want 400", code)
	}
	if code := in.doAs(supervisor, "POST", "/api/v1/consents/"+d2.ID+"/refuse", map[string]string{"reason": "a source would be exposed"}, &k); code != http.StatusOK || k.State != liaison.ConsentRefused {
		t.Fatalf("refuse: status %d, %+v", code, k)
	}

	wait := func(path string, want liaison.DisseminationState, reason string) {
		t.Helper()
		var d liaison.Dissemination
		eventually(t, path+" "+string(want), func() bool {
			ca.do("GET", path, nil, &d)
			return d.State == want
		})
		if !strings.Contains(strings.Join(d.Reasons, "; "), reason) || d.Decided == nil {
			t.Errorf("%s: reasons %q, decided %v; want %q", path, d.Reasons, d.Decided, reason)
		}
	}
	wait("/api/v1/disseminations/"+d1.ID, liaison.DisseminationAllowed, "the originator in consented")
	wait("/api/v1/disseminations/"+d2.ID, liaison.DisseminationRefused, "the originator in refused consent (agency police): a source would be exposed")
	wait("/api/v1/exports/"+d3.ID, liaison.DisseminationAllowed, "the originator in consented")
	if code := ca.do("GET", "/api/v1/exports/"+d1.ID, nil, nil); code != http.StatusNotFound {
		t.Errorf("a dissemination under /exports: status %d, want 404", code)
	}
}
