-- 0005_disseminations: onward dissemination and export as evidence, with
-- the originator's consent (issue 4 item 6). It holds what internal/sqlite's
-- 0005_disseminations.sql holds, in PostgreSQL's types.
--
-- disseminations is the receiving side: what its officers asked to pass on
-- (kind 'dissemination', to_agency set) or export as evidence (kind
-- 'export', mla_ref where recorded), and the guard's answer. consents is
-- the originating side: peers' requests for consent, answered once by a
-- supervisor. Both carry the id the requesting node assigned, so the two
-- rows of one request share it. Neither refers to messages by a foreign
-- key: the record of what was passed on outlives the purge of the content.
CREATE TABLE disseminations (
	id            text COLLATE "C" NOT NULL,
	kind          text NOT NULL CHECK (kind IN ('dissemination', 'export')),
	message_id    text COLLATE "C" NOT NULL,
	origin        text NOT NULL,
	to_agency     text NOT NULL,
	purpose       text NOT NULL,
	mla_ref       text NOT NULL,
	by_party      text NOT NULL,
	by_agency     text NOT NULL,
	by_officer    text NOT NULL,
	by_officer_id text NOT NULL,
	state         text NOT NULL CHECK (state IN ('allowed', 'refused', 'pending_consent')),
	reasons       json NOT NULL,
	created       timestamptz NOT NULL,
	decided       timestamptz,
	CONSTRAINT disseminations_pkey PRIMARY KEY (id)
);
CREATE INDEX disseminations_message ON disseminations (message_id, created, id);

CREATE TABLE consents (
	id                   text COLLATE "C" NOT NULL,
	kind                 text NOT NULL CHECK (kind IN ('dissemination', 'export')),
	message_id           text NOT NULL,
	requester_party      text NOT NULL,
	requester_agency     text NOT NULL,
	requester_officer    text NOT NULL,
	requester_officer_id text NOT NULL,
	to_agency            text NOT NULL,
	purpose              text NOT NULL,
	mla_ref              text NOT NULL,
	reasons              json NOT NULL,
	state                text NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
	reason               text NOT NULL,
	decided_by           text NOT NULL,
	decided              timestamptz,
	created              timestamptz NOT NULL,
	received             timestamptz NOT NULL,
	CONSTRAINT consents_pkey PRIMARY KEY (id)
);
CREATE INDEX consents_state ON consents (state, id);
