package node

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
)

// Lock-out after failed sign-ins: after lockAfter failures in a row an
// account is locked for lockFor, whoever tries.
const (
	lockAfter = 5
	lockFor   = 15 * time.Minute
)

// sessionPrefix marks web session secrets, as tokenPrefix marks API
// tokens; the two are never interchangeable.
const sessionPrefix = "lss_"

// errSignIn is the one answer to a wrong login, password or code: it
// never says which was wrong.
func errSignIn() error {
	return liaison.Errorf(liaison.EUNAUTHORIZED, "wrong login, password or code")
}

// SetPassword sets (or resets) the sign-in login and password of an
// officer of this node, keeping its TOTP enrolment when the login stays
// the same, and ends the officer's sessions. It is audited as
// "auth.password" without the password. EINVALID when the password is
// shorter than 12 or longer than 256 characters or the login is not
// 3–64 letters, digits, dots, dashes, underscores or @; ECONFLICT when
// another officer has the login; ENOTFOUND when the officer is not one of
// this node's.
func (n *Node) SetPassword(ctx context.Context, officerID, login, password string) error {
	var f liaison.Fields
	if !validLogin(login) {
		f.Add("login", "must be 3 to 64 letters, digits or . _ - @")
	}
	if k := utf8.RuneCountInString(password); k < minPassword {
		f.Add("password", fmt.Sprintf("shorter than %d characters", minPassword))
	} else if k > maxPassword {
		f.Add("password", fmt.Sprintf("longer than %d characters", maxPassword))
	}
	if err := f.Err(); err != nil {
		return err
	}
	o, err := n.store.Officer(ctx, officerID)
	if err != nil {
		return err
	}
	if o.Party != n.party {
		return liaison.Errorf(liaison.ENOTFOUND, "officer %s is not an officer of this node", officerID)
	}
	hash := hashPassword(password)
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		c, err := n.store.Credential(ctx, officerID)
		switch {
		case liaison.ErrorCode(err) == liaison.ENOTFOUND:
			c = &liaison.Credential{Officer: officerID}
		case err != nil:
			return err
		}
		if c.Login != login {
			c.TOTPSecret, c.TOTPPending, c.LastCode = "", "", 0
		}
		c.Login, c.PasswordHash, c.Failures, c.LockedUntil, c.Updated = login, hash, 0, time.Time{}, n.clock()
		if err := tx.PutCredential(c); err != nil {
			return err
		}
		k, err := tx.DeleteSessions(officerID, nil)
		if err != nil {
			return err
		}
		return n.audit(tx, nil, "auth.password", officerID, "allow",
			[]string{"password set for login " + login, fmt.Sprintf("%d sessions ended", k)}, nil)
	})
}

// OfficerByLogin returns the officer of this node who signs in as login;
// ENOTFOUND when there is none.
func (n *Node) OfficerByLogin(ctx context.Context, login string) (*liaison.Officer, error) {
	c, err := n.store.CredentialByLogin(ctx, login)
	if err != nil {
		return nil, err
	}
	return n.store.Officer(ctx, c.Officer)
}

func validLogin(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)) {
			return false
		}
	}
	return true
}

// SignIn checks a login, password and (for liaison officers and
// supervisors who enrolled one) TOTP code, and starts a web session. It
// returns the session's secret, for the officer's cookie only, and the
// session. Liaison officers and supervisors who have not enrolled a
// second factor get a session marked Enrol, good for enrolment only.
//
// EUNAUTHORIZED "wrong login, password or code" for any mistake, never
// saying which; ELIMITED, with RetryAfter, while the account is locked
// (5 failures in a row lock it for 15 minutes) or the remote address has
// failed too often (the same limit as API tokens). Every success and
// failure is audited ("auth.signin"), and the start of a lock-out
// ("auth.lock").
func (n *Node) SignIn(ctx context.Context, login, password, code, remote string) (string, *liaison.Session, error) {
	now := n.clock()
	key := AddressKey(remote)
	if wait, first := n.auth.perAddr.Check(key, now); wait > 0 {
		return "", nil, n.throttle(ctx, first, wait, remote, fmt.Sprintf("%s failed to authenticate %d times within %s", key, n.auth.cfg.PerAddress, n.auth.cfg.Window))
	}
	if len(login) > 64 || len(password) > 4*maxPassword || len(code) > 16 {
		return "", nil, n.signInFailed(ctx, nil, login, remote, "over-long field", now)
	}
	c, err := n.store.CredentialByLogin(ctx, login)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		checkPassword(dummyHash(), password)
		return "", nil, n.signInFailed(ctx, nil, login, remote, "unknown login", now)
	} else if err != nil {
		return "", nil, err
	}
	if now.Before(c.LockedUntil) {
		wait := c.LockedUntil.Sub(now).Round(time.Second)
		n.auth.perAddr.Spend(key, now)
		return "", nil, &liaison.Error{Code: liaison.ELIMITED, RetryAfter: wait,
			Message: fmt.Sprintf("this account is locked after %d failed sign-ins; try again in %s", lockAfter, wait)}
	}
	o, err := n.store.Officer(ctx, c.Officer)
	if err != nil {
		return "", nil, err
	}
	if !checkPassword(c.PasswordHash, password) {
		return "", nil, n.signInFailed(ctx, c, login, remote, "wrong password", now)
	}
	enrol := false
	if liaison.NeedsSecondFactor(o.Role) {
		if c.TOTPSecret == "" {
			enrol = true
		} else {
			step, ok := checkTOTP(c.TOTPSecret, code, now, c.LastCode)
			if !ok {
				cause := "wrong TOTP code"
				if code == "" {
					cause = "TOTP code missing"
				}
				return "", nil, n.signInFailed(ctx, c, login, remote, cause, now)
			}
			c.LastCode = step
		}
	}
	token, s := n.newSession(o.ID, now, enrol)
	err = n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		c.Failures, c.LockedUntil, c.Updated = 0, time.Time{}, now
		if err := tx.PutCredential(c); err != nil {
			return err
		}
		if err := tx.PutSession(s, HashToken(token)); err != nil {
			return err
		}
		reasons := []string{"session " + s.ID, "remote " + remote}
		if enrol {
			reasons = append(reasons, "second factor not enrolled: enrolment only")
		}
		return n.audit(tx, o, "auth.signin", o.ID, "allow", reasons, nil)
	})
	if err != nil {
		return "", nil, err
	}
	return token, s, nil
}

// newSession makes a session secret and its session.
func (n *Node) newSession(officer string, now time.Time, enrol bool) (string, *liaison.Session) {
	var raw, csrf [32]byte
	rand.Read(raw[:])
	rand.Read(csrf[:])
	return sessionPrefix + base64.RawURLEncoding.EncodeToString(raw[:]), &liaison.Session{
		ID: n.newID(), Officer: officer, Created: now, Seen: now, Expires: now.Add(liaison.SessionLifetime),
		CSRF: base64.RawURLEncoding.EncodeToString(csrf[:]), Enrol: enrol,
	}
}

// signInFailed records a failed sign-in: the address's allowance is
// spent, the account's failures counted (locking it at lockAfter), and
// the failure audited with its cause, never the password.
func (n *Node) signInFailed(ctx context.Context, c *liaison.Credential, login, remote, cause string, now time.Time) error {
	if wait, first := n.auth.global.Spend("", now); wait > 0 {
		return n.throttle(ctx, first, wait, remote, fmt.Sprintf("authentication failed %d times within %s, from all addresses together", n.auth.cfg.Global, n.auth.cfg.Window))
	}
	n.auth.perAddr.Spend(AddressKey(remote), now)
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		object := ""
		if c != nil {
			object = c.Officer
			c.Failures++
			c.Updated = now
			if c.Failures >= lockAfter {
				c.Failures, c.LockedUntil = 0, now.Add(lockFor)
				if err := n.audit(tx, nil, "auth.lock", c.Officer, "deny",
					[]string{fmt.Sprintf("%d failed sign-ins in a row", lockAfter), "locked until " + c.LockedUntil.Format(time.RFC3339), "remote " + remote}, nil); err != nil {
					return err
				}
			}
			if err := tx.PutCredential(c); err != nil {
				return err
			}
		}
		return n.audit(tx, nil, "auth.signin", object, "deny", []string{cause, "login " + strconvQuote(login), "remote " + remote}, nil)
	})
	if err != nil {
		return err
	}
	return errSignIn()
}

// strconvQuote quotes a login for an audit reason, cut to 64 bytes.
func strconvQuote(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return fmt.Sprintf("%q", s)
}

// SessionOfficer returns the officer and the session whose secret token
// is, and marks the session seen. EUNAUTHORIZED when there is no such
// session or it is over (idle for [liaison.SessionIdle], or older than
// [liaison.SessionLifetime]); an over session is deleted.
func (n *Node) SessionOfficer(ctx context.Context, token, remote string) (*liaison.Officer, *liaison.Session, error) {
	if !strings.HasPrefix(token, sessionPrefix) || len(token) > maxToken {
		return nil, nil, liaison.Errorf(liaison.EUNAUTHORIZED, "not signed in")
	}
	h := HashToken(token)
	s, err := n.store.Session(ctx, h)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil, nil, liaison.Errorf(liaison.EUNAUTHORIZED, "not signed in")
	} else if err != nil {
		return nil, nil, err
	}
	now := n.clock()
	if !s.Live(now) {
		err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
			_, err := tx.DeleteSessions(s.Officer, h)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, liaison.Errorf(liaison.EUNAUTHORIZED, "your session has ended; sign in again")
	}
	o, err := n.store.Officer(ctx, s.Officer)
	if err != nil {
		return nil, nil, err
	}
	// Touch at most once a minute: a page view is not a write.
	if now.Sub(s.Seen) >= time.Minute {
		s.Seen = now
		if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error { return tx.PutSession(s, h) }); err != nil {
			return nil, nil, err
		}
	}
	return o, s, nil
}

// SignOut ends the session whose secret token is; audited as
// "auth.signout". Signing out of a session that is over is not an error.
func (n *Node) SignOut(ctx context.Context, token string) error {
	if !strings.HasPrefix(token, sessionPrefix) || len(token) > maxToken {
		return nil
	}
	h := HashToken(token)
	s, err := n.store.Session(ctx, h)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		if _, err := tx.DeleteSessions(s.Officer, h); err != nil {
			return err
		}
		o := &liaison.Officer{ID: s.Officer, Party: n.party}
		if full, err := n.store.Officer(ctx, s.Officer); err == nil {
			o = full
		}
		return n.audit(tx, o, "auth.signout", s.Officer, "allow", []string{"session " + s.ID}, nil)
	})
}
