-- 0011_time_zone: each officer's time zone (IANA name, e.g.
-- "Asia/Kolkata"), kept with the officer's other preferences; empty is UTC.
-- Deadlines are stored in UTC and shown in this zone too.
ALTER TABLE subscriptions ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
