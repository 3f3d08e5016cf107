-- 0010_stix: STIX 2.1 object versions held in TAXII 2.1 collections
-- (issue 7 item 2), and the status resources of add-objects requests.
-- seq comes from the one row of stix_seq, which an adding transaction
-- locks until it commits: transactions that add objects therefore commit
-- in the order of the numbers they drew, and a reader's cursor over seq
-- never passes a row still to be committed (a plain sequence would let a
-- later number commit first). modified is a time in a fixed nine-digit
-- text layout (STIX allows more precision than timestamptz keeps), ''
-- for an unversioned SCO. raw is the object's JSON exactly as received.
CREATE TABLE stix_seq (
	one  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
	last BIGINT NOT NULL
);
INSERT INTO stix_seq (one, last) VALUES (TRUE, 0);

CREATE TABLE stix_objects (
	seq          BIGINT PRIMARY KEY,
	collection   TEXT NOT NULL,
	id           TEXT NOT NULL,
	type         TEXT NOT NULL,
	spec_version TEXT NOT NULL,
	modified     TEXT NOT NULL,
	date_added   TIMESTAMPTZ NOT NULL,
	tlp          TEXT NOT NULL,
	agency       TEXT NOT NULL,
	raw          BYTEA NOT NULL,
	CONSTRAINT stix_objects_version UNIQUE (collection, id, modified)
);
CREATE INDEX stix_objects_collection_seq ON stix_objects (collection, seq);
CREATE INDEX stix_objects_collection_type_seq ON stix_objects (collection, type, seq);

CREATE TABLE stix_statuses (
	id                TEXT PRIMARY KEY,
	collection        TEXT NOT NULL,
	status            TEXT NOT NULL,
	request_timestamp TIMESTAMPTZ NOT NULL,
	total_count       INTEGER NOT NULL,
	successes         JSON NOT NULL,
	failures          JSON NOT NULL,
	pendings          JSON NOT NULL
);
