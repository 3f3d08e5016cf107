package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/liaison-project/liaison"
)

// browser is a client of the fixture's handler that keeps cookies, as a
// browser does.
type browser struct {
	f       *fixture
	cookies map[string]string
	lang    string
}

func (b *browser) do(t *testing.T, method, target string, form url.Values) response {
	t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.Header.Set("Accept-Language", b.lang)
	for k, v := range b.cookies {
		r.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	w := httptest.NewRecorder()
	b.f.h.ServeHTTP(w, r)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c.Value
	}
	return response{status: w.Code, header: w.Header(), body: w.Body.String()}
}

var (
	csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	secretRe  = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
)

func field(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in:\n%s", re, body)
	}
	return m[1]
}

// TestSignIn walks a liaison officer through sign-in, TOTP enrolment, a
// page, the language preference and sign-out, and an analyst through a
// password-only sign-in; a wrong password is refused without saying why.
func TestSignIn(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	lo := f.officer[liaison.RoleLiaison]
	if err := f.n.SetPassword(ctx, lo.ID, "liaison.ca", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f, cookies: map[string]string{}, lang: "en"}

	r := b.do(t, "GET", "/signin", nil)
	if r.status != 200 || r.header.Get("Content-Security-Policy") != csp {
		t.Fatalf("GET /signin: %d", r.status)
	}
	checkPage(t, "signin", r.body, "en")
	pre := field(t, csrfField, r.body)

	r = b.do(t, "POST", "/signin", url.Values{"csrf": {"forged"}, "login": {"liaison.ca"}, "password": {"correct horse battery"}})
	if r.status != 403 {
		t.Fatalf("POST /signin with a forged token: %d, want 403", r.status)
	}
	r = b.do(t, "POST", "/signin", url.Values{"csrf": {pre}, "login": {"liaison.ca"}, "password": {"wrong horse battery"}})
	if r.status != 401 || !strings.Contains(r.body, "Wrong login, password or code.") {
		t.Fatalf("POST /signin with a wrong password: %d, want 401 and the flash\n%s", r.status, r.body)
	}
	pre = field(t, csrfField, r.body)
	r = b.do(t, "POST", "/signin", url.Values{"csrf": {pre}, "login": {"liaison.ca"}, "password": {"correct horse battery"}})
	if r.status != 303 || r.header.Get("Location") != "/account/totp" {
		t.Fatalf("POST /signin: %d to %q, want 303 to /account/totp", r.status, r.header.Get("Location"))
	}
	if b.cookies["__Host-liaison"] == "" {
		t.Fatalf("no session cookie after sign-in: %v", b.cookies)
	}
	if r := b.do(t, "GET", "/inbox", nil); r.status != 303 || r.header.Get("Location") != "/account/totp" {
		t.Fatalf("GET /inbox before enrolment: %d to %q, want 303 to /account/totp", r.status, r.header.Get("Location"))
	}
	r = b.do(t, "GET", "/account/totp", nil)
	checkPage(t, "totp", r.body, "en")
	secret := field(t, secretRe, r.body)
	csrf := field(t, csrfField, r.body)
	if png := b.do(t, "GET", "/account/totp.png", nil); png.status != 200 || png.header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET /account/totp.png: %d %s", png.status, png.header.Get("Content-Type"))
	}
	code, err := totp.GenerateCode(secret, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if r := b.do(t, "POST", "/account/totp", url.Values{"csrf": {csrf}, "code": {code}}); r.status != 303 {
		t.Fatalf("POST /account/totp: %d\n%s", r.status, r.body)
	}
	r = b.do(t, "GET", "/inbox", nil)
	if r.status != 200 || !strings.Contains(r.body, `class="message-link"`) {
		t.Fatalf("GET /inbox after enrolment: %d\n%s", r.status, r.body)
	}
	if r := b.do(t, "POST", "/account/preferences", url.Values{"csrf": {csrf}, "lang": {"hi"}, "time_zone": {"Asia/Kolkata"}, "back": {"/inbox"}}); r.status != 303 || r.header.Get("Location") != "/inbox" {
		t.Fatalf("POST /account/preferences: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	r = b.do(t, "GET", "/inbox", nil)
	checkPage(t, "inbox in Hindi", r.body, "hi")
	if !strings.Contains(r.body, "इनबॉक्स") || !strings.Contains(r.body, "नवंबर 2026, 14:") {
		t.Errorf("inbox after choosing Hindi and Asia/Kolkata: no Hindi title or Kolkata time\n%s", r.body)
	}
	if r := b.do(t, "POST", "/signout", url.Values{"csrf": {csrf}}); r.status != 303 || r.header.Get("Location") != "/signin" {
		t.Fatalf("POST /signout: %d to %q", r.status, r.header.Get("Location"))
	}
	if r := b.do(t, "GET", "/inbox", nil); r.status != 303 {
		t.Fatalf("GET /inbox after sign-out: %d, want 303", r.status)
	}

	an := f.officer[liaison.RoleAnalyst]
	if err := f.n.SetPassword(ctx, an.ID, "analyst.ca", "another long password"); err != nil {
		t.Fatal(err)
	}
	b = &browser{f: f, cookies: map[string]string{}, lang: "fr-CA,fr;q=0.9"}
	r = b.do(t, "GET", "/signin", nil)
	checkPage(t, "signin in French", r.body, "fr")
	r = b.do(t, "POST", "/signin", url.Values{"csrf": {field(t, csrfField, r.body)}, "login": {"analyst.ca"}, "password": {"another long password"}})
	if r.status != 303 || r.header.Get("Location") != "/" {
		t.Fatalf("analyst sign-in: %d to %q", r.status, r.header.Get("Location"))
	}
	if r := b.do(t, "GET", "/directory", nil); r.status != 200 || !strings.Contains(r.body, "Répertoire") {
		t.Fatalf("GET /directory as the analyst: %d", r.status)
	}
}

// TestSignInLockOut: after five wrong passwords the account is locked and
// the page says for how long, without saying which part was wrong.
func TestSignInLockOut(t *testing.T) {
	f := newFixture(t)
	an := f.officer[liaison.RoleAnalyst]
	if err := f.n.SetPassword(t.Context(), an.ID, "analyst.ca", "another long password"); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f, cookies: map[string]string{}, lang: "en"}
	r := b.do(t, "GET", "/signin", nil)
	var last response
	for range 6 {
		last = b.do(t, "POST", "/signin", url.Values{"csrf": {field(t, csrfField, r.body)}, "login": {"analyst.ca"}, "password": {"not the password"}})
		r = last
	}
	if last.status != 429 || last.header.Get("Retry-After") != "900" || !strings.Contains(last.body, "Too many failed attempts. Try again in 15 minutes.") {
		t.Errorf("sixth wrong password: %d, want 429 and the lock-out notice\n%s", last.status, last.body)
	}
}

// TestSignInLanguage: before there is a session, ?lang= chooses the
// language of the sign-in page, and the page links the other languages.
func TestSignInLanguage(t *testing.T) {
	f := newFixture(t)
	r := f.do(t, nil, "GET", "/signin?lang=hi", nil, "fr")
	checkPage(t, "signin?lang=hi", r.body, "hi")
	if !strings.Contains(r.body, `href="/signin?lang=fr"`) || !strings.Contains(r.body, `name="lang" value="hi"`) {
		t.Errorf("Hindi sign-in page: no link to French or no hidden lang\n%s", r.body)
	}
	checkPage(t, "signin?lang=xx", f.do(t, nil, "GET", "/signin?lang=xx", nil, "fr").body, "fr")
}
