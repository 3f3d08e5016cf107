-- 0002_leases: leases that let one process of several hold a job (the
-- sender of a peer link) and another take it over when the holder dies.
-- Expiry is by the database's clock, which every process shares.
CREATE TABLE leases (
	name    text PRIMARY KEY,
	holder  text NOT NULL,
	expires timestamptz NOT NULL
);
