-- 0012_signin: how officers sign in to the web UI. A credential holds the
-- login name, the argon2id hash of the password (PHC string) and the TOTP
-- secret; a session is kept by the SHA-256 of its secret, which only the
-- officer's cookie holds.
CREATE TABLE credentials (
	officer_id   TEXT PRIMARY KEY REFERENCES officers(id),
	login        TEXT NOT NULL UNIQUE,
	password     TEXT NOT NULL,
	totp_secret  TEXT NOT NULL DEFAULT '',
	totp_pending TEXT NOT NULL DEFAULT '',
	failures     INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT,
	last_code    INTEGER NOT NULL DEFAULT 0,
	lang         TEXT NOT NULL DEFAULT '',
	updated      TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	officer_id TEXT NOT NULL REFERENCES officers(id),
	created    TEXT NOT NULL,
	seen       TEXT NOT NULL,
	expires    TEXT NOT NULL,
	csrf       TEXT NOT NULL,
	enrol      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_officer ON sessions (officer_id);
