package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/examples/workplans"
)

// browserWorld is what the browser tests share: two linked nodes, India's
// and Canada's, and officers of each signed in, one tab each.
type browserWorld struct {
	in, ca *testNode
	shots  string // where screenshots go

	received string // id of the message Priya sent and Claire read

	priya               *browserOfficer // liaison officer, India, NCB
	claire              *browserOfficer // liaison officer, Canada, RCMP
	arjun               *browserOfficer // supervisor, India, NCB
	priyaTab, claireTab *tab
	arjunTab            *tab
}

// TestBrowser drives the officers' web UI in a real browser against two
// real nodes linked over mutual TLS, as officers on both sides of the
// India–Canada arrangement would.
func TestBrowser(t *testing.T) {
	startBrowser(t) // skips before starting nodes when there is no Chromium
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	w := &browserWorld{in: in, ca: ca, shots: artifactsDir(t)}
	w.priya = addBrowserOfficer(t, in, "priya", "Priya Sharma", "ncb", "liaison")
	w.claire = addBrowserOfficer(t, ca, "claire", "Claire Tremblay", "rcmp", "liaison")
	w.arjun = addBrowserOfficer(t, in, "arjun", "Arjun Mehta", "ncb", "supervisor")
	// An agency of Canada's to pass messages on to.
	addBrowserOfficer(t, ca, "marc", "Marc Gagnon", "cbsa", "supervisor")

	t.Run("SignInWithTOTP", func(t *testing.T) { testBrowserSignIn(t, w) })
	w.priyaTab, w.claireTab, w.arjunTab = w.priya.signIn(t), w.claire.signIn(t), w.arjun.signIn(t)
	t.Run("ComposeAndRead", func(t *testing.T) { testBrowserComposeAndRead(t, w) })
	t.Run("RefuseDissemination", func(t *testing.T) { testBrowserRefuseDissemination(t, w) })
	t.Run("ConsentToPassOn", func(t *testing.T) { testBrowserConsent(t, w) })
	t.Run("ApproveRelease", func(t *testing.T) { testBrowserApproval(t, w) })
	t.Run("AnswerRequest", func(t *testing.T) { testBrowserAnswerRequest(t, w) })
	t.Run("Languages", func(t *testing.T) { testBrowserLanguages(t, w) })
	t.Run("TimeZone", func(t *testing.T) { testBrowserTimeZone(t, w) })
	t.Run("Keyboard", func(t *testing.T) { testBrowserKeyboard(t, w) })
	t.Run("LockOut", func(t *testing.T) { testBrowserLockOut(t, w) })
	t.Run("ReadWithoutJavaScript", func(t *testing.T) { testBrowserWithoutJavaScript(t, w) })
	t.Run("EveryPage", func(t *testing.T) { testBrowserEveryPage(t, w) })
}

// testBrowserSignIn: an officer's first sign-in enrols a TOTP
// authenticator from the page; the next sign-in needs a code from it.
func testBrowserSignIn(t *testing.T, w *browserWorld) {
	o := addBrowserOfficer(t, w.in, "vikram", "Vikram Rao", "nia", "liaison")
	b := newTab(t, w.in.s.APIURL())
	b.open("/signin")
	b.checkAxe("/signin")
	b.screenshot(w.shots, "signin")
	b.fill(`input[name="login"]`, o.login, `input[name="password"]`, o.password)
	b.submit("#signin")
	if loc := b.location(); !strings.HasPrefix(loc, "/account/totp") {
		t.Fatalf("first sign-in of a liaison officer lands on %s, want /account/totp", loc)
	}
	b.checkAxe("/account/totp")
	b.screenshot(w.shots, "account-totp")
	o.enrol(b)
	if loc := b.location(); loc != "/inbox" {
		t.Errorf("after enrolment at %s, want /inbox", loc)
	}

	b.signOut()
	if loc := b.location(); !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("after signing out at %s, want /signin", loc)
	}
	// A password alone no longer does.
	b.fill(`input[name="login"]`, o.login, `input[name="password"]`, o.password)
	if status := b.click("#signin"); status != http.StatusUnauthorized {
		t.Errorf("sign-in without a code: status %d, want %d", status, http.StatusUnauthorized)
	}
	if loc := b.location(); !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("sign-in without a code lands on %s, want /signin", loc)
	}
	if alerts := b.texts(`p[role="alert"]`); len(alerts) == 0 {
		t.Error("sign-in without a code shows no alert")
	}
	b.checkAxe("/signin (failed)")
	o.signInOn(b)
	if loc := b.location(); loc != "/inbox" {
		t.Errorf("sign-in with a code lands on %s, want /inbox", loc)
	}
}

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
	if n := len(b.texts("p.read-receipt")); n != 1 {
		t.Errorf("the sender's message page does not say the message was read")
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

// testBrowserAnswerRequest: Priya asks Canada a question from a case
// page; both boards show its clock running; Claire acknowledges and
// answers it in the browser, and the clock stops on both sides.
func testBrowserAnswerRequest(t *testing.T, w *browserWorld) {
	c := w.in.openCase("ca")
	asker, asked := w.priyaTab.in(t), w.claireTab.in(t)
	asker.open("/cases/" + c.ID)
	asker.setFields("/requests", map[string][]string{
		"question":       {"Who consigned container CSQU3054383?"},
		"priority":       {string(liaison.PriorityHigh)},
		"classification": {"RESTRICTED"},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
	})
	asker.submit(submitOf("/requests"))
	id, ok := strings.CutPrefix(asker.location(), "/requests/")
	if !ok || id == "" {
		t.Fatalf("after asking at %s, want /requests/{id}", asker.location())
	}
	var r liaison.Request
	eventually(t, "the request on ca", func() bool {
		return w.ca.do("GET", "/api/v1/requests/"+id, nil, &r) == http.StatusOK && r.State == liaison.RequestDelivered
	})
	clock := "time.clock#clock-" + r.ID
	for _, b := range []*tab{asker, asked} {
		b.open("/requests")
		if cls := b.attr(clock, "class"); strings.Contains(cls, "stopped") {
			t.Errorf("%s: clock of the open request: class %q, want a running clock", b.base, cls)
		}
		if due, err := time.Parse(time.RFC3339, b.attr(clock, "datetime")); err != nil || !due.Equal(r.Due.Truncate(time.Second)) {
			t.Errorf("%s: clock datetime = %v (%v), want %s", b.base, due, err, r.Due.Format(time.RFC3339))
		}
		// The clock is live: the page counts it down.
		first := b.text(clock)
		b.waitFor("the clock to tick", fmt.Sprintf(`document.querySelector(%q).textContent !== %q`, clock, first))
	}
	asked.checkAxe("/requests")
	asked.screenshot(w.shots, "requests")

	// Claire acknowledges the request, then answers it.
	asked.open("/requests/" + r.ID)
	asked.checkAxe("/requests/{id}")
	asked.screenshot(w.shots, "request")
	asked.submit(submitOf("/requests/" + r.ID + "/ack"))
	if loc := asked.location(); loc != "/requests/"+r.ID {
		t.Fatalf("after acknowledging at %s, want /requests/%s", loc, r.ID)
	}
	action := "/requests/" + r.ID + "/answer"
	asked.setFields(action, map[string][]string{
		"body":           {"The consignor is a trading company registered in Surrey, BC."},
		"classification": {classFor("ca", "RESTRICTED")},
		"tlp":            {"AMBER"},
		"codes":          {liaison.CodeLawEnforcementOnly},
	})
	asked.submit(submitOf(action))
	eventually(t, "the answer on in", func() bool {
		var got liaison.Request
		return w.in.do("GET", "/api/v1/requests/"+r.ID, nil, &got) == http.StatusOK && got.State == liaison.RequestAnswered
	})
	for _, b := range []*tab{asked, asker} {
		b.open("/requests")
		if cls := b.attr(clock, "class"); !strings.Contains(cls, "stopped") {
			t.Errorf("%s: clock of the answered request: class %q, want stopped", b.base, cls)
		}
	}
}

// testBrowserLanguages: Priya switches the UI to French, then to Hindi,
// with the language switcher of the page's header; the document's
// language and its strings follow the web UI's catalogs. TLP labels stay
// as FIRST writes them.
func testBrowserLanguages(t *testing.T, w *browserWorld) {
	b := w.priyaTab.in(t)
	b.open("/inbox")
	english := uiCatalog(t, "en")
	for _, lang := range []struct {
		code string
		cat  map[string]string
	}{
		{"fr", uiCatalog(t, "fr")},
		{"hi", uiCatalog(t, "hi")},
		{"en", english},
	} {
		b.setFields("/account/preferences", map[string][]string{"lang": {lang.code}})
		b.submit("#prefs-save")
		if got := b.attr("html", "lang"); got != lang.code {
			t.Errorf("after choosing %s: <html lang=%q>", lang.code, got)
		}
		for _, k := range []struct{ sel, key string }{{"#signout", "nav.signout"}, {`nav a[href="/inbox"]`, "nav.inbox"}} {
			want := lang.cat[k.key]
			if lang.code != "en" && (want == "" || want == english[k.key]) {
				t.Fatalf("catalog %s: %s = %q, not a translation of %q", lang.code, k.key, want, english[k.key])
			}
			if got := b.text(k.sel); got != want {
				t.Errorf("in %s: %s reads %q, want %q (%s)", lang.code, k.sel, got, want, k.key)
			}
		}
		if lang.code == "en" {
			continue
		}
		b.open("/inbox")
		b.checkAxe("/inbox (" + lang.code + ")")
		b.screenshot(w.shots, "inbox-"+lang.code)
		if w.received != "" {
			b.open("/messages/" + w.received)
			if got := b.text("div.handling-banner .tlp"); got != "TLP:AMBER" {
				t.Errorf("in %s: TLP label %q, want TLP:AMBER untranslated", lang.code, got)
			}
			b.checkAxe("/messages/{id} (" + lang.code + ")")
			b.screenshot(w.shots, "message-"+lang.code)
		}
	}
}

// testBrowserEveryPage opens every page of the UI as an officer whose role
// may see it, runs axe-core on it (no serious or critical violation of
// WCAG 2.2 A and AA), checks the structure every page shares, and keeps a
// screenshot of each.
func testBrowserEveryPage(t *testing.T, w *browserWorld) {
	c := w.in.openCase("ca")
	m := w.in.post(c.ID, 1)
	var r liaison.Request
	if code := w.in.do("POST", "/api/v1/requests", map[string]any{
		"case_id": c.ID, "question": "Which vessel carries container CSQU3054383?", "priority": "routine",
		"handling": drugsHandling(classFor("in", "RESTRICTED")),
	}, &r); code != http.StatusCreated {
		t.Fatalf("POST /api/v1/requests: status %d", code)
	}
	// The shipped starter workplan, begun long ago: some actions are late.
	plan := filepath.Join(t.TempDir(), "workplan.toml")
	if err := os.WriteFile(plan, workplans.InCA, 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "", "workplan", "seed", "--dir", w.in.dir, "--start", "2025-01-01", plan)
	supervisor := w.arjunTab.in(t)
	auditor := addBrowserOfficer(t, w.in, "meera", "Meera Iyer", "ncb", "auditor").signIn(t)
	liaisonOfficer := w.priyaTab.in(t)
	pages := []struct {
		b           *tab
		route, path string
	}{
		{liaisonOfficer, "/inbox", "/inbox"},
		{liaisonOfficer, "/cases", "/cases"},
		{liaisonOfficer, "/cases/new", "/cases/new"},
		{liaisonOfficer, "/cases/{id}", "/cases/" + c.ID},
		{liaisonOfficer, "/cases/{id}/compose", "/cases/" + c.ID + "/compose"},
		{liaisonOfficer, "/messages/{id}", "/messages/" + m.ID},
		{liaisonOfficer, "/requests", "/requests"},
		{liaisonOfficer, "/requests/{id}", "/requests/" + r.ID},
		{liaisonOfficer, "/workplan", "/workplan"},
		{liaisonOfficer, "/peers", "/peers"},
		{liaisonOfficer, "/directory", "/directory"},
		{supervisor, "/approvals", "/approvals"},
		{supervisor, "/consents", "/consents"},
		{auditor, "/audit", "/audit"},
		{auditor, "/reports/oversight", "/reports/oversight"},
	}
	t.Run("workplan-overdue", func(t *testing.T) {
		b := liaisonOfficer.in(t)
		b.open("/workplan")
		if n := len(b.texts("section.objective")); n == 0 {
			t.Fatal("the workplan board shows no objective")
		}
		if n := len(b.texts("table.actions tr.overdue")); n == 0 {
			t.Error("the workplan board marks no action overdue, with a plan begun on 2025-01-01")
		}
	})
	for _, p := range pages {
		name := strings.NewReplacer("/", "-", "{", "", "}", "").Replace(strings.Trim(p.route, "/"))
		t.Run(name, func(t *testing.T) {
			b := p.b.in(t)
			b.open(p.path)
			if lang := b.attr("html", "lang"); lang != "en" {
				t.Errorf("<html lang=%q>, want en", lang)
			}
			if n := len(b.texts("h1")); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			b.checkAxe(p.route)
			b.screenshot(w.shots, "page-"+name)
		})
	}
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

// testBrowserKeyboard: the first Tab reaches the skip link, and following
// it moves the focus to the main content.
func testBrowserKeyboard(t *testing.T, w *browserWorld) {
	b := w.priyaTab.in(t)
	b.open("/inbox")
	b.do("press Tab", chromedp.KeyEvent(kb.Tab))
	if got := step(b, "read the focus", chromedp.Evaluate[string](`document.activeElement.className`)); got != "skip-link" {
		t.Fatalf("the first Tab focuses %q, want the skip link", got)
	}
	b.do("press Enter", chromedp.KeyEvent(kb.Enter))
	b.waitFor("the focus on main", `document.activeElement && document.activeElement.id === "main"`)
}

// testBrowserWithoutJavaScript: with scripts off, as on some locked-down
// machines, an officer still reads the inbox, a message with its
// handling, and the requests board with its deadlines.
func testBrowserWithoutJavaScript(t *testing.T, w *browserWorld) {
	if w.received == "" {
		t.Skip("no message was received")
	}
	b := w.claireTab.in(t)
	scripts := func(disabled bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: disabled})
			return err
		})
	}
	b.do("turn scripts off", scripts(true))
	defer b.do("turn scripts on", scripts(false))
	b.open("/inbox")
	if step(b, "look for htmx", chromedp.Evaluate[bool](`typeof window.htmx !== "undefined"`)) {
		t.Fatal("htmx ran with scripts turned off")
	}
	if n := len(b.links(`a.message-link[href="/messages/` + w.received + `"]`)); n != 1 {
		t.Errorf("inbox without JavaScript links to the message %d times, want once", n)
	}
	b.submit(`a.message-link[href="/messages/` + w.received + `"]`)
	if got := b.text("div.handling-banner .tlp"); got != "TLP:AMBER" {
		t.Errorf("message without JavaScript: TLP label %q, want TLP:AMBER", got)
	}
	b.screenshot(w.shots, "message-without-javascript")
	b.open("/requests")
	for _, c := range b.texts("time.clock") {
		if c == "" {
			t.Error("a request clock without JavaScript shows no text")
		}
	}
}

// testBrowserTimeZone: an officer who sets a time zone sees times in it.
func testBrowserTimeZone(t *testing.T, w *browserWorld) {
	if w.received == "" {
		t.Skip("no message was received")
	}
	b := w.claireTab.in(t)
	written := func() string {
		b.open("/messages/" + w.received)
		return step(b, "read the time written", chromedp.Evaluate[string](
			`Array.from(document.querySelectorAll("dl.meta dt")).find(dt => dt.textContent.trim() === "Written").nextElementSibling.innerText`))
	}
	zone := func(z string) {
		b.setFields("/account/preferences", map[string][]string{"time_zone": {z}})
		b.submit("#prefs-save")
	}
	zone("UTC")
	utc := written()
	zone("Asia/Kolkata")
	kolkata := written()
	zone("UTC")
	if utc == kolkata {
		t.Errorf("the time written reads %q in UTC and in Asia/Kolkata", utc)
	}
}

// testBrowserLockOut: five wrong passwords lock the account; then even
// the right one is refused, with a page that says so.
func testBrowserLockOut(t *testing.T, w *browserWorld) {
	o := addBrowserOfficer(t, w.ca, "lucie", "Lucie Roy", "rcmp", "analyst")
	b := newTab(t, w.ca.s.APIURL())
	for i := range 5 {
		b.open("/signin")
		b.fill(`input[name="login"]`, o.login, `input[name="password"]`, "wrong password "+fmt.Sprint(i))
		if status := b.click("#signin"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want %d", i+1, status, http.StatusUnauthorized)
		}
	}
	b.open("/signin")
	b.fill(`input[name="login"]`, o.login, `input[name="password"]`, o.password)
	if status := b.click("#signin"); status != http.StatusTooManyRequests {
		t.Fatalf("right password on a locked account: status %d, want %d", status, http.StatusTooManyRequests)
	}
	if alerts := b.texts(`p[role="alert"]`); len(alerts) == 0 {
		t.Error("the locked account's sign-in page shows no alert")
	}
	b.checkAxe("/signin (locked)")
	b.screenshot(w.shots, "signin-locked")
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

// uiCatalog reads the web UI's translation catalog for lang, the strings
// the pages must show.
func uiCatalog(t *testing.T, lang string) map[string]string {
	t.Helper()
	cat := map[string]string{}
	if _, err := toml.DecodeFile(filepath.Join("..", "..", "internal", "web", "i18n", lang+".toml"), &cat); err != nil {
		t.Fatalf("catalog %s: %v", lang, err)
	}
	return cat
}
