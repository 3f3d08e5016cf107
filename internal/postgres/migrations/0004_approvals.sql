-- 0004_approvals: whom a message is for, the sender's assessment of the
-- risk of mistreatment, and messages held for a supervisor's approval. It
-- holds what internal/sqlite's 0004_approvals.sql holds.
--
-- recipients is the liaison.Recipients as json ('{}' for none, which is what
-- the rows written before it mean); assessment is the liaison.Assessment as
-- json, NULL when the sender made none.
ALTER TABLE messages ADD COLUMN recipients json NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN assessment json;

-- A message its author composed that waits for, or was refused, release
-- (four eyes). id is the id the message takes when sent; message is the
-- liaison.Message as composed, as json, read whole. Approvals are listed in
-- pages by (txid, pos), as cases and messages are (see 0001_init.sql); the
-- state index lists the pending ones (a supervisor's queue) in that order.
CREATE TABLE approvals (
	pos        bigint GENERATED ALWAYS AS IDENTITY,
	txid       bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
	id         text NOT NULL,
	case_id    text NOT NULL,
	message    json NOT NULL,
	state      text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'escalated')),
	reasons    json NOT NULL,
	requested  timestamptz NOT NULL,
	decided_by text NOT NULL DEFAULT '',
	decided    timestamptz,
	reason     text NOT NULL DEFAULT '',
	CONSTRAINT approvals_pkey PRIMARY KEY (pos),
	CONSTRAINT approvals_id_key UNIQUE (id),
	CONSTRAINT approvals_case_fkey FOREIGN KEY (case_id) REFERENCES cases (id)
);
CREATE INDEX approvals_order ON approvals (txid, pos);
CREATE INDEX approvals_state ON approvals (state, txid, pos);
CREATE INDEX approvals_case ON approvals (case_id);
