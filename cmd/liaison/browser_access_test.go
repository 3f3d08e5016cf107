package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/workplans"
)

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
