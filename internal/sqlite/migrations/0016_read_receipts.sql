-- 0016_read_receipts: which agency of a receiving party first read a
-- message this node sent, and when (the read notice's content; before,
-- only the message's state recorded that it was read).
CREATE TABLE read_receipts (
	message_id TEXT NOT NULL,
	party      TEXT NOT NULL,
	agency     TEXT NOT NULL,
	at         TEXT NOT NULL,
	PRIMARY KEY (message_id, party)
);
