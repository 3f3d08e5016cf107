-- 0001_init: the first schema of a Liaison node.
--
-- Times are UTC RFC 3339 text with exactly nine fractional digits
-- (2026-11-22T10:00:00.123456789Z), so text order is time order.
-- Lists and nested values (handling, entities, parties, areas, reasons, the
-- parsed arrangement) are JSON text: they are always read whole, never
-- searched, except the parties of a case, which case_parties indexes.

-- Officers of this node (with a token hash) and peers' officers learnt from
-- their directories (without one). Several officers may lack a token: UNIQUE
-- allows many NULLs.
CREATE TABLE officers (
	id         TEXT PRIMARY KEY,
	party      TEXT NOT NULL,
	agency     TEXT NOT NULL,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	areas      TEXT NOT NULL,
	created    TEXT NOT NULL,
	token_hash BLOB UNIQUE
);
CREATE INDEX officers_directory ON officers (party, agency, name, id);

CREATE TABLE agencies (
	party TEXT NOT NULL,
	code  TEXT NOT NULL,
	name  TEXT NOT NULL,
	PRIMARY KEY (party, code)
) WITHOUT ROWID;

CREATE TABLE peers (
	party          TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	federation_url TEXT NOT NULL,
	signing_key    BLOB,
	hpke_key       BLOB,
	cert_sha256    TEXT NOT NULL,
	added          TEXT NOT NULL
);

-- One row per peer: the sequence counters that make delivery exactly-once
-- and in order, and what the officers see of the link's health. up is kept
-- apart from last_error so that the last failure stays visible after the
-- link recovers.
CREATE TABLE links (
	peer            TEXT PRIMARY KEY REFERENCES peers (party),
	next_seq        INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
	last_in_seq     INTEGER NOT NULL DEFAULT 0 CHECK (last_in_seq >= 0),
	up              INTEGER NOT NULL DEFAULT 0 CHECK (up IN (0, 1)),
	last_delivery   TEXT,
	last_attempt    TEXT,
	last_error      TEXT NOT NULL DEFAULT '',
	last_error_at   TEXT,
	last_refusal    TEXT NOT NULL DEFAULT '',
	last_refusal_at TEXT
);

-- raw is the file exactly as applied (its SHA-256 is the id); terms is the
-- parsed liaison.Arrangement as JSON, so reading needs no TOML parser.
CREATE TABLE arrangements (
	id      TEXT PRIMARY KEY,
	raw     BLOB NOT NULL,
	applied TEXT NOT NULL,
	terms   TEXT NOT NULL
);
CREATE INDEX arrangements_applied ON arrangements (applied);

-- pos is the local storage order that pages follow. AUTOINCREMENT keeps a
-- purged last row's pos from being reused, which would hide a new row from
-- a client holding that cursor.
CREATE TABLE cases (
	pos           INTEGER PRIMARY KEY AUTOINCREMENT,
	id            TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL,
	crime_area    TEXT NOT NULL,
	parties       TEXT NOT NULL,
	origin        TEXT NOT NULL,
	arrangement   TEXT NOT NULL,
	handling      TEXT NOT NULL,
	by_party      TEXT NOT NULL,
	by_agency     TEXT NOT NULL,
	by_officer    TEXT NOT NULL,
	by_officer_id TEXT NOT NULL,
	created       TEXT NOT NULL
);
CREATE INDEX cases_area ON cases (crime_area, pos);

-- The parties of each case again, one row each, so that "cases with party
-- X" is an index range instead of a scan of every case's JSON.
CREATE TABLE case_parties (
	party    TEXT NOT NULL,
	case_pos INTEGER NOT NULL REFERENCES cases (pos) ON DELETE CASCADE,
	PRIMARY KEY (party, case_pos)
) WITHOUT ROWID;
CREATE INDEX case_parties_case ON case_parties (case_pos);

CREATE TABLE messages (
	pos             INTEGER PRIMARY KEY AUTOINCREMENT,
	id              TEXT NOT NULL UNIQUE,
	case_id         TEXT NOT NULL REFERENCES cases (id),
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	handling        TEXT NOT NULL,
	entities        TEXT NOT NULL,
	from_party      TEXT NOT NULL,
	from_agency     TEXT NOT NULL,
	from_officer    TEXT NOT NULL,
	from_officer_id TEXT NOT NULL,
	created         TEXT NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'read', 'refused')),
	inbound         INTEGER NOT NULL CHECK (inbound IN (0, 1)),
	received        TEXT
);
CREATE INDEX messages_case ON messages (case_id, pos);
CREATE INDEX messages_inbound ON messages (inbound, pos);

-- The durable outbox: one row per item per peer, numbered by the link.
CREATE TABLE outbox (
	peer        TEXT NOT NULL REFERENCES links (peer),
	seq         INTEGER NOT NULL CHECK (seq >= 1),
	kind        TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	arrangement TEXT NOT NULL,
	payload     BLOB NOT NULL,
	created     TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'refused')),
	reason      TEXT NOT NULL DEFAULT '',
	settled     TEXT,
	receipt_id  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (peer, seq)
);
-- Only queued rows are ever listed or counted by peer; settled ones drop
-- out of this index, which stays as small as the backlog.
CREATE INDEX outbox_queued ON outbox (peer, seq) WHERE state = 'queued';
CREATE INDEX outbox_object ON outbox (object_id);

-- What was taken from each peer, whatever became of it: with
-- links.last_in_seq it makes the inbox idempotent.
CREATE TABLE inbound (
	peer        TEXT NOT NULL REFERENCES links (peer),
	seq         INTEGER NOT NULL CHECK (seq >= 1),
	envelope_id TEXT NOT NULL,
	kind        TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('stored', 'refused')),
	reason      TEXT NOT NULL DEFAULT '',
	received    TEXT NOT NULL,
	PRIMARY KEY (peer, seq)
) WITHOUT ROWID;

CREATE TABLE receipts (
	id          TEXT PRIMARY KEY,
	peer        TEXT NOT NULL REFERENCES peers (party),
	envelope_id TEXT NOT NULL,
	body        BLOB NOT NULL,
	sig         BLOB NOT NULL,
	received    TEXT NOT NULL
);

-- The audit log is append-only: its entries feed a Merkle log whose signed
-- checkpoints peers hold, so a changed or deleted row is a broken promise.
-- The triggers make that a database error instead of a silent edit.
CREATE TABLE audit (
	idx          INTEGER PRIMARY KEY CHECK (idx >= 1),
	time         TEXT NOT NULL,
	party        TEXT NOT NULL,
	agency       TEXT NOT NULL,
	officer      TEXT NOT NULL,
	action       TEXT NOT NULL,
	object       TEXT NOT NULL,
	decision     TEXT NOT NULL,
	reasons      TEXT NOT NULL,
	content_hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
