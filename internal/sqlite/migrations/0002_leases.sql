-- 0002_leases: leases that let one process of several hold a job (the
-- sender of a peer link) and another take it over when the holder dies.
CREATE TABLE leases (
	name    TEXT PRIMARY KEY,
	holder  TEXT NOT NULL,
	expires TEXT NOT NULL
) WITHOUT ROWID;
