-- 0004_approvals: whom a message is for, the sender's assessment of the
-- risk of mistreatment, and messages held for a supervisor's approval.
--
-- recipients is the liaison.Recipients as JSON ('{}' for none, which is what
-- the rows written before it mean); assessment is the liaison.Assessment as
-- JSON, NULL when the sender made none.
ALTER TABLE messages ADD COLUMN recipients TEXT NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN assessment TEXT;

-- A message its author composed that waits for, or was refused, release
-- (four eyes). id is the id the message takes when sent; message is the
-- liaison.Message as composed, as JSON, read whole. pos is the order of the
-- requests, which pages follow, as for cases and messages; the state index
-- lists the pending ones (a supervisor's queue) in that order.
CREATE TABLE approvals (
	pos        INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT NOT NULL UNIQUE,
	case_id    TEXT NOT NULL REFERENCES cases (id),
	message    TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'escalated')),
	reasons    TEXT NOT NULL,
	requested  TEXT NOT NULL,
	decided_by TEXT NOT NULL DEFAULT '',
	decided    TEXT,
	reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_state ON approvals (state, pos);
CREATE INDEX approvals_case ON approvals (case_id);
