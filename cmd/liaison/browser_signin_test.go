package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

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
