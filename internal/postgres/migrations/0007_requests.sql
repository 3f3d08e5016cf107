-- 0007_requests: requests for information (issue 6, items 1 to 4). It
-- holds what internal/sqlite's 0007_requests.sql holds, in PostgreSQL's
-- types; lists page by (txid, pos) as approvals do (see 0001_init.sql).
CREATE TABLE requests (
	pos             bigint GENERATED ALWAYS AS IDENTITY,
	txid            bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	id              text COLLATE "C" NOT NULL,
	case_id         text NOT NULL,
	question        text NOT NULL,
	priority        text NOT NULL CHECK (priority IN ('urgent', 'high', 'routine')),
	due             timestamptz NOT NULL,
	handling        json NOT NULL,
	crime_area      text NOT NULL,
	from_party      text NOT NULL,
	from_agency     text NOT NULL,
	from_officer    text NOT NULL,
	from_officer_id text NOT NULL,
	to_party        text NOT NULL,
	party           text NOT NULL,
	inbound         boolean NOT NULL,
	state           text NOT NULL CHECK (state IN ('sent', 'delivered', 'acknowledged',
		'partially_answered', 'answered', 'declined', 'withdrawn')),
	open            boolean NOT NULL,
	assignee        json,
	created         timestamptz NOT NULL,
	acknowledged    timestamptz,
	closed          timestamptz,
	answer_message  text NOT NULL,
	history         json NOT NULL,
	reminders       integer NOT NULL,
	next_remind     timestamptz,
	CONSTRAINT requests_pkey PRIMARY KEY (pos),
	CONSTRAINT requests_id_key UNIQUE (id)
);
CREATE INDEX requests_order ON requests (txid, pos);
CREATE INDEX requests_remind ON requests (next_remind) WHERE next_remind IS NOT NULL;
CREATE INDEX requests_open ON requests (open, txid, pos);
CREATE INDEX requests_overdue ON requests (open, due, pos);
CREATE INDEX requests_state ON requests (state, txid, pos);
CREATE INDEX requests_party ON requests (party, txid, pos);
CREATE INDEX requests_area ON requests (crime_area, txid, pos);
CREATE INDEX requests_open_party ON requests (open, party, txid, pos);
CREATE INDEX requests_open_area ON requests (open, crime_area, txid, pos);
CREATE INDEX requests_party_area ON requests (party, crime_area, txid, pos);
CREATE INDEX requests_created ON requests (created);
