package node_test

import (
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// code returns the TOTP code of secret at the node's next clock reading.
func (c *testClock) code(tb testing.TB, secret string) string {
	tb.Helper()
	c.mu.Lock()
	at := c.t.Add(time.Second)
	c.mu.Unlock()
	s, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

const remote = "192.0.2.7:50000"

func TestSignIn(t *testing.T) {
	n := newTestNode(t, "ca", nil)
	analyst := mustOfficer(t, n, "rcmp", "Anne Analyst", liaison.RoleAnalyst, liaison.AreaDrugs)
	officer := mustOfficer(t, n, "rcmp", "Luc Liaison", liaison.RoleLiaison, liaison.AreaDrugs)
	ctx := t.Context()

	t.Run("ErrPasswordTooShort", func(t *testing.T) {
		err := n.SetPassword(ctx, analyst.ID, "anne", "short")
		wantCode(t, "SetPassword(short)", err, liaison.EINVALID)
	})
	if err := n.SetPassword(ctx, analyst.ID, "anne", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := n.SetPassword(ctx, officer.ID, "luc", "another long passphrase"); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrLoginTaken", func(t *testing.T) {
		err := n.SetPassword(ctx, officer.ID, "anne", "another long passphrase")
		wantCode(t, "SetPassword(taken login)", err, liaison.ECONFLICT)
	})

	t.Run("OK", func(t *testing.T) {
		token, s, err := n.SignIn(ctx, "anne", "correct horse battery", "", remote)
		if err != nil {
			t.Fatal(err)
		}
		if s.Enrol || s.CSRF == "" || s.Officer != analyst.ID {
			t.Fatalf("session = %+v, want a full session of the analyst with a CSRF token", s)
		}
		o, _, err := n.SessionOfficer(ctx, token, remote)
		if err != nil || o.ID != analyst.ID {
			t.Fatalf("SessionOfficer = %v, %v; want the analyst", o, err)
		}
		if err := n.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, _, err = n.SessionOfficer(ctx, token, remote)
		wantCode(t, "SessionOfficer after SignOut", err, liaison.EUNAUTHORIZED)
	})

	t.Run("ErrWrongPassword", func(t *testing.T) {
		_, _, err := n.SignIn(ctx, "anne", "wrong horse battery", "", remote)
		wantCode(t, "SignIn(wrong password)", err, liaison.EUNAUTHORIZED)
		_, _, err2 := n.SignIn(ctx, "nobody", "wrong horse battery", "", remote)
		wantCode(t, "SignIn(unknown login)", err2, liaison.EUNAUTHORIZED)
		if err.Error() != err2.Error() {
			t.Errorf("wrong password says %q, unknown login %q; want the same words", err, err2)
		}
	})

	t.Run("SecondFactor", func(t *testing.T) {
		token, s, err := n.SignIn(ctx, "luc", "another long passphrase", "", remote)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Enrol {
			t.Fatal("a liaison officer without a second factor got a full session")
		}
		_, secret, png, err := n.BeginTOTP(ctx, token)
		if err != nil || len(png) < 100 || secret == "" {
			t.Fatalf("BeginTOTP = %q, %d bytes of PNG, %v", secret, len(png), err)
		}
		if err := n.ConfirmTOTP(ctx, token, n.clock.code(t, secret), remote); err != nil {
			t.Fatal(err)
		}
		if _, s, _ := n.SessionOfficer(ctx, token, remote); s.Enrol {
			t.Fatal("session still enrolment-only after ConfirmTOTP")
		}
		_, _, err = n.SignIn(ctx, "luc", "another long passphrase", "", remote)
		wantCode(t, "SignIn without the code", err, liaison.EUNAUTHORIZED)
		n.clock.advance(time.Minute)
		code := n.clock.code(t, secret)
		if _, s, err = n.SignIn(ctx, "luc", "another long passphrase", code, remote); err != nil || s.Enrol {
			t.Fatalf("SignIn with the code = %+v, %v", s, err)
		}
		_, _, err = n.SignIn(ctx, "luc", "another long passphrase", code, remote)
		wantCode(t, "SignIn replaying a code", err, liaison.EUNAUTHORIZED)
	})

	t.Run("Idle", func(t *testing.T) {
		token, _, err := n.SignIn(ctx, "anne", "correct horse battery", "", "198.51.100.1:1")
		if err != nil {
			t.Fatal(err)
		}
		n.clock.advance(liaison.SessionIdle)
		_, _, err = n.SessionOfficer(ctx, token, remote)
		wantCode(t, "SessionOfficer after 30 idle minutes", err, liaison.EUNAUTHORIZED)
	})

	t.Run("LockOut", func(t *testing.T) {
		for i := range 5 {
			_, _, err := n.SignIn(ctx, "anne", "wrong horse battery", "", "203.0.113.1:1")
			wantCode(t, "SignIn(wrong)", err, liaison.EUNAUTHORIZED)
			_ = i
		}
		// From another address, with the right password: still locked.
		_, _, err := n.SignIn(ctx, "anne", "correct horse battery", "", "203.0.113.99:1")
		wantCode(t, "SignIn while locked", err, liaison.ELIMITED)
		if got := findAudit(t, n, 0, "auth.lock"); len(got) != 1 {
			t.Fatalf("%d auth.lock entries, want 1", len(got))
		}
		n.clock.advance(16 * time.Minute)
		if _, _, err := n.SignIn(ctx, "anne", "correct horse battery", "", "203.0.113.99:1"); err != nil {
			t.Fatalf("SignIn after the lock-out: %v", err)
		}
	})

	t.Run("Preferences", func(t *testing.T) {
		err := n.SetPreferences(ctx, analyst, liaison.Preferences{Lang: "xx"})
		wantCode(t, "SetPreferences(xx)", err, liaison.EINVALID)
		if err := n.SetPreferences(ctx, analyst, liaison.Preferences{Lang: "fr", TimeZone: "America/Toronto"}); err != nil {
			t.Fatal(err)
		}
		p, err := n.Preferences(ctx, analyst)
		if err != nil || p.Lang != "fr" || p.TimeZone != "America/Toronto" {
			t.Fatalf("Preferences = %+v, %v", p, err)
		}
	})

	t.Run("PasswordResetEndsSessions", func(t *testing.T) {
		token, _, err := n.SignIn(ctx, "anne", "correct horse battery", "", "198.51.100.2:1")
		if err != nil {
			t.Fatal(err)
		}
		if err := n.SetPassword(ctx, analyst.ID, "anne", "a brand new passphrase"); err != nil {
			t.Fatal(err)
		}
		_, _, err = n.SessionOfficer(ctx, token, remote)
		wantCode(t, "SessionOfficer after a password reset", err, liaison.EUNAUTHORIZED)
	})
}
