-- 0006_retention: retention and recall. What remains of purged cases and
-- messages (no content), legal holds on received messages, and the
-- originator's recalls of its messages from each receiving party.
CREATE TABLE tombstones (
	object_id text PRIMARY KEY,
	kind      text NOT NULL CHECK (kind IN ('case', 'message')),
	case_id   text NOT NULL,
	created   timestamptz NOT NULL,
	purged    timestamptz NOT NULL,
	reason    text NOT NULL,
	by        text NOT NULL
);

-- A held message is never purged, so the reference never dangles.
CREATE TABLE holds (
	message_id text PRIMARY KEY REFERENCES messages (id),
	reason     text NOT NULL,
	officer_id text NOT NULL,
	at         timestamptz NOT NULL
);

-- No reference to messages: the originator may purge its own copy and
-- still follow the recall.
CREATE TABLE recalls (
	message_id text NOT NULL,
	party      text COLLATE "C" NOT NULL,
	state      text NOT NULL CHECK (state IN ('recall_pending', 'purged', 'kept')),
	reason     text NOT NULL,
	officer_id text NOT NULL,
	requested  timestamptz NOT NULL,
	at         timestamptz NOT NULL,
	PRIMARY KEY (message_id, party)
);

-- The purge job looks for content created before a cutoff.
CREATE INDEX messages_created ON messages (created);
CREATE INDEX cases_created ON cases (created);
