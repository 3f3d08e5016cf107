-- 0003_audit_tree: the audit log's Merkle tree (RFC 6962) beside the log.
-- audit_leaves holds each entry's leaf hash, computed when it was appended,
-- append-only like the log: `liaison audit verify` compares the entries
-- with it. audit_tree holds the tree's size and compact range (the roots
-- of the perfect subtrees on its right edge, 32 bytes each), updated in the
-- transaction of each append, so the current root costs no scan. A
-- database migrated with entries already in it gets their leaves when the
-- store opens (catchUpAudit).
CREATE TABLE audit_leaves (
	idx  INTEGER PRIMARY KEY CHECK (idx >= 1),
	hash BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE TRIGGER audit_leaves_no_update BEFORE UPDATE ON audit_leaves
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_leaves_no_delete BEFORE DELETE ON audit_leaves
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE audit_tree (
	one     INTEGER PRIMARY KEY CHECK (one = 1),
	size    INTEGER NOT NULL CHECK (size >= 0),
	compact BLOB NOT NULL
);
INSERT INTO audit_tree (one, size, compact) VALUES (1, 0, x'');
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Signed checkpoints of audit logs, this node's own and its peers', as
-- signed or received. One per party and size: a second with another root
-- is a fork, refused by the key and raised as an alarm by the node.
CREATE TABLE audit_checkpoints (
	party    TEXT NOT NULL,
	size     INTEGER NOT NULL CHECK (size >= 0),
	root     BLOB NOT NULL CHECK (length(root) = 32),
	note     BLOB NOT NULL,
	received TEXT NOT NULL,
	PRIMARY KEY (party, size)
) WITHOUT ROWID;

-- The latest failed check of a peer's audit log, shown on its link.
ALTER TABLE links ADD COLUMN audit_alarm TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN audit_alarm_at TEXT;
