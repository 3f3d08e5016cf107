package main

import (
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/chromedp"
)

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
