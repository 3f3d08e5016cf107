-- 0013_stix_origin: the party a STIX object version was received from
-- through an arrangement's shared TAXII collection (issue 7 item 4); ''
-- for versions added on this node. Received versions are never shared
-- again, so two nodes never echo an object back and forth.
ALTER TABLE stix_objects ADD COLUMN origin TEXT NOT NULL DEFAULT '';
