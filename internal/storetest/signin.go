package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

func testSignIn(t *testing.T, open Open) {
	s := open(t)
	ctx := t.Context()
	o1, o2 := newOfficer(1, "ca"), newOfficer(2, "ca")
	mustUpdate(t, s, func(tx liaison.Tx) error {
		if err := tx.CreateOfficer(o1, tokenHash("t1")); err != nil {
			return err
		}
		return tx.CreateOfficer(o2, tokenHash("t2"))
	})
	_, err := s.Credential(ctx, o1.ID)
	wantCode(t, "Credential before any", err, liaison.ENOTFOUND)

	c := &liaison.Credential{Officer: o1.ID, Login: "anne", PasswordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA",
		TOTPSecret: "JBSWY3DPEHPK3PXP", Failures: 2, LockedUntil: at(60), LastCode: 58000000, Lang: "fr", Updated: at(1)}
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutCredential(c) })
	got, err := s.CredentialByLogin(ctx, "anne")
	wantNoError(t, "CredentialByLogin", err)
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("CredentialByLogin (-put +got):\n%s", diff)
	}
	// Replacing it clears the lock-out, which reads back as the zero time.
	c.LockedUntil, c.Failures, c.Updated = time.Time{}, 0, at(2)
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutCredential(c) })
	got, err = s.Credential(ctx, o1.ID)
	wantNoError(t, "Credential", err)
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("Credential after replace (-put +got):\n%s", diff)
	}
	err = s.Update(ctx, func(tx liaison.Tx) error {
		return tx.PutCredential(&liaison.Credential{Officer: o2.ID, Login: "anne", PasswordHash: "x", Updated: at(3)})
	})
	wantCode(t, "PutCredential(login of another)", err, liaison.ECONFLICT)
	err = s.Update(ctx, func(tx liaison.Tx) error {
		return tx.PutCredential(&liaison.Credential{Officer: id(kindOfficer, 99), Login: "ghost", PasswordHash: "x", Updated: at(3)})
	})
	wantCode(t, "PutCredential(no such officer)", err, liaison.ENOTFOUND)
	_, err = s.CredentialByLogin(ctx, "ghost")
	wantCode(t, "CredentialByLogin(ghost)", err, liaison.ENOTFOUND)

	// Sessions: kept by the hash of their secret, replaced in place,
	// deleted one by one or all of an officer's together.
	ss := func(n int, officer string) *liaison.Session {
		return &liaison.Session{ID: id('s', n), Officer: officer, Created: at(n), Seen: at(n), Expires: at(n + 3600), CSRF: "csrf", Enrol: n%2 == 1}
	}
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for i, o := range []string{o1.ID, o1.ID, o2.ID} {
			if err := tx.PutSession(ss(i+1, o), tokenHash(string(rune('a'+i)))); err != nil {
				return err
			}
		}
		return nil
	})
	want := ss(1, o1.ID)
	want.Seen, want.Enrol = at(30), false
	mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutSession(want, tokenHash("a")) })
	gs, err := s.Session(ctx, tokenHash("a"))
	wantNoError(t, "Session", err)
	if diff := cmp.Diff(want, gs); diff != "" {
		t.Errorf("Session (-put +got):\n%s", diff)
	}
	var k int
	mustUpdate(t, s, func(tx liaison.Tx) (err error) { k, err = tx.DeleteSessions(o1.ID, tokenHash("b")); return err })
	if k != 1 {
		t.Errorf("DeleteSessions(one) = %d, want 1", k)
	}
	mustUpdate(t, s, func(tx liaison.Tx) (err error) { k, err = tx.DeleteSessions(o1.ID, nil); return err })
	if k != 1 {
		t.Errorf("DeleteSessions(officer) = %d, want 1", k)
	}
	_, err = s.Session(ctx, tokenHash("a"))
	wantCode(t, "Session after DeleteSessions", err, liaison.ENOTFOUND)
	if _, err := s.Session(ctx, tokenHash("c")); err != nil {
		t.Errorf("Session of another officer after DeleteSessions: %v", err)
	}
}
