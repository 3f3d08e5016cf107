-- 0007_requests: requests for information (issue 6, items 1 to 4).
--
-- One row per request, on both nodes, under the id the requesting node
-- assigned. history is the liaison.RequestStep list as JSON, in replay
-- order; state, assignee, acknowledged, closed and answer_message are what
-- replaying it gives, kept as columns for lists and metrics. party is the
-- party on the other side (to_party on the requesting node, from_party on
-- the receiving one); open is 1 until the request is answered, declined
-- or withdrawn. reminders are the bits of the reminders this node sent
-- (liaison.Reminders) and next_remind when the next falls due: the
-- reminder scan reads the partial index on it, so it touches only the
-- requests that are due, however many are open. No foreign key to cases:
-- a request's record outlives the purge of its case.
CREATE TABLE requests (
	pos            INTEGER PRIMARY KEY AUTOINCREMENT,
	id             TEXT NOT NULL UNIQUE,
	case_id        TEXT NOT NULL,
	question       TEXT NOT NULL,
	priority       TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'routine')),
	due            TEXT NOT NULL,
	handling       TEXT NOT NULL,
	crime_area     TEXT NOT NULL,
	from_party     TEXT NOT NULL,
	from_agency    TEXT NOT NULL,
	from_officer   TEXT NOT NULL,
	from_officer_id TEXT NOT NULL,
	to_party       TEXT NOT NULL,
	party          TEXT NOT NULL,
	inbound        INTEGER NOT NULL,
	state          TEXT NOT NULL CHECK (state IN ('sent', 'delivered', 'acknowledged',
		'partially_answered', 'answered', 'declined', 'withdrawn')),
	open           INTEGER NOT NULL,
	assignee       TEXT,
	created        TEXT NOT NULL,
	acknowledged   TEXT,
	closed         TEXT,
	answer_message TEXT NOT NULL,
	history        TEXT NOT NULL,
	reminders      INTEGER NOT NULL,
	next_remind    TEXT
);
CREATE INDEX requests_remind ON requests (next_remind) WHERE next_remind IS NOT NULL;
CREATE INDEX requests_open ON requests (open, pos);
-- Overdue requests are few among many open ones: listed by deadline.
CREATE INDEX requests_overdue ON requests (open, due, pos);
CREATE INDEX requests_state ON requests (state, pos);
CREATE INDEX requests_party ON requests (party, pos);
CREATE INDEX requests_area ON requests (crime_area, pos);
-- The lists' common pairs of filters, so that a page of them is read in
-- order without skipping over the rows of the other filter.
CREATE INDEX requests_open_party ON requests (open, party, pos);
CREATE INDEX requests_open_area ON requests (open, crime_area, pos);
CREATE INDEX requests_party_area ON requests (party, crime_area, pos);
CREATE INDEX requests_created ON requests (created);
