package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestPages renders every page in every language as an officer who may
// use it, and checks the status, the security headers, the landmarks and
// that no message key shows untranslated.
func TestPages(t *testing.T) {
	f := newFixture(t)
	keys := usedKeys(t)
	pages := []struct {
		path string
		role liaison.Role
	}{
		{"/inbox", liaison.RoleLiaison},
		{"/messages/" + f.inbound.ID, liaison.RoleLiaison},
		{"/messages/" + f.sent.ID, liaison.RoleLiaison},
		{"/cases", liaison.RoleLiaison},
		{"/cases/new", liaison.RoleLiaison},
		{"/cases/" + f.c.ID, liaison.RoleLiaison},
		{"/cases/" + f.c.ID + "/compose", liaison.RoleLiaison},
		{"/requests", liaison.RoleLiaison},
		{"/requests?view=open", liaison.RoleLiaison},
		{"/requests/" + f.request.ID, liaison.RoleLiaison},
		{"/approvals", liaison.RoleSupervisor},
		{"/consents", liaison.RoleSupervisor},
		{"/workplan", liaison.RoleLiaison},
		{"/peers", liaison.RoleAnalyst},
		{"/directory", liaison.RoleAnalyst},
		{"/audit", liaison.RoleAuditor},
		{"/reports/oversight", liaison.RoleAuditor},
		{"/signin", ""},
	}
	for _, lang := range langs {
		for _, p := range pages {
			var ss *session
			if p.role != "" {
				ss = f.as(p.role)
			}
			r := f.do(t, ss, "GET", p.path, nil, lang+";q=0.9")
			what := lang + " " + p.path
			if r.status != 200 {
				t.Errorf("GET %s: %d, want 200\n%s", what, r.status, r.body)
				continue
			}
			if got := r.header.Get("Content-Security-Policy"); got != csp {
				t.Errorf("GET %s: CSP %q, want %q", what, got, csp)
			}
			for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
				if got := r.header.Get(h); got != want {
					t.Errorf("GET %s: %s %q, want %q", what, h, got, want)
				}
			}
			checkPage(t, what, r.body, lang)
			for k := range keys {
				if strings.Contains(strings.ReplaceAll(r.body, "<code>"+k+"</code>", ""), ">"+k+"<") {
					t.Errorf("GET %s: key %q shown untranslated", what, k)
				}
			}
		}
	}
}

// TestMessageHandling: a message shows its banner with the TLP label
// untranslated, its codes and its evaluation in words.
func TestMessageHandling(t *testing.T) {
	f := newFixture(t)
	for lang, want := range map[string][]string{
		"en": {"B2: usually reliable source, probably true", "Not to be passed on without the originator&#39;s permission"},
		"fr": {"B2 : source habituellement fiable, probablement vraie"},
		"hi": {"B2: स्रोत — सामान्यतः विश्वसनीय; सूचना — संभवतः सत्य"},
	} {
		r := f.do(t, f.as(liaison.RoleLiaison), "GET", "/messages/"+f.inbound.ID, nil, lang)
		if !strings.Contains(r.body, `<div class="handling-banner" data-tlp="AMBER">`) || !strings.Contains(r.body, "TLP:AMBER") {
			t.Errorf("%s: no AMBER handling banner:\n%s", lang, r.body)
		}
		for _, w := range want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s: message page lacks %q", lang, w)
			}
		}
	}
}

// TestCSRF: a POST without the session's token is refused, with it it
// reaches the node.
func TestCSRF(t *testing.T) {
	f := newFixture(t)
	ss := f.as(liaison.RoleLiaison)
	form := url.Values{"title": {"Wallets"}, "crime_area": {"cyber"}, "parties": {"in"},
		"classification": {"PROTECTED A"}, "tlp": {"GREEN"}}
	for _, token := range []string{"", "wrong"} {
		form.Set("csrf", token)
		if r := f.do(t, ss, "POST", "/cases", form, "en"); r.status != 403 || !strings.Contains(r.body, `class="flash"`) {
			t.Errorf("POST /cases with csrf %q: %d, want 403 with a flash", token, r.status)
		}
	}
	form.Set("csrf", ss.CSRF)
	if r := f.do(t, ss, "POST", "/cases", form, "en"); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/cases/") {
		t.Errorf("POST /cases with the token: %d %s, want 303 to the case\n%s", r.status, r.header.Get("Location"), r.body)
	}
}

// TestNoSession: pages send a browser without a session to the sign-in
// page; static files need none.
func TestNoSession(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/", "/inbox", "/audit", "/cases/" + f.c.ID} {
		if r := f.do(t, nil, "GET", p, nil, ""); r.status != 303 || r.header.Get("Location") != "/signin" {
			t.Errorf("GET %s without a session: %d to %q, want 303 to /signin", p, r.status, r.header.Get("Location"))
		}
	}
	for _, p := range []string{"/static/app.css", "/static/app.js", "/static/htmx.min.js"} {
		r := f.do(t, nil, "GET", p, nil, "")
		if r.status != 200 || r.header.Get("ETag") == "" {
			t.Errorf("GET %s: %d, ETag %q; want 200 and an ETag", p, r.status, r.header.Get("ETag"))
		}
	}
}

// TestNavByRole: an entry shows only to the roles that can use it.
func TestNavByRole(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, f.as(liaison.RoleAnalyst), "GET", "/directory", nil, "en")
	for _, hidden := range []string{`href="/audit"`, `href="/approvals"`, `href="/consents"`} {
		if strings.Contains(r.body, hidden) {
			t.Errorf("analyst's nav has %s", hidden)
		}
	}
	r = f.do(t, f.as(liaison.RoleAuditor), "GET", "/directory", nil, "en")
	if !strings.Contains(r.body, `href="/audit"`) || strings.Contains(r.body, `href="/inbox"`) {
		t.Errorf("auditor's nav: want the audit log and no inbox")
	}
}

// TestErrors: an unknown page and an unknown message answer 404 with the
// error page, in the officer's language; the start page goes to the
// first page the role may use.
func TestErrors(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/nowhere", "/messages/019a0000-0000-7000-8000-999999999999", "/cases/nope"} {
		r := f.do(t, f.as(liaison.RoleLiaison), "GET", p, nil, "fr")
		if r.status != 404 || !strings.Contains(r.body, "Introuvable") {
			t.Errorf("GET %s: %d, want 404 with the French message\n%s", p, r.status, r.body)
		}
		checkPage(t, p, r.body, "fr")
	}
	for role, want := range map[liaison.Role]string{liaison.RoleLiaison: "/inbox", liaison.RoleAuditor: "/audit", liaison.RoleAdmin: "/peers"} {
		if r := f.do(t, f.as(role), "GET", "/", nil, ""); r.status != 303 || r.header.Get("Location") != want {
			t.Errorf("GET / as %s: %d to %q, want 303 to %s", role, r.status, r.header.Get("Location"), want)
		}
	}
	if r := f.do(t, f.as(liaison.RoleAnalyst), "GET", "/audit", nil, "en"); r.status != 403 {
		t.Errorf("GET /audit as an analyst: %d, want 403", r.status)
	}
}

// TestStatic: hashed names are cached for a year, plain names revalidate
// by ETag.
func TestStatic(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, f.as(liaison.RoleLiaison), "GET", "/inbox", nil, "en")
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	hashed := a.url("app.css")
	if !strings.Contains(r.body, `href="`+hashed+`"`) {
		t.Fatalf("page does not link %s", hashed)
	}
	if r := f.do(t, nil, "GET", hashed, nil, ""); r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s: %d, Cache-Control %q", hashed, r.status, r.header.Get("Cache-Control"))
	}
	plain := f.do(t, nil, "GET", "/static/app.js", nil, "")
	req := httptest.NewRequest("GET", "/static/app.js", nil)
	req.Header.Set("If-None-Match", plain.header.Get("ETag"))
	if w := f.serve(req); w.Code != 304 {
		t.Errorf("GET /static/app.js with its ETag: %d, want 304", w.Code)
	}
}

// TestOversightCSV: auditors download the report as CSV; others are
// refused by the node.
func TestOversightCSV(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, f.as(liaison.RoleAuditor), "GET", "/reports/oversight.csv?from=2026-11-01&to=2026-11-23", nil, "en")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || r.body == "" {
		t.Errorf("GET oversight.csv as an auditor: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := f.do(t, f.as(liaison.RoleAnalyst), "GET", "/reports/oversight.csv", nil, "en"); r.status != 403 {
		t.Errorf("GET oversight.csv as an analyst: %d, want 403", r.status)
	}
}

// TestWorkplanOverdue: the board groups actions by objective and marks
// those past their due day.
func TestWorkplanOverdue(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, f.as(liaison.RoleLiaison), "GET", "/workplan", nil, "en")
	if !strings.Contains(r.body, `class="objective"`) || !strings.Contains(r.body, `<tr class="overdue">`) {
		t.Errorf("workplan board: no objectives or no overdue action\n%s", r.body)
	}
}

// TestFormTooLarge: a form over MaxForm is refused before it is read
// whole.
func TestFormTooLarge(t *testing.T) {
	f := newFixture(t)
	ss := f.as(liaison.RoleLiaison)
	form := url.Values{"csrf": {ss.CSRF}, "body": {strings.Repeat("x", MaxForm)}}
	if r := f.do(t, ss, "POST", "/cases/"+f.c.ID+"/messages", form, "en"); r.status != 400 {
		t.Errorf("POST a form of %d bytes: %d, want 400", len(form.Encode()), r.status)
	}
}
