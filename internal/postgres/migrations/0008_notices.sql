-- 0008_notices: notifications; it holds what internal/sqlite's
-- 0008_notices.sql holds. One notice per event per officer, by the UNIQUE
-- constraint; one webhook item per webhook per event likewise. Notices
-- page by (txid, pos) as cases do (see 0001_init.sql).
CREATE TABLE subscriptions (
	officer_id text PRIMARY KEY,
	priorities json NOT NULL,
	areas      json NOT NULL,
	cases      json NOT NULL,
	email      boolean NOT NULL,
	digest     text NOT NULL CHECK (digest IN ('none', 'hourly', 'daily')),
	address    text NOT NULL,
	updated    timestamptz NOT NULL
);

CREATE TABLE notices (
	pos        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	txid       bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	event_id   text NOT NULL,
	officer_id text NOT NULL,
	kind       text NOT NULL,
	object     text NOT NULL,
	case_id    text NOT NULL,
	crime_area text NOT NULL,
	priority   text NOT NULL,
	text       text NOT NULL,
	time       timestamptz NOT NULL,
	created    timestamptz NOT NULL,
	read       timestamptz,
	mail       text NOT NULL CHECK (mail IN ('', 'queued', 'digest', 'sent', 'failed', 'skipped')),
	mail_after timestamptz,
	mail_tries integer NOT NULL,
	mail_claim timestamptz,
	CONSTRAINT notices_event_officer_key UNIQUE (event_id, officer_id)
);
CREATE INDEX notices_officer ON notices (officer_id, txid, pos);
CREATE INDEX notices_mail ON notices (mail_after) WHERE mail IN ('queued', 'digest');

CREATE TABLE notify_hooks (
	id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hook     text NOT NULL,
	event_id text NOT NULL,
	kind     text NOT NULL,
	body     bytea NOT NULL,
	state    text NOT NULL CHECK (state IN ('queued', 'delivered', 'failed')),
	attempts integer NOT NULL,
	next     timestamptz NOT NULL,
	created  timestamptz NOT NULL,
	claim    timestamptz,
	UNIQUE (hook, event_id)
);
CREATE INDEX notify_hooks_due ON notify_hooks (next) WHERE state = 'queued';

CREATE TABLE notify_deliveries (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	channel    text NOT NULL CHECK (channel IN ('email', 'webhook')),
	target     text NOT NULL,
	officer_id text NOT NULL,
	ref        text NOT NULL,
	attempt    integer NOT NULL,
	time       timestamptz NOT NULL,
	ok         boolean NOT NULL,
	status     text NOT NULL,
	error      text NOT NULL,
	digest     boolean NOT NULL
);
CREATE INDEX notify_deliveries_mail ON notify_deliveries (officer_id, time) WHERE channel = 'email' AND ok AND NOT digest;
