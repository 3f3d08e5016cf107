-- 0016_read_receipts: which agency of a receiving party first read a
-- message this node sent, and when (the read notice's content; before,
-- only the message's state recorded that it was read).
CREATE TABLE read_receipts (
	message_id text NOT NULL,
	party      text NOT NULL,
	agency     text NOT NULL,
	at         timestamptz NOT NULL,
	PRIMARY KEY (message_id, party)
);
