-- 0001_init: the first schema of a Liaison node on PostgreSQL. It holds
-- what internal/sqlite's 0001_init.sql holds, in PostgreSQL's types.
--
-- Times are timestamptz: UTC instants to the microsecond, PostgreSQL's
-- precision. Lists and nested values (handling, entities, parties, areas,
-- reasons, the parsed arrangement) are json, which keeps the text exactly as
-- written and, unlike jsonb, accepts every string Go encodes (jsonb refuses
-- \u0000). They are always read whole, never searched, except the parties of
-- a case, which case_parties indexes. Bytes whose exact value matters (the
-- arrangement file, payloads, receipt bodies and signatures) are bytea.
--
-- Text that is sorted or compared for order is COLLATE "C": byte order, as in
-- SQLite, whatever locale the database was created with, so both stores list
-- the directory, peers and deliveries in the same order.

-- Officers of this node (with a token hash) and peers' officers learnt from
-- their directories (without one). A UNIQUE column takes many NULLs.
CREATE TABLE officers (
	id         text COLLATE "C" NOT NULL,
	party      text COLLATE "C" NOT NULL,
	agency     text COLLATE "C" NOT NULL,
	name       text COLLATE "C" NOT NULL,
	role       text NOT NULL,
	areas      json NOT NULL,
	created    timestamptz NOT NULL,
	token_hash bytea,
	CONSTRAINT officers_pkey PRIMARY KEY (id),
	CONSTRAINT officers_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX officers_directory ON officers (party, agency, name, id);

CREATE TABLE agencies (
	party text COLLATE "C" NOT NULL,
	code  text COLLATE "C" NOT NULL,
	name  text NOT NULL,
	CONSTRAINT agencies_pkey PRIMARY KEY (party, code)
);

CREATE TABLE peers (
	party          text COLLATE "C" NOT NULL,
	name           text NOT NULL,
	federation_url text NOT NULL,
	signing_key    bytea,
	hpke_key       bytea,
	cert_sha256    text NOT NULL,
	added          timestamptz NOT NULL,
	CONSTRAINT peers_pkey PRIMARY KEY (party)
);

-- One row per peer: the sequence counters that make delivery exactly-once
-- and in order, and what the officers see of the link's health. The row is
-- also the lock that orders a link: Enqueue updates next_seq and Take reads
-- last_in_seq FOR UPDATE, so concurrent transactions on one link, from any
-- number of processes, queue on it and the sequences have no gaps.
CREATE TABLE links (
	peer            text COLLATE "C" NOT NULL REFERENCES peers (party),
	next_seq        bigint NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
	last_in_seq     bigint NOT NULL DEFAULT 0 CHECK (last_in_seq >= 0),
	up              boolean NOT NULL DEFAULT false,
	last_delivery   timestamptz,
	last_attempt    timestamptz,
	last_error      text NOT NULL DEFAULT '',
	last_error_at   timestamptz,
	last_refusal    text NOT NULL DEFAULT '',
	last_refusal_at timestamptz,
	CONSTRAINT links_pkey PRIMARY KEY (peer)
);

-- raw is the file exactly as applied (its SHA-256 is the id); terms is the
-- parsed liaison.Arrangement as JSON, so reading needs no TOML parser. pos
-- orders arrangements applied at the same instant.
CREATE TABLE arrangements (
	id      text NOT NULL,
	pos     bigint GENERATED ALWAYS AS IDENTITY,
	raw     bytea NOT NULL,
	applied timestamptz NOT NULL,
	terms   json NOT NULL,
	CONSTRAINT arrangements_pkey PRIMARY KEY (id)
);
CREATE INDEX arrangements_applied ON arrangements (applied DESC, pos DESC);

-- Cases and messages are listed in pages, in the order this node stored
-- them, by (txid, pos): the transaction that stored the row, then the row's
-- place in it. pos alone would not do: several transactions draw positions at
-- once and may commit in another order, and a page read between those
-- commits would hand out a cursor past a row that becomes visible later. The
-- pages show only rows whose transaction is older than every transaction
-- still running (see the horizon in case.go), and every row that appears
-- later has a younger transaction, so it sorts after any cursor already
-- given. txid is the 64-bit, never-wrapping transaction id.
CREATE TABLE cases (
	pos           bigint GENERATED ALWAYS AS IDENTITY,
	txid          bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	id            text NOT NULL,
	title         text NOT NULL,
	crime_area    text NOT NULL,
	parties       json NOT NULL,
	origin        text NOT NULL,
	arrangement   text NOT NULL,
	handling      json NOT NULL,
	by_party      text NOT NULL,
	by_agency     text NOT NULL,
	by_officer    text NOT NULL,
	by_officer_id text NOT NULL,
	created       timestamptz NOT NULL,
	CONSTRAINT cases_pkey PRIMARY KEY (pos),
	CONSTRAINT cases_id_key UNIQUE (id)
);
CREATE INDEX cases_order ON cases (txid, pos);
CREATE INDEX cases_area ON cases (crime_area, txid, pos);

-- The parties of each case again, one row each, so that "cases with party
-- X" is an index range, in page order, instead of a scan of every case.
CREATE TABLE case_parties (
	party     text NOT NULL,
	case_txid bigint NOT NULL,
	case_pos  bigint NOT NULL REFERENCES cases (pos) ON DELETE CASCADE,
	CONSTRAINT case_parties_pkey PRIMARY KEY (party, case_txid, case_pos)
);
CREATE INDEX case_parties_case ON case_parties (case_pos);

CREATE TABLE messages (
	pos             bigint GENERATED ALWAYS AS IDENTITY,
	txid            bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	id              text NOT NULL,
	case_id         text NOT NULL,
	subject         text NOT NULL,
	body            text NOT NULL,
	handling        json NOT NULL,
	entities        json NOT NULL,
	from_party      text NOT NULL,
	from_agency     text NOT NULL,
	from_officer    text NOT NULL,
	from_officer_id text NOT NULL,
	created         timestamptz NOT NULL,
	state           text NOT NULL CHECK (state IN ('queued', 'delivered', 'read', 'refused')),
	inbound         boolean NOT NULL,
	received        timestamptz,
	CONSTRAINT messages_pkey PRIMARY KEY (pos),
	CONSTRAINT messages_id_key UNIQUE (id),
	CONSTRAINT messages_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id)
);
CREATE INDEX messages_order ON messages (txid, pos);
CREATE INDEX messages_case ON messages (case_id, txid, pos);
CREATE INDEX messages_inbound ON messages (inbound, txid, pos);

-- The durable outbox: one row per item per peer, numbered by the link.
CREATE TABLE outbox (
	peer        text COLLATE "C" NOT NULL REFERENCES links (peer),
	seq         bigint NOT NULL CHECK (seq >= 1),
	kind        text NOT NULL,
	object_id   text NOT NULL,
	arrangement text NOT NULL,
	payload     bytea NOT NULL,
	created     timestamptz NOT NULL,
	state       text NOT NULL CHECK (state IN ('queued', 'delivered', 'refused')),
	reason      text NOT NULL DEFAULT '',
	settled     timestamptz,
	receipt_id  text NOT NULL DEFAULT '',
	CONSTRAINT outbox_pkey PRIMARY KEY (peer, seq)
);
-- Only queued rows are ever listed or counted by peer; settled ones drop
-- out of this index, which stays as small as the backlog.
CREATE INDEX outbox_queued ON outbox (peer, seq) WHERE state = 'queued';
CREATE INDEX outbox_object ON outbox (object_id);

-- What was taken from each peer, whatever became of it: with
-- links.last_in_seq it makes the inbox idempotent.
CREATE TABLE inbound (
	peer        text COLLATE "C" NOT NULL REFERENCES links (peer),
	seq         bigint NOT NULL CHECK (seq >= 1),
	envelope_id text NOT NULL,
	kind        text NOT NULL,
	object_id   text NOT NULL,
	status      text NOT NULL CHECK (status IN ('stored', 'refused')),
	reason      text NOT NULL DEFAULT '',
	received    timestamptz NOT NULL,
	CONSTRAINT inbound_pkey PRIMARY KEY (peer, seq)
);

CREATE TABLE receipts (
	id          text NOT NULL,
	peer        text COLLATE "C" NOT NULL,
	envelope_id text NOT NULL,
	body        bytea NOT NULL,
	sig         bytea NOT NULL,
	received    timestamptz NOT NULL,
	CONSTRAINT receipts_pkey PRIMARY KEY (id),
	CONSTRAINT receipts_peer_fkey FOREIGN KEY (peer) REFERENCES peers (party)
);

-- The audit log is append-only: its entries feed a Merkle log whose signed
-- checkpoints peers hold, so a changed or deleted row is a broken promise.
-- The triggers make that a database error instead of a silent edit.
CREATE TABLE audit (
	idx          bigint NOT NULL CHECK (idx >= 1),
	time         timestamptz NOT NULL,
	party        text NOT NULL,
	agency       text NOT NULL,
	officer      text NOT NULL,
	action       text NOT NULL,
	object       text NOT NULL,
	decision     text NOT NULL,
	reasons      json NOT NULL,
	content_hash text NOT NULL,
	CONSTRAINT audit_pkey PRIMARY KEY (idx)
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The index of the last audit entry, in one row. AppendAudit updates it and
-- inserts the entry in one statement; the row stays locked until the
-- transaction ends, so appends from every process take turns, each index is
-- used once, and a rolled-back append gives its index back (a sequence would
-- leave a gap). Entries become visible in index order.
CREATE TABLE audit_head (
	one boolean NOT NULL DEFAULT true CHECK (one),
	idx bigint NOT NULL CHECK (idx >= 0),
	CONSTRAINT audit_head_pkey PRIMARY KEY (one)
);
INSERT INTO audit_head (idx) VALUES (0);
CREATE TRIGGER audit_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_head
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
