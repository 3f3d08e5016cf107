package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// browserOfficer is an officer who signs in to a node's web UI with a
// password and, once enrolled, a TOTP code.
type browserOfficer struct {
	node     *testNode
	login    string
	password string
	token    string // API token, for what the test checks behind the UI
	secret   string // TOTP secret, once enrolled in the browser
	lastStep int64  // the TOTP time step of the last code used
}

// addBrowserOfficer creates an officer with a password, as an
// administrator would with the CLI.
func addBrowserOfficer(t *testing.T, n *testNode, login, name, agency, role string) *browserOfficer {
	t.Helper()
	o := &browserOfficer{node: n, login: login, password: "correct horse battery " + login}
	o.token = strings.TrimSpace(cli(t, o.password+"\n", "user", "add", "--dir", n.dir, "--name", name, "--agency", agency, "--role", role,
		"--areas", "drugs,organised_crime,cyber,fraud,immigration,terrorism", "--login", login, "--password-stdin"))
	return o
}

// get reads the node's API as the officer and decodes the JSON answer
// into out.
func (o *browserOfficer) get(t *testing.T, path string, out any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", o.node.s.APIURL()+path, nil)
	req.Header.Set("Authorization", "Bearer "+o.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: status %d, decode: %v", path, resp.StatusCode, err)
	}
	return resp.StatusCode
}

// code returns a TOTP code for the officer's secret from a time step not
// used before, as a node accepts a code once only: the current step, or
// the next one, within the clock skew a node allows.
func (o *browserOfficer) code(t *testing.T) string {
	t.Helper()
	now := time.Now().Unix() / 30
	s := max(now, o.lastStep+1)
	if s > now+1 {
		t.Fatalf("no fresh TOTP code for %s before the next period", o.login)
	}
	c, err := totp.GenerateCode(o.secret, time.Unix(s*30, 0))
	if err != nil {
		t.Fatalf("TOTP code for %s: %v", o.login, err)
	}
	o.lastStep = s
	return c
}

// signIn opens a tab on the officer's node and signs in. At the first
// sign-in the node asks a liaison officer or supervisor to enrol a TOTP
// authenticator: the test reads the secret as a person would type it from
// the page and confirms with a code.
func (o *browserOfficer) signIn(t *testing.T) *tab {
	t.Helper()
	b := newTab(t, o.node.s.APIURL())
	o.signInOn(b)
	return b
}

// signInOn signs in on an open tab.
func (o *browserOfficer) signInOn(b *tab) {
	b.t.Helper()
	b.open("/signin")
	b.fill(`input[name="login"]`, o.login, `input[name="password"]`, o.password)
	if o.secret != "" {
		b.fill(`input[name="code"]`, o.code(b.t))
	}
	if status := b.click("#signin"); status != http.StatusOK {
		b.t.Fatalf("%s: sign-in answered %d: %q", o.login, status, b.texts(`p[role="alert"]`))
	}
	if strings.HasPrefix(b.location(), "/account/totp") {
		if o.secret != "" {
			b.t.Fatalf("%s: asked to enrol again after enrolling", o.login)
		}
		o.enrol(b)
	}
	if loc := b.location(); strings.HasPrefix(loc, "/signin") {
		b.t.Fatalf("%s: still on %s after signing in: %q", o.login, loc, b.texts(`p[role="alert"]`))
	}
}

// enrol completes TOTP enrolment on /account/totp: the QR code is there,
// the secret is read from the page, and a code from it is confirmed.
func (o *browserOfficer) enrol(b *tab) {
	b.t.Helper()
	if src := b.attr("#totp-qr", "src"); src != "/account/totp.png" {
		b.t.Errorf("enrolment QR image src = %q, want /account/totp.png", src)
	}
	o.secret = strings.Join(strings.Fields(b.text("#totp-secret")), "")
	if o.secret == "" {
		b.t.Fatal("enrolment page shows no secret in #totp-secret")
	}
	b.fill(`form[action="/account/totp"] input[name="code"]`, o.code(b.t))
	b.submit(submitOf("/account/totp"))
	if loc := b.location(); strings.HasPrefix(loc, "/account/totp") || strings.HasPrefix(loc, "/signin") {
		b.t.Fatalf("%s: enrolment not accepted, at %s: %q", o.login, loc, b.texts(`p[role="alert"]`))
	}
}

// signOut posts the header's sign-out form.
func (b *tab) signOut() {
	b.t.Helper()
	b.submit(submitOf("/signout"))
}

// submitOf is the selector of the button that submits the form posting to
// action (not a button that posts elsewhere or only previews).
func submitOf(action string) string {
	f := fmt.Sprintf(`form[action=%q] `, action)
	return f + `button:not([type="button"]):not([formaction]), ` + f + `input[type="submit"]`
}

// setFields sets the fields of the form posting to action, whatever their
// kind: text, select, checkboxes or radio buttons (checked when their value
// is among those given). It fails the test when a field or a value is not
// there.
func (b *tab) setFields(action string, fields map[string][]string) {
	b.t.Helper()
	arg, _ := json.Marshal(fields)
	problem := step(b, "fill the form "+action, chromedp.Evaluate[string](fmt.Sprintf(`((action, fields) => {
		const form = document.querySelector('form[action="' + action + '"]');
		if (!form) return "no form posting to " + action;
		for (const [name, values] of Object.entries(fields)) {
			const els = form.querySelectorAll('[name="' + name + '"]');
			if (!els.length) return "no field " + name;
			let matched = 0;
			for (const el of els) {
				if (el.type === "checkbox" || el.type === "radio") {
					el.checked = values.includes(el.value);
					if (el.checked) matched++;
				} else if (el.tagName === "SELECT") {
					for (const o of el.options) {
						o.selected = values.includes(o.value);
						if (o.selected) matched++;
					}
				} else {
					el.value = values.join(", ");
					matched = values.length;
				}
			}
			if (matched < values.length) return "field " + name + " has no choice among " + values.join(", ");
		}
		return "";
	})(%q, %s)`, action, arg)))
	if problem != "" {
		b.t.Fatalf("fill the form %s: %s", action, problem)
	}
}
