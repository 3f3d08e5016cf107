package main

import (
	"database/sql"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// The helpers here act as an attacker who owns a stopped node's SQLite
// file: the append-only triggers are the database's, so they drop them,
// edit the audit log, and may rewrite the leaf hashes and the tree to
// match, as the node would have computed them.

// tamper drops the audit log's append-only triggers in the SQLite file
// and runs each statement.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range append([]string{
		`DROP TRIGGER IF EXISTS audit_no_update`,
		`DROP TRIGGER IF EXISTS audit_no_delete`,
		`DROP TRIGGER IF EXISTS audit_leaves_no_update`,
		`DROP TRIGGER IF EXISTS audit_leaves_no_delete`,
	}, stmts...) {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("tamper: %s: %v", s, err)
		}
	}
}

// rewriteTree recomputes the leaf hashes and the tree from the entries as
// they now are, numbering them from 1 in the order stored, as an attacker
// would to hide an edit from a check of the leaves alone.
func rewriteTree(t *testing.T, path string) {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	es := auditLog(t, s)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM audit_leaves`); err != nil {
		t.Fatal(err)
	}
	var tree liaison.AuditTree
	for i := range es {
		es[i].Index = int64(i + 1)
		leaf, _ := liaison.AuditLeafHash(&es[i], nil)
		if _, err := db.Exec(`INSERT INTO audit_leaves (idx, hash) VALUES (?, ?)`, i+1, leaf[:]); err != nil {
			t.Fatal(err)
		}
		tree.Append(leaf)
	}
	if _, err := db.Exec(`UPDATE audit_tree SET size = ?, compact = ? WHERE one = 1`, tree.Size, tree.MarshalRange()); err != nil {
		t.Fatal(err)
	}
}
