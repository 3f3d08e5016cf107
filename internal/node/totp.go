package node

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP as authenticator apps expect it (RFC 6238 with its defaults):
// 30-second steps, six digits, HMAC-SHA-1. One step either side is
// accepted for clocks that drift (RFC 6238 section 5.2).
const (
	totpPeriod = 30
	totpSkew   = 1
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// checkTOTP reports whether code is secret's code for a time step within
// totpSkew of now and later than last (a code is never accepted twice),
// and returns that step.
func checkTOTP(secret, code string, now time.Time, last int64) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		s := step + d
		if s <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// BeginTOTP offers a new TOTP secret to the officer of the session whose
// secret token is: it returns the otpauth URL (for the QR code), the
// base32 secret (to type in) and the QR code as a PNG. The secret is kept
// pending and replaces nothing until ConfirmTOTP receives a code of it.
// EUNAUTHORIZED as SessionOfficer.
func (n *Node) BeginTOTP(ctx context.Context, token string) (string, string, []byte, error) {
	o, _, err := n.SessionOfficer(ctx, token, "")
	if err != nil {
		return "", "", nil, err
	}
	c, err := n.store.Credential(ctx, o.ID)
	if err != nil {
		return "", "", nil, err
	}
	if c.TOTPPending == "" {
		key, err := totp.Generate(totp.GenerateOpts{Issuer: "Liaison " + n.party, AccountName: c.Login,
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return "", "", nil, err
		}
		c.TOTPPending, c.Updated = key.Secret(), n.clock()
		if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error { return tx.PutCredential(c) }); err != nil {
			return "", "", nil, err
		}
	}
	u, err := totpURL(n.party, c.Login, c.TOTPPending)
	if err != nil {
		return "", "", nil, err
	}
	key, err := otp.NewKeyFromURL(u)
	if err != nil {
		return "", "", nil, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", "", nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", "", nil, err
	}
	return key.URL(), c.TOTPPending, buf.Bytes(), nil
}

// totpURL is the otpauth URL of a base32 secret, in the Key Uri Format
// that authenticator apps read.
func totpURL(party, login, secret string) (string, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return "", err
	}
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "Liaison " + party, AccountName: login,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return "", err
	}
	return k.URL(), nil
}

// ConfirmTOTP checks code against the pending secret of the session's
// officer and, when it matches, makes it the officer's second factor and
// turns an enrolment-only session into a full one. Audited as
// "auth.totp". EINVALID when there is no pending secret; EUNAUTHORIZED
// for a wrong code (counted like a failed sign-in from remote, the
// request's address) or as SessionOfficer.
func (n *Node) ConfirmTOTP(ctx context.Context, token, code, remote string) error {
	o, s, err := n.SessionOfficer(ctx, token, remote)
	if err != nil {
		return err
	}
	c, err := n.store.Credential(ctx, o.ID)
	if err != nil {
		return err
	}
	if c.TOTPPending == "" {
		return liaison.Errorf(liaison.EINVALID, "no second factor is being enrolled; start again")
	}
	now := n.clock()
	if now.Before(c.LockedUntil) {
		wait := c.LockedUntil.Sub(now).Round(time.Second)
		return &liaison.Error{Code: liaison.ELIMITED, RetryAfter: wait,
			Message: fmt.Sprintf("this account is locked after %d failed sign-ins; try again in %s", lockAfter, wait)}
	}
	step, ok := checkTOTP(c.TOTPPending, code, now, 0)
	if !ok {
		return n.signInFailed(ctx, c, c.Login, remote, "wrong TOTP code at enrolment", now)
	}
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		c.TOTPSecret, c.TOTPPending, c.LastCode, c.Failures, c.Updated = c.TOTPPending, "", step, 0, now
		if err := tx.PutCredential(c); err != nil {
			return err
		}
		s.Enrol, s.Seen = false, now
		if err := tx.PutSession(s, HashToken(token)); err != nil {
			return err
		}
		return n.audit(tx, o, "auth.totp", o.ID, "allow", []string{"second factor enrolled", "session " + s.ID}, nil)
	})
}

// Preferences returns the actor's language and time zone (the time zone
// is the one of their notice subscription, so that mail and pages agree).
func (n *Node) Preferences(ctx context.Context, actor *liaison.Officer) (liaison.Preferences, error) {
	var p liaison.Preferences
	c, err := n.store.Credential(ctx, actor.ID)
	switch {
	case err == nil:
		p.Lang = c.Lang
	case liaison.ErrorCode(err) != liaison.ENOTFOUND:
		return p, err
	}
	sub, err := n.store.Subscription(ctx, actor.ID)
	switch {
	case err == nil:
		p.TimeZone = sub.TimeZone
	case liaison.ErrorCode(err) != liaison.ENOTFOUND:
		return p, err
	}
	return p, nil
}

// SetPreferences sets the actor's language and time zone; audited as
// "officer.preferences". EINVALID names the field; ENOTFOUND when the
// actor has no sign-in credential.
func (n *Node) SetPreferences(ctx context.Context, actor *liaison.Officer, p liaison.Preferences) error {
	if err := p.Validate(); err != nil {
		return err
	}
	c, err := n.store.Credential(ctx, actor.ID)
	if err != nil {
		return err
	}
	sub, err := n.store.Subscription(ctx, actor.ID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		d := liaison.DefaultSubscription(actor.ID)
		sub = &d
	} else if err != nil {
		return err
	}
	now := n.clock()
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		c.Lang, c.Updated = p.Lang, now
		if err := tx.PutCredential(c); err != nil {
			return err
		}
		if sub.TimeZone != p.TimeZone {
			sub.TimeZone, sub.Updated = p.TimeZone, now
			if err := tx.PutSubscription(sub); err != nil {
				return err
			}
		}
		return n.audit(tx, actor, "officer.preferences", actor.ID, "allow",
			[]string{"language " + orDash(p.Lang), "time zone " + orDash(p.TimeZone)}, nil)
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
