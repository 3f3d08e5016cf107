package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/liaison-project/liaison"
)

// testBrowserComposeAndRead: Priya opens a case with Canada and composes
// a message in it on the Indian node; Claire finds it in her inbox on the
// Canadian node and reads it under its handling banner.
func testBrowserComposeAndRead(t *testing.T, w *browserWorld) {
	b := w.priyaTab.in(t)
	b.open("/cases/new")
	b.setFields("/cases", map[string][]string{
		"title":          {"Fentanyl precursors through Nhava Sheva"},
		"crime_area":     {string(liaison.AreaDrugs)},
		"parties":        {"ca"},
		"classification": {"RESTRICTED"},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
	})
	b.submit(submitOf("/cases"))
	caseID, ok := strings.CutPrefix(b.location(), "/cases/")
	if !ok || caseID == "" || strings.Contains(caseID, "/") {
		t.Fatalf("after creating a case at %s, want /cases/{id}", b.location())
	}
	if h1 := b.text("h1"); !strings.Contains(h1, "Fentanyl precursors") {
		t.Errorf("case page h1 = %q, want the title", h1)
	}
	eventually(t, "the case on ca", func() bool { return w.ca.do("GET", "/api/v1/cases/"+caseID, nil, nil) == http.StatusOK })

	b.open("/cases/" + caseID + "/compose")
	action := "/cases/" + caseID + "/messages"
	subject := "Precursor consignment CSQU3054383"
	b.setFields(action, map[string][]string{
		"subject":            {subject},
		"body":               {"A consignment of 4-AP declared as dye intermediates leaves Nhava Sheva for Vancouver on 14 March."},
		"classification":     {"RESTRICTED"},
		"tlp":                {"AMBER"},
		"codes":              {liaison.CodeLawEnforcementOnly},
		"source_reliability": {"B"},
		"info_credibility":   {"2"},
	})
	// The guard's preview comes in place, through htmx, before sending.
	b.do("preview", chromedp.Click(chromedp.ID("preview-button")), chromedp.WaitVisible(chromedp.CSS("#preview .decision")))
	if loc := b.location(); loc != "/cases/"+caseID+"/compose" {
		t.Errorf("the preview left the compose page for %s", loc)
	}
	if got := b.attr("#preview .decision", "data-decision"); got != "allow" {
		t.Errorf("preview decision = %q, want allow; reasons %q", got, b.texts("#preview ul.reasons li"))
	}
	if n := len(b.texts(`#preview .audience[data-party="ca"]`)); n != 1 {
		t.Errorf("preview names ca's audience %d times, want once", n)
	}
	b.checkAxe("/cases/{id}/compose (preview)")
	b.screenshot(w.shots, "compose-preview")
	b.submit("#send")

	var id string
	eventually(t, "the message on ca", func() bool {
		for _, m := range w.ca.inbox() {
			if m.Subject == subject {
				id = m.ID
				return true
			}
		}
		return false
	})
	r := w.claireTab.in(t)
	r.open("/inbox")
	href := "/messages/" + id
	if !slices.ContainsFunc(r.links("a.message-link"), func(l anchor) bool { return l.Href == href && strings.Contains(l.Text, subject) }) {
		t.Fatalf("Claire's inbox has no link to %s titled %q: %+v", href, subject, r.links("a.message-link"))
	}
	row := `tr:has(a.message-link[href="` + href + `"])`
	if cls := r.attr(row, "class"); !strings.Contains(cls, "unread") {
		t.Errorf("the new message's inbox row has class %q, want unread", cls)
	}
	r.checkAxe("/inbox")
	r.screenshot(w.shots, "inbox")
	r.submit(`a.message-link[href="` + href + `"]`)
	if loc := r.location(); loc != href {
		t.Fatalf("following the inbox link lands on %s, want %s", loc, href)
	}
	banner := r.text("div.handling-banner")
	if tlp := r.attr("div.handling-banner", "data-tlp"); tlp != "AMBER" {
		t.Errorf("handling banner data-tlp = %q, want AMBER", tlp)
	}
	if !strings.Contains(banner, "TLP:AMBER") {
		t.Errorf("handling banner = %q, want TLP:AMBER in it", banner)
	}
	r.checkAxe("/messages/{id}")
	r.screenshot(w.shots, "message")
	w.received = id
	r.open("/inbox")
	if cls := r.attr(row, "class"); strings.Contains(cls, "unread") {
		t.Errorf("the message's inbox row is still unread after Claire read it")
	}

	// Back in India, Priya's copy shows Canada's signed receipt and, once
	// the read receipt is back, that Claire's side read it.
	eventually(t, "the read receipt on in", func() bool {
		var m liaison.Message
		return w.in.do("GET", "/api/v1/messages/"+id, nil, &m) == http.StatusOK && m.State == liaison.StateRead
	})
	b.open("/messages/" + id)
	if n := len(b.texts("p.receipt")); n != 1 {
		t.Errorf("the sender's message page shows %d signed receipts, want 1", n)
	}
	if rs := b.texts("p.read-receipt"); len(rs) != 1 || !strings.Contains(rs[0], "ca/rcmp") {
		t.Errorf("the sender's message page says %q, want that ca/rcmp read it", rs)
	}
	b.checkAxe("/messages/{id} (sent, read)")
	b.screenshot(w.shots, "message-sent-read")
}

// testBrowserRefuseDissemination: Claire asks to pass the message on to
// the CBSA for an administrative purpose; it is marked
// law-enforcement-only, so the guard refuses and the page says why.
func testBrowserRefuseDissemination(t *testing.T, w *browserWorld) {
	if w.received == "" {
		t.Skip("no message was received")
	}
	b := w.claireTab.in(t)
	b.open("/messages/" + w.received)
	action := "/messages/" + w.received + "/disseminations"
	b.setFields(action, map[string][]string{"to_agency": {"cbsa"}, "purpose": {"administrative"}})
	b.submit(submitOf(action))
	reasons := b.texts("ul.reasons li")
	if !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, liaison.CodeLawEnforcementOnly) }) {
		t.Errorf("reasons of the refusal = %q, want one naming %s", reasons, liaison.CodeLawEnforcementOnly)
	}
	if state := b.attr(".dissemination-result", "data-state"); state != string(liaison.DisseminationRefused) {
		t.Errorf("dissemination state = %q, want %s", state, liaison.DisseminationRefused)
	}
	b.checkAxe("/messages/{id}/disseminations")
	b.screenshot(w.shots, "dissemination-refused")
}

// testBrowserConsent: a message marked no-onward-dissemination may be
// passed on only with the originator's consent. Claire asks to pass one on
// to the CBSA; the request waits for India; Arjun, a supervisor there,
// finds it among the consent requests and grants it.
func testBrowserConsent(t *testing.T, w *browserWorld) {
	c := w.in.openCase("ca")
	h := drugsHandling(classFor("in", "RESTRICTED"))
	h.Codes = append(h.Codes, liaison.CodeNoOnwardDissemination)
	var m liaison.Message
	if code := w.in.do("POST", "/api/v1/cases/"+c.ID+"/messages", map[string]any{
		"subject": "Consignee of CSQU3054383", "body": "The consignee is a Surrey importer of dyes.", "handling": h,
	}, &m); code != http.StatusCreated {
		t.Fatalf("post message: status %d", code)
	}
	eventually(t, "the message on ca", func() bool { return w.ca.do("GET", "/api/v1/messages/"+m.ID, nil, nil) == http.StatusOK })

	b := w.claireTab.in(t)
	b.open("/messages/" + m.ID)
	action := "/messages/" + m.ID + "/disseminations"
	b.setFields(action, map[string][]string{"to_agency": {"cbsa"}, "purpose": {"investigation"}})
	b.submit(submitOf(action))
	if state := b.attr(".dissemination-result", "data-state"); state != string(liaison.DisseminationPendingConsent) {
		t.Fatalf("dissemination state = %q, want %s; reasons %q", state, liaison.DisseminationPendingConsent, b.texts("ul.reasons li"))
	}

	eventually(t, "the consent request on in", func() bool {
		var page struct{ Items []json.RawMessage }
		return w.arjun.get(t, "/api/v1/consents?state=pending", &page) == http.StatusOK && len(page.Items) == 1
	})
	s := w.arjunTab.in(t)
	s.open("/consents")
	cards := s.links(`li.consent a.message-link[href="/messages/` + m.ID + `"]`)
	if len(cards) != 1 {
		t.Fatalf("consent requests link to message %s %d times, want once", m.ID, len(cards))
	}
	s.checkAxe("/consents (pending)")
	s.screenshot(w.shots, "consents")
	s.submit(`li.consent:has(a[href="/messages/` + m.ID + `"]) form[action$="/grant"] button`)
	eventually(t, "no pending consent on in", func() bool {
		var page struct{ Items []json.RawMessage }
		return w.arjun.get(t, "/api/v1/consents?state=pending", &page) == http.StatusOK && len(page.Items) == 0
	})
	s.open("/consents")
	if n := len(s.links(`li.consent a.message-link[href="/messages/` + m.ID + `"]`)); n != 0 {
		t.Errorf("the granted consent request is still listed")
	}
}

// testBrowserApproval: India's own rules (the example policies init
// installs) hold an immigration disclosure about a person for a
// supervisor's approval. Priya composes one; it waits; Arjun approves it
// on /approvals, and it reaches Canada.
func testBrowserApproval(t *testing.T, w *browserWorld) {
	var c liaison.Case
	h := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaImmigration, Codes: []string{liaison.CodeLawEnforcementOnly}}
	if code := w.in.do("POST", "/api/v1/cases", map[string]any{
		"title": "Forged admission letters", "crime_area": liaison.AreaImmigration, "parties": []string{"ca"}, "handling": h,
	}, &c); code != http.StatusCreated {
		t.Fatalf("create case: status %d", code)
	}
	b := w.priyaTab.in(t)
	b.open("/cases/" + c.ID + "/compose")
	subject := "Passport P1234567 and a forged admission letter"
	action := "/cases/" + c.ID + "/messages"
	b.setFields(action, map[string][]string{
		"subject":        {subject},
		"body":           {"The holder of passport P1234567 presented an admission letter the college did not issue."},
		"classification": {"RESTRICTED"},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
		"personal_data":  {"on"},
		"subjects":       {liaison.SubjectSuspect},
		"legal_basis":    {"in-dpdp-2023-17-1-c"},
	})
	b.submit("#send")
	_, held, ok := strings.Cut(b.location(), "?held=")
	if !ok || held == "" {
		t.Fatalf("after sending a disclosure India's rules hold, at %s, want the case page with ?held=", b.location())
	}

	s := w.arjunTab.in(t)
	s.open("/approvals")
	card := "li.approval#approval-" + held
	if got := s.text(card + " h2"); got != subject {
		t.Errorf("approval card subject = %q, want %q", got, subject)
	}
	if why := s.texts(card + " ul.reasons li"); !slices.ContainsFunc(why, func(r string) bool { return strings.Contains(r, "supervisor's approval") }) {
		t.Errorf("approval reasons = %q, want India's immigration rule", why)
	}
	s.checkAxe("/approvals (pending)")
	s.screenshot(w.shots, "approvals")
	s.submit("#approve-" + held)
	eventually(t, "the approved disclosure on ca", func() bool {
		for _, m := range w.ca.inbox() {
			if m.Subject == subject {
				return true
			}
		}
		return false
	})
}
