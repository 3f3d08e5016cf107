package main

// The harness of the real-browser tests: one headless Chromium for the
// whole test binary, a tab of its own (its own cookies) for each officer,
// and full-page screenshots kept as artifacts; axe-core, run inside the
// page, is in browser_axe_test.go.
//
// Chromium is Debian's package at /usr/bin/chromium, or the program that
// LIAISON_CHROMIUM names. Without it the browser tests skip, unless
// LIAISON_REQUIRE_BROWSER is 1 (CI sets it), when they fail.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const (
	// browserRequireEnv, set to 1, turns a missing Chromium into a test
	// failure instead of a skip.
	browserRequireEnv = "LIAISON_REQUIRE_BROWSER"
	// browserPathEnv names another Chromium than Debian's.
	browserPathEnv = "LIAISON_CHROMIUM"
	// artifactsEnv names a directory that keeps the screenshots after the
	// run; without it they go to the test's temporary directory.
	artifactsEnv = "LIAISON_ARTIFACTS"

	debianChromium = "/usr/bin/chromium"

	// browserStepTimeout bounds one browser step (a navigation, a wait, a
	// click): it turns a hang into a failure naming the step, it asserts
	// no speed.
	browserStepTimeout = 30 * time.Second
)

// theBrowser is the test binary's Chromium, started by the first test that
// needs it and stopped by closeBrowser when the tests end.
var theBrowser struct {
	mu      sync.Mutex
	started bool
	ctx     context.Context // the browser's root context
	cancel  func()
	err     error
}

// browserPath returns the Chromium to run, or skips the test (fails it in
// CI) when there is none.
func browserPath(t testing.TB) string {
	t.Helper()
	path := debianChromium
	if p := os.Getenv(browserPathEnv); p != "" {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("no Chromium at %s: install Debian's package (apt-get install chromium) to run the browser tests", path)
		if os.Getenv(browserRequireEnv) == "1" {
			t.Fatalf("%s; %s=1 requires them", msg, browserRequireEnv)
		}
		t.Skip(msg)
	}
	return path
}

// startBrowser returns the root context of the shared browser, starting
// it on first use.
func startBrowser(t testing.TB) context.Context {
	t.Helper()
	path := browserPath(t)
	theBrowser.mu.Lock()
	defer theBrowser.mu.Unlock()
	if !theBrowser.started {
		theBrowser.started = true
		profile, err := os.MkdirTemp("", "liaison-chromium-")
		if err != nil {
			t.Fatal(err)
		}
		// Without the background-networking flags Chromium keeps trying
		// to reach Google's services, which this closed network refuses.
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.UserDataDir(profile),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1280, 900),
		)
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		theBrowser.ctx = ctx
		theBrowser.cancel = func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(profile)
		}
		theBrowser.err = chromedp.Do(ctx) // starts Chromium
	}
	if theBrowser.err != nil {
		t.Fatalf("start Chromium: %v", theBrowser.err)
	}
	return theBrowser.ctx
}

// closeBrowser stops the shared browser, if a test started it.
func closeBrowser() {
	theBrowser.mu.Lock()
	defer theBrowser.mu.Unlock()
	if theBrowser.cancel != nil {
		theBrowser.cancel()
		theBrowser.cancel = nil
	}
}

// tab is one browser tab in a browser context of its own: its own cookies,
// as one officer at one machine. base is the URL of the node it talks to.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// faultsScript runs in every page before the page's own scripts and
// records what the Content-Security-Policy blocked and the script errors,
// which a page otherwise only reports to a console nobody reads.
const faultsScript = `window.__liaisonFaults = [];
document.addEventListener("securitypolicyviolation", e => window.__liaisonFaults.push(
	"CSP " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline content") + " (" + e.sourceFile + ":" + e.lineNumber + ")"));
window.addEventListener("error", e => window.__liaisonFaults.push(
	"script error " + e.message + " (" + e.filename + ":" + e.lineno + ")"));`

// newTab opens a tab on the node at base; the test's cleanup closes it.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(startBrowser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, without a deadline
		t.Fatalf("open a tab: %v", err)
	}
	b := &tab{t: t, ctx: ctx, base: base}
	step(b, "watch for page faults", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: faultsScript})
		return chromedp.Void{}, err
	})
	return b
}

// faults returns what the page's CSP blocked and its script errors so far
// (none when scripts are off).
func (b *tab) faults() []string {
	b.t.Helper()
	return step(b, "read page faults", chromedp.Evaluate[[]string](`window.__liaisonFaults || []`))
}

// checkFaults fails the test with every CSP violation and script error of
// the page, naming the route.
func (b *tab) checkFaults(route string) {
	b.t.Helper()
	for _, f := range b.faults() {
		b.t.Errorf("page %s: %s", route, f)
	}
}

// in returns the tab for use by subtest t, which its failures then fail.
func (b *tab) in(t *testing.T) *tab {
	c := *b
	c.t = t
	return &c
}

// step runs a browser action under browserStepTimeout.
func step[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		url, _ := chromedp.Run(b.ctx, chromedp.Location())
		b.t.Fatalf("%s (at %s): %v", what, url, err)
	}
	return v
}

// do runs actions that return nothing, in order.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	step(b, what, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for _, a := range actions {
			if _, err := a(ctx, t); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	})
}

// open navigates to path on the node, fails the test unless the page
// answers 200 OK, and waits for the page's main landmark.
func (b *tab) open(path string) {
	b.t.Helper()
	resp := step(b, "open "+path, chromedp.NavigateResponse(b.base+path))
	if resp.Status != http.StatusOK {
		b.t.Fatalf("open %s: status %d at %s", path, resp.Status, b.location())
	}
	b.do("wait for the page "+path, chromedp.WaitVisible(chromedp.CSS("main#main")))
}

// click clicks what sel selects (a link, a button that posts a form),
// waits for the page that answers, then for its main landmark, and returns
// the page's HTTP status, after redirects.
func (b *tab) click(sel string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s (at %s): %v", sel, b.location(), err)
	}
	b.do("wait for the page after "+sel, chromedp.WaitVisible(chromedp.CSS("main#main")))
	return int(resp.Status)
}

// submit is click for a step that must succeed: it fails the test, with
// the page's alerts, unless the answer is 200 OK.
func (b *tab) submit(sel string) {
	b.t.Helper()
	if status := b.click(sel); status != http.StatusOK {
		b.t.Fatalf("click %s: status %d at %s: %q", sel, status, b.location(), b.texts(`[role="alert"], ul.reasons li, ul.fields li`))
	}
}

// fill sets form fields by CSS selector, replacing what they held.
func (b *tab) fill(fields ...string) {
	b.t.Helper()
	for i := 0; i+1 < len(fields); i += 2 {
		b.do("fill "+fields[i], chromedp.SetValue(chromedp.CSS(fields[i]), fields[i+1]))
	}
}

// text returns the visible text of the first element sel matches.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return step(b, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// texts returns the text of every element sel matches; none is no error.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	return step(b, "read all "+sel, chromedp.Evaluate[[]string](
		fmt.Sprintf(`Array.from(document.querySelectorAll(%q), e => e.innerText.trim())`, sel)))
}

// anchor is a link of the page.
type anchor struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// links returns the anchors sel matches, in document order.
func (b *tab) links(sel string) []anchor {
	b.t.Helper()
	return step(b, "read links "+sel, chromedp.Evaluate[[]anchor](
		fmt.Sprintf(`Array.from(document.querySelectorAll(%q), a => ({text: a.innerText.trim(), href: a.getAttribute("href") || ""}))`, sel)))
}

// attr returns an attribute of the first element sel matches, "" when
// the element lacks it; it fails the test when no element matches.
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	v := step(b, "read "+sel+"["+name+"]", chromedp.Evaluate[*string](
		fmt.Sprintf(`(e => e ? (e.getAttribute(%q) ?? "") : null)(document.querySelector(%q))`, name, sel)))
	if v == nil {
		b.t.Fatalf("no element %s at %s", sel, b.location())
	}
	return *v
}

// location returns the tab's URL, without the node's base.
func (b *tab) location() string {
	url, _ := chromedp.Run(b.ctx, chromedp.Location())
	return strings.TrimPrefix(url, b.base)
}

// waitFor polls a JavaScript condition in the page until it holds.
func (b *tab) waitFor(what, cond string) {
	b.t.Helper()
	step(b, "wait for "+what, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(browserStepTimeout)))
}

// artifactsDir returns where screenshots go: $LIAISON_ARTIFACTS/browser
// when CI keeps them, else the test's temporary directory.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(artifactsEnv)
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshot saves a PNG of the whole page, not only the viewport, and
// logs its path.
func (b *tab) screenshot(dir, name string) string {
	b.t.Helper()
	png := step(b, "screenshot "+name, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		size := m.CSSContentSize
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: size.Width, Height: size.Height, Scale: 1},
			CaptureBeyondViewport: new(true),
			FromSurface:           new(true),
		})
		return r.Data, err
	})
	path := filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}
