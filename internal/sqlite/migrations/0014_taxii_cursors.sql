-- 0014_taxii_cursors: where each pull from an external TAXII 2.1
-- server's collection stopped (issue 7 item 5), written in the
-- transaction that stores the objects of the page it covers, so that a
-- pull killed between pages resumes without loss or repetition.
CREATE TABLE taxii_cursors (
	server      TEXT NOT NULL,
	collection  TEXT NOT NULL,
	added_after TEXT NOT NULL,
	next        TEXT NOT NULL,
	last        TEXT NOT NULL,
	objects     INTEGER NOT NULL,
	updated     TEXT NOT NULL,
	PRIMARY KEY (server, collection)
);
