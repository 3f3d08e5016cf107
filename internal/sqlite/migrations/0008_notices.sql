-- 0008_notices: notifications. Officers' subscriptions, one notice per
-- event per officer (the UNIQUE constraint is what stops storms), the
-- webhook queue (one item per webhook per event) and the log of every
-- attempt to deliver by e-mail or webhook.
--
-- Lists are JSON arrays; times are text as elsewhere. mail_claim is the
-- time until which a dispatcher holds a notice or item it is sending.
CREATE TABLE subscriptions (
	officer_id TEXT PRIMARY KEY,
	priorities TEXT NOT NULL,
	areas      TEXT NOT NULL,
	cases      TEXT NOT NULL,
	email      INTEGER NOT NULL,
	digest     TEXT NOT NULL CHECK (digest IN ('none', 'hourly', 'daily')),
	address    TEXT NOT NULL,
	updated    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE notices (
	pos        INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id   TEXT NOT NULL,
	officer_id TEXT NOT NULL,
	kind       TEXT NOT NULL,
	object     TEXT NOT NULL,
	case_id    TEXT NOT NULL,
	crime_area TEXT NOT NULL,
	priority   TEXT NOT NULL,
	text       TEXT NOT NULL,
	time       TEXT NOT NULL,
	created    TEXT NOT NULL,
	read       TEXT,
	mail       TEXT NOT NULL CHECK (mail IN ('', 'queued', 'digest', 'sent', 'failed', 'skipped')),
	mail_after TEXT,
	mail_tries INTEGER NOT NULL,
	mail_claim TEXT,
	UNIQUE (event_id, officer_id)
);
CREATE INDEX notices_officer ON notices (officer_id, pos);
CREATE INDEX notices_mail ON notices (mail_after) WHERE mail IN ('queued', 'digest');

CREATE TABLE notify_hooks (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	hook     TEXT NOT NULL,
	event_id TEXT NOT NULL,
	kind     TEXT NOT NULL,
	body     BLOB NOT NULL,
	state    TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'failed')),
	attempts INTEGER NOT NULL,
	next     TEXT NOT NULL,
	created  TEXT NOT NULL,
	claim    TEXT,
	UNIQUE (hook, event_id)
);
CREATE INDEX notify_hooks_due ON notify_hooks (next) WHERE state = 'queued';

CREATE TABLE notify_deliveries (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	channel    TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
	target     TEXT NOT NULL,
	officer_id TEXT NOT NULL,
	ref        TEXT NOT NULL,
	attempt    INTEGER NOT NULL,
	time       TEXT NOT NULL,
	ok         INTEGER NOT NULL,
	status     TEXT NOT NULL,
	error      TEXT NOT NULL,
	digest     INTEGER NOT NULL
);
CREATE INDEX notify_deliveries_mail ON notify_deliveries (officer_id, time) WHERE channel = 'email' AND ok = 1 AND digest = 0;
