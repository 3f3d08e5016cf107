-- 0012_signin: how officers sign in to the web UI. A credential holds the
-- login name, the argon2id hash of the password (PHC string) and the TOTP
-- secret; a session is kept by the SHA-256 of its secret, which only the
-- officer's cookie holds.
CREATE TABLE credentials (
	officer_id   text PRIMARY KEY REFERENCES officers(id),
	login        text NOT NULL CONSTRAINT credentials_login_key UNIQUE,
	password     text NOT NULL,
	totp_secret  text NOT NULL DEFAULT '',
	totp_pending text NOT NULL DEFAULT '',
	failures     integer NOT NULL DEFAULT 0,
	locked_until timestamptz,
	last_code    bigint NOT NULL DEFAULT 0,
	lang         text NOT NULL DEFAULT '',
	updated      timestamptz NOT NULL
);

CREATE TABLE sessions (
	token_hash bytea PRIMARY KEY,
	id         text NOT NULL UNIQUE,
	officer_id text NOT NULL REFERENCES officers(id),
	created    timestamptz NOT NULL,
	seen       timestamptz NOT NULL,
	expires    timestamptz NOT NULL,
	csrf       text NOT NULL,
	enrol      boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_officer ON sessions (officer_id);
