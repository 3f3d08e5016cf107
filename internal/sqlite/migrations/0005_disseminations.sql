-- 0005_disseminations: onward dissemination and export as evidence, with
-- the originator's consent (issue 4 item 6).
--
-- disseminations is the receiving side: what its officers asked to pass on
-- (kind 'dissemination', to_agency set) or export as evidence (kind
-- 'export', mla_ref where recorded), and the guard's answer. consents is
-- the originating side: peers' requests for consent, answered once by a
-- supervisor. Both carry the id the requesting node assigned, so the two
-- rows of one request share it. Neither refers to messages by a foreign
-- key: the record of what was passed on outlives the purge of the content.
CREATE TABLE disseminations (
	id            TEXT PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('dissemination', 'export')),
	message_id    TEXT NOT NULL,
	origin        TEXT NOT NULL,
	to_agency     TEXT NOT NULL,
	purpose       TEXT NOT NULL,
	mla_ref       TEXT NOT NULL,
	by_party      TEXT NOT NULL,
	by_agency     TEXT NOT NULL,
	by_officer    TEXT NOT NULL,
	by_officer_id TEXT NOT NULL,
	state         TEXT NOT NULL CHECK (state IN ('allowed', 'refused', 'pending_consent')),
	reasons       TEXT NOT NULL,
	created       TEXT NOT NULL,
	decided       TEXT
);
CREATE INDEX disseminations_message ON disseminations (message_id, created, id);

CREATE TABLE consents (
	id                   TEXT PRIMARY KEY,
	kind                 TEXT NOT NULL CHECK (kind IN ('dissemination', 'export')),
	message_id           TEXT NOT NULL,
	requester_party      TEXT NOT NULL,
	requester_agency     TEXT NOT NULL,
	requester_officer    TEXT NOT NULL,
	requester_officer_id TEXT NOT NULL,
	to_agency            TEXT NOT NULL,
	purpose              TEXT NOT NULL,
	mla_ref              TEXT NOT NULL,
	reasons              TEXT NOT NULL,
	state                TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
	reason               TEXT NOT NULL,
	decided_by           TEXT NOT NULL,
	decided              TEXT,
	created              TEXT NOT NULL,
	received             TEXT NOT NULL
);
CREATE INDEX consents_state ON consents (state, id);
