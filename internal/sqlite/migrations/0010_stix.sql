-- 0010_stix: STIX 2.1 object versions held in TAXII 2.1 collections
-- (issue 7 item 2), and the status resources of add-objects requests.
-- seq is the node's sequence of added rows (AUTOINCREMENT never reuses a
-- number; the single writer commits in seq order), the cursor of every
-- page, so rows sharing one date_added are never lost or repeated.
-- modified and date_added are times in the fixed nine-digit layout, which
-- sorts as text; modified is '' for an unversioned SCO. raw is the
-- object's JSON exactly as received.
CREATE TABLE stix_objects (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	collection   TEXT NOT NULL,
	id           TEXT NOT NULL,
	type         TEXT NOT NULL,
	spec_version TEXT NOT NULL,
	modified     TEXT NOT NULL,
	date_added   TEXT NOT NULL,
	tlp          TEXT NOT NULL,
	agency       TEXT NOT NULL,
	raw          BLOB NOT NULL,
	UNIQUE (collection, id, modified)
);
CREATE INDEX stix_objects_collection_seq ON stix_objects (collection, seq);
CREATE INDEX stix_objects_collection_type_seq ON stix_objects (collection, type, seq);

CREATE TABLE stix_statuses (
	id                TEXT PRIMARY KEY,
	collection        TEXT NOT NULL,
	status            TEXT NOT NULL,
	request_timestamp TEXT NOT NULL,
	total_count       INTEGER NOT NULL,
	successes         TEXT NOT NULL,
	failures          TEXT NOT NULL,
	pendings          TEXT NOT NULL
);
