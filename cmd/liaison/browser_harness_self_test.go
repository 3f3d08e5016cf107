package main

import (
	"bytes"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
)

// harnessPages are pages whose faults the harness must see, served with
// the same strict Content-Security-Policy as the web UI.
var harnessPages = map[string]string{
	"/good": `<!doctype html><html lang="en"><head><title>Good</title></head>
<body><main id="main"><h1>Good</h1>
<form><label for="name">Name</label><input id="name" name="name"></form>
<div style="height: 3000px"></div><p>Bottom</p></main></body></html>`,
	"/inline-script": `<!doctype html><html lang="en"><head><title>Inline script</title></head>
<body><main id="main"><h1>Inline script</h1><script>document.title = "ran";</script></main></body></html>`,
	"/unlabelled": `<!doctype html><html lang="en"><head><title>Unlabelled</title></head>
<body><main id="main"><h1>Unlabelled</h1>
<form><input id="unlabelled" name="name"></form></main></body></html>`,
}

func harnessServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html, ok := harnessPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(html))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserHarness checks the harness on pages it controls: axe-core
// runs under a strict CSP and reports a field without a label, what the
// CSP blocks is reported, and a screenshot holds the whole page, not only
// the viewport.
func TestBrowserHarness(t *testing.T) {
	srv := harnessServer(t)
	b := newTab(t, srv.URL)

	t.Run("AxeFindsMissingLabel", func(t *testing.T) {
		b := b.in(t)
		b.open("/unlabelled")
		got := b.axe()
		i := slices.IndexFunc(got, func(v axeViolation) bool { return v.ID == "label" })
		if i < 0 {
			t.Fatalf("axe on /unlabelled = %v, want a %q violation", got, "label")
		}
		if v := got[i]; v.Impact != "critical" || !slices.Contains(v.Targets, "#unlabelled") || v.Help == "" {
			t.Errorf("axe label violation = %+v, want critical on #unlabelled with help", v)
		}
	})

	t.Run("AxePassesGoodPage", func(t *testing.T) {
		b := b.in(t)
		b.open("/good")
		if got := b.axe(); len(got) != 0 {
			t.Errorf("axe on /good = %v, want none", got)
		}
	})

	t.Run("FaultsSeeCSPViolation", func(t *testing.T) {
		b := b.in(t)
		b.open("/inline-script")
		b.waitFor("the CSP violation event", `window.__liaisonFaults.length > 0`)
		got := b.faults()
		if len(got) != 1 || !strings.Contains(got[0], "CSP script-src") {
			t.Errorf("faults on /inline-script = %q, want one CSP script-src violation", got)
		}
		b.open("/good")
		if got := b.faults(); len(got) != 0 {
			t.Errorf("faults on /good = %q, want none", got)
		}
	})

	t.Run("ScreenshotWholePage", func(t *testing.T) {
		b := b.in(t)
		b.open("/good")
		path := b.screenshot(t.TempDir(), "harness good")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("screenshot is not a PNG: %v", err)
		}
		if h := img.Bounds().Dy(); h < 3000 {
			t.Errorf("screenshot height = %d, want the whole page (over 3000)", h)
		}
		if !strings.HasSuffix(path, "harness_good.png") {
			t.Errorf("screenshot path = %s, want a file name without spaces", path)
		}
	})
}
