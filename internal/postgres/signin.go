package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/liaison-project/liaison"
)

const credentialColumns = `officer_id, login, password, totp_secret, totp_pending, failures, locked_until, last_code, lang, updated`

func scanCredential(row pgx.Row) (*liaison.Credential, error) {
	var (
		c      liaison.Credential
		locked *time.Time
	)
	if err := row.Scan(&c.Officer, &c.Login, &c.PasswordHash, &c.TOTPSecret, &c.TOTPPending,
		&c.Failures, &locked, &c.LastCode, &c.Lang, &c.Updated); err != nil {
		return nil, err
	}
	if locked != nil {
		c.LockedUntil = locked.UTC()
	}
	c.Updated = c.Updated.UTC()
	return &c, nil
}

// Credential returns the officer's sign-in credential; ENOTFOUND when it
// has none.
func (s *Store) Credential(ctx context.Context, officer string) (*liaison.Credential, error) {
	c, err := scanCredential(s.pool.QueryRow(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE officer_id = $1`, officer))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "officer %s has no sign-in credential", officer)
	} else if err != nil {
		return nil, wrap("read credential of "+officer, err)
	}
	return c, nil
}

// CredentialByLogin returns the credential with the login; ENOTFOUND when
// there is none.
func (s *Store) CredentialByLogin(ctx context.Context, login string) (*liaison.Credential, error) {
	c, err := scanCredential(s.pool.QueryRow(ctx, `SELECT `+credentialColumns+` FROM credentials WHERE login = $1`, login))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "no officer signs in as %q", login)
	} else if err != nil {
		return nil, wrap("read credential by login", err)
	}
	return c, nil
}

// Session returns the session stored under tokenHash; ENOTFOUND when
// there is none.
func (s *Store) Session(ctx context.Context, tokenHash []byte) (*liaison.Session, error) {
	var ss liaison.Session
	err := s.pool.QueryRow(ctx, `SELECT id, officer_id, created, seen, expires, csrf, enrol FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&ss.ID, &ss.Officer, &ss.Created, &ss.Seen, &ss.Expires, &ss.CSRF, &ss.Enrol)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "no such session")
	} else if err != nil {
		return nil, wrap("read session", err)
	}
	ss.Created, ss.Seen, ss.Expires = ss.Created.UTC(), ss.Seen.UTC(), ss.Expires.UTC()
	return &ss, nil
}

// PutCredential creates or replaces the officer's credential; ECONFLICT
// when another officer has the login, ENOTFOUND when the officer does not
// exist.
func (t *tx) PutCredential(c *liaison.Credential) error {
	if err := t.check(); err != nil {
		return err
	}
	var locked *time.Time
	if !c.LockedUntil.IsZero() {
		locked = &c.LockedUntil
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO credentials (`+credentialColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (officer_id) DO UPDATE SET login = excluded.login, password = excluded.password,
			totp_secret = excluded.totp_secret, totp_pending = excluded.totp_pending, failures = excluded.failures,
			locked_until = excluded.locked_until, last_code = excluded.last_code, lang = excluded.lang, updated = excluded.updated`,
		c.Officer, c.Login, c.PasswordHash, c.TOTPSecret, c.TOTPPending, c.Failures, locked, c.LastCode, c.Lang, c.Updated)
	switch {
	case violates(err, "credentials_login_key"):
		return conflict(err, "another officer signs in as %q", c.Login)
	case violates(err, "credentials_officer_id_fkey"):
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
	_, err := t.tx.Exec(t.ctx, `INSERT INTO sessions (token_hash, id, officer_id, created, seen, expires, csrf, enrol)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (token_hash) DO UPDATE SET seen = excluded.seen, expires = excluded.expires,
			csrf = excluded.csrf, enrol = excluded.enrol`,
		tokenHash, ss.ID, ss.Officer, ss.Created, ss.Seen, ss.Expires, ss.CSRF, ss.Enrol)
	switch {
	case violates(err, "sessions_id_key"):
		return conflict(err, "session %s exists", ss.ID)
	case violates(err, "sessions_officer_id_fkey"):
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
	q, arg := `DELETE FROM sessions WHERE token_hash = $1`, any(tokenHash)
	if tokenHash == nil {
		q, arg = `DELETE FROM sessions WHERE officer_id = $1`, officer
	}
	tag, err := t.tx.Exec(t.ctx, q, arg)
	if err != nil {
		return 0, wrap("delete sessions", err)
	}
	return int(tag.RowsAffected()), nil
}
