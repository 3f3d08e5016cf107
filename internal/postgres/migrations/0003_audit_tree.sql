-- 0003_audit_tree: the audit log's Merkle tree (RFC 6962) beside the log.
-- audit_leaves holds each entry's leaf hash, computed when it was appended,
-- append-only like the log: `liaison audit verify` compares the entries
-- with it. audit_tree holds the tree's size and compact range (the roots
-- of the perfect subtrees on its right edge, 32 bytes each) in one row;
-- AppendAudit locks that row, so appends from every process take turns as
-- they did on audit_head, which it replaces. A database migrated with
-- entries already in it gets their leaves when the store opens
-- (catchUpAudit).
CREATE TABLE audit_leaves (
	idx  bigint NOT NULL CHECK (idx >= 1),
	hash bytea NOT NULL CHECK (length(hash) = 32),
	CONSTRAINT audit_leaves_pkey PRIMARY KEY (idx)
);
CREATE TRIGGER audit_leaves_no_update BEFORE UPDATE OR DELETE ON audit_leaves
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_leaves_no_truncate BEFORE TRUNCATE ON audit_leaves
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TABLE audit_tree (
	one     boolean NOT NULL DEFAULT true CHECK (one),
	size    bigint NOT NULL CHECK (size >= 0),
	compact bytea NOT NULL,
	CONSTRAINT audit_tree_pkey PRIMARY KEY (one)
);
INSERT INTO audit_tree (size, compact) VALUES (0, '');
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE OR TRUNCATE ON audit_tree
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
DROP TABLE audit_head;

-- Signed checkpoints of audit logs, this node's own and its peers', as
-- signed or received. One per party and size: a second with another root
-- is a fork, refused by the key and raised as an alarm by the node.
CREATE TABLE audit_checkpoints (
	party    text COLLATE "C" NOT NULL,
	size     bigint NOT NULL CHECK (size >= 0),
	root     bytea NOT NULL CHECK (length(root) = 32),
	note     bytea NOT NULL,
	received timestamptz NOT NULL,
	CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (party, size)
);

-- The latest failed check of a peer's audit log, shown on its link.
ALTER TABLE links ADD COLUMN audit_alarm text NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN audit_alarm_at timestamptz;
