-- 0006_retention: retention and recall. What remains of purged cases and
-- messages (no content), legal holds on received messages, and the
-- originator's recalls of its messages from each receiving party.
CREATE TABLE tombstones (
	object_id TEXT PRIMARY KEY,
	kind      TEXT NOT NULL CHECK (kind IN ('case', 'message')),
	case_id   TEXT NOT NULL,
	created   TEXT NOT NULL,
	purged    TEXT NOT NULL,
	reason    TEXT NOT NULL,
	by        TEXT NOT NULL
);

-- A held message is never purged, so the reference never dangles.
CREATE TABLE holds (
	message_id TEXT PRIMARY KEY REFERENCES messages (id),
	reason     TEXT NOT NULL,
	officer_id TEXT NOT NULL,
	at         TEXT NOT NULL
);

-- No reference to messages: the originator may purge its own copy and
-- still follow the recall.
CREATE TABLE recalls (
	message_id TEXT NOT NULL,
	party      TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('recall_pending', 'purged', 'kept')),
	reason     TEXT NOT NULL,
	officer_id TEXT NOT NULL,
	requested  TEXT NOT NULL,
	at         TEXT NOT NULL,
	PRIMARY KEY (message_id, party)
) WITHOUT ROWID;

-- The purge job looks for content created before a cutoff.
CREATE INDEX messages_created ON messages (created);
CREATE INDEX cases_created ON cases (created);
