package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-project/liaison"
)

const credentialColumns = `officer_id, login, password, totp_secret, totp_pending, failures, locked_until, last_code, lang, updated`

func scanCredential(sc interface{ Scan(...any) error }) (*liaison.Credential, error) {
	var (
		c       liaison.Credential
		locked  sql.NullString
		updated string
	)
	if err := sc.Scan(&c.Officer, &c.Login, &c.PasswordHash, &c.TOTPSecret, &c.TOTPPending,
		&c.Failures, &locked, &c.LastCode, &c.Lang, &updated); err != nil {
		return nil, err
	}
	var err error
	if locked.Valid {
		if c.LockedUntil, err = parseTime(locked.String); err != nil {
			return nil, err
		}
	}
	c.Updated, err = parseTime(updated)
	return &c, err
}

// Credential returns the officer's sign-in credential; ENOTFOUND when it
// has none.
func (s *Store) Credential(ctx context.Context, officer string) (*liaison.Credential, error) {
	c, err := scanCredential(s.r.queryRow(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE officer_id = ?`, officer))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "officer %s has no sign-in credential", officer)
	} else if err != nil {
		return nil, wrap("read credential of "+officer, err)
	}
	return c, nil
}

// CredentialByLogin returns the credential with the login; ENOTFOUND when
// there is none.
func (s *Store) CredentialByLogin(ctx context.Context, login string) (*liaison.Credential, error) {
	c, err := scanCredential(s.r.queryRow(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE login = ?`, login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "no officer signs in as %q", login)
	} else if err != nil {
		return nil, wrap("read credential by login", err)
	}
	return c, nil
}

// Session returns the session stored under tokenHash; ENOTFOUND when
// there is none.
func (s *Store) Session(ctx context.Context, tokenHash []byte) (*liaison.Session, error) {
	var (
		ss                     liaison.Session
		created, seen, expires string
		enrol                  int
	)
	err := s.r.queryRow(ctx, `SELECT id, officer_id, created, seen, expires, csrf, enrol FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&ss.ID, &ss.Officer, &created, &seen, &expires, &ss.CSRF, &enrol)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "no such session")
	} else if err != nil {
		return nil, wrap("read session", err)
	}
	ss.Enrol = enrol != 0
	if ss.Created, err = parseTime(created); err == nil {
		if ss.Seen, err = parseTime(seen); err == nil {
			ss.Expires, err = parseTime(expires)
		}
	}
	if err != nil {
		return nil, wrap("read session", err)
	}
	return &ss, nil
}

// PutCredential creates or replaces the officer's credential; ECONFLICT
// when another officer has the login, ENOTFOUND when the officer does not
// exist.
func (t *tx) PutCredential(c *liaison.Credential) error {
	if err := t.check(); err != nil {
		return err
	}
	var locked any
	if !c.LockedUntil.IsZero() {
		locked = fmtTime(c.LockedUntil)
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO credentials (`+credentialColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (officer_id) DO UPDATE SET login = excluded.login, password = excluded.password,
			totp_secret = excluded.totp_secret, totp_pending = excluded.totp_pending, failures = excluded.failures,
			locked_until = excluded.locked_until, last_code = excluded.last_code, lang = excluded.lang, updated = excluded.updated`,
		c.Officer, c.Login, c.PasswordHash, c.TOTPSecret, c.TOTPPending, c.Failures, locked, c.LastCode, c.Lang, fmtTime(c.Updated))
	switch {
	case isConflict(err):
		return conflict(err, "another officer signs in as %q", c.Login)
	case isForeignKey(err):
		return notFound(err, "officer %s not found", c.Officer)
	case err != nil:
		return wrap("put credential of "+c.Officer, err)
	}
	return nil
}

// PutSession creates or replaces the session stored under tokenHash.
func (t *tx) PutSession(ss *liaison.Session, tokenHash []byte) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO sessions (token_hash, id, officer_id, created, seen, expires, csrf, enrol)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET seen = excluded.seen, expires = excluded.expires,
			csrf = excluded.csrf, enrol = excluded.enrol`,
		tokenHash, ss.ID, ss.Officer, fmtTime(ss.Created), fmtTime(ss.Seen), fmtTime(ss.Expires), ss.CSRF, bit(ss.Enrol))
	switch {
	case isConflict(err):
		return conflict(err, "session %s exists", ss.ID)
	case isForeignKey(err):
		return notFound(err, "officer %s not found", ss.Officer)
	case err != nil:
		return wrap("put session "+ss.ID, err)
	}
	return nil
}

// DeleteSessions deletes the session under tokenHash, or every session
// of officer when tokenHash is nil, and returns how many it deleted.
func (t *tx) DeleteSessions(officer string, tokenHash []byte) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	var (
		r   sql.Result
		err error
	)
	if tokenHash != nil {
		r, err = t.s.w.exec(t.wctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	} else {
		r, err = t.s.w.exec(t.wctx, `DELETE FROM sessions WHERE officer_id = ?`, officer)
	}
	if err != nil {
		return 0, wrap("delete sessions", err)
	}
	k, err := r.RowsAffected()
	return int(k), err
}
