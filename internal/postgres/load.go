package postgres

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/snapshot"
)

// Load writes a snapshot of another store (internal/sqlite's Dump) into
// this database, for liaison migrate, and returns the rows each table holds
// afterwards. It all happens in one transaction: the database ends up
// holding the whole snapshot, or nothing of it.
//
// Load refuses, with ECONFLICT, a database that already holds a node's
// data; schema and leases do not count. It holds every table locked while
// it runs, so that nothing else writes meanwhile. The chunks MUST come in
// the order of [snapshot.Schema], every table at least once; a chunk that
// does not, or a value that does not fit its column, fails the Load
// (EINVALID), as does a time finer than a microsecond, which PostgreSQL
// cannot keep: a time that changed would no longer match what was hashed
// and signed over it. The positions that order arrangements, cases,
// approvals and messages are kept, and the database's sequences and the audit log's head
// are set to continue after the rows loaded.
func (s *Store) Load(ctx context.Context, chunks iter.Seq2[snapshot.Chunk, error]) (map[string]int64, error) {
	if s.closed.Load() {
		return nil, liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	ptx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return nil, wrap("begin load", err)
	}
	defer ptx.Rollback(context.WithoutCancel(ctx))
	l := &loader{tx: ptx, copied: map[string]int64{}}
	if err := l.start(ctx); err != nil {
		return nil, err
	}
	for c, err := range chunks {
		if err != nil {
			return nil, fmt.Errorf("read snapshot: %w", err)
		}
		if err := l.chunk(ctx, c); err != nil {
			return nil, err
		}
	}
	if l.at != len(snapshot.Schema)-1 {
		return nil, liaison.Errorf(liaison.EINVALID, "the snapshot ends before table %s", snapshot.Schema[l.at+1].Name)
	}
	counts, err := l.finish(ctx)
	if err != nil {
		return nil, err
	}
	if err := ptx.Commit(context.WithoutCancel(ctx)); err != nil {
		return nil, wrap("commit load", err)
	}
	return counts, nil
}

// loader is the state of one Load.
type loader struct {
	tx     pgx.Tx
	xid    int64            // the transaction's id: the txid of every case and message loaded
	at     int              // index in snapshot.Schema of the table being loaded; -1 before the first
	copied map[string]int64 // rows copied per table
}

// tableList names every table of the snapshot, for LOCK and ANALYZE.
func tableList() string {
	names := make([]string, len(snapshot.Schema))
	for i, t := range snapshot.Schema {
		names[i] = pgx.Identifier{t.Name}.Sanitize()
	}
	return strings.Join(names, ", ")
}

// start locks the tables, makes sure they hold nothing, and learns the
// transaction's id.
func (l *loader) start(ctx context.Context) error {
	l.at = -1
	// EXCLUSIVE lets others read but not write: a second Load, or a node
	// already serving from this database, waits for this one to end.
	if _, err := l.tx.Exec(ctx, `LOCK TABLE `+tableList()+`, audit_tree IN EXCLUSIVE MODE`); err != nil {
		return wrap("lock tables for load", err)
	}
	var q strings.Builder
	q.WriteString(`SELECT (SELECT size FROM audit_tree) > 0`)
	for _, t := range snapshot.Schema {
		q.WriteString(` OR EXISTS (SELECT FROM ` + pgx.Identifier{t.Name}.Sanitize() + `)`)
	}
	var used bool
	if err := l.tx.QueryRow(ctx, q.String()).Scan(&used); err != nil {
		return wrap("check the database is empty", err)
	}
	if used {
		return liaison.Errorf(liaison.ECONFLICT, "the database already holds a node's data")
	}
	if err := l.tx.QueryRow(ctx, `SELECT pg_current_xact_id()::text::bigint`).Scan(&l.xid); err != nil {
		return wrap("begin load", err)
	}
	return nil
}

// chunk checks c and copies its rows in.
func (l *loader) chunk(ctx context.Context, c snapshot.Chunk) error {
	switch {
	case l.at >= 0 && c.Table == snapshot.Schema[l.at].Name:
	case l.at+1 < len(snapshot.Schema) && c.Table == snapshot.Schema[l.at+1].Name:
		l.at++
	case l.at+1 < len(snapshot.Schema):
		return liaison.Errorf(liaison.EINVALID, "snapshot: table %s comes where %s should", c.Table, snapshot.Schema[l.at+1].Name)
	default:
		return liaison.Errorf(liaison.EINVALID, "snapshot: table %s after the last table", c.Table)
	}
	t := snapshot.Schema[l.at]
	if !slices.Equal(c.Columns, t.ColumnNames()) {
		return liaison.Errorf(liaison.EINVALID, "snapshot: table %s has columns %v, want %v", t.Name, c.Columns, t.ColumnNames())
	}
	for i, row := range c.Rows {
		if err := checkRow(t, row); err != nil {
			return liaison.Errorf(liaison.EINVALID, "snapshot: table %s row %d: %v", t.Name, l.copied[t.Name]+int64(i)+1, err)
		}
	}
	cols, rows := c.Columns, c.Rows
	if t.Name == "case_parties" {
		// PostgreSQL orders a case's parties by the case's transaction
		// (case_txid), which the snapshot does not carry: every case
		// loaded here has this transaction's id.
		cols = append(slices.Clip(cols), "case_txid")
		rows = make([][]any, len(c.Rows))
		for i, r := range c.Rows {
			rows[i] = append(slices.Clip(r), l.xid)
		}
	}
	// cases, approvals and messages have a txid column the snapshot does
	// not carry either; COPY fills it from its default, this transaction's
	// id. All the rows loaded thus share one txid and page in pos order,
	// the order the other store kept, before everything stored after the
	// move.
	n, err := l.tx.CopyFrom(ctx, pgx.Identifier{t.Name}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return wrap("load table "+t.Name, err)
	}
	l.copied[t.Name] += n
	return nil
}

// checkRow checks the values of row, and that its times fit PostgreSQL.
func checkRow(t snapshot.Table, row []any) error {
	if err := t.CheckRow(row); err != nil {
		return err
	}
	for i, c := range t.Columns {
		if at, ok := row[i].(time.Time); ok && at.Nanosecond()%1000 != 0 {
			return fmt.Errorf("column %s: %s is finer than the microsecond PostgreSQL keeps",
				c.Name, at.Format(time.RFC3339Nano))
		}
	}
	return nil
}

// finish checks what was copied against what the tables hold, sets the
// sequences and counters to continue after the rows, and returns the count
// of each table.
func (l *loader) finish(ctx context.Context) (map[string]int64, error) {
	counts := make(map[string]int64, len(snapshot.Schema))
	for _, t := range snapshot.Schema {
		var n int64
		if err := l.tx.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{t.Name}.Sanitize()).Scan(&n); err != nil {
			return nil, wrap("count "+t.Name, err)
		}
		if n != l.copied[t.Name] {
			return nil, fmt.Errorf("load table %s: copied %d rows, the table holds %d", t.Name, l.copied[t.Name], n)
		}
		counts[t.Name] = n
	}
	// The identity columns would otherwise start again at 1 and collide
	// with the positions loaded. setval is not undone by a rollback; a
	// failed Load leaves a sequence ahead, which only skips positions.
	for _, table := range []string{"arrangements", "cases", "approvals", "messages", "requests", "notices"} {
		if _, err := l.tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'pos'), max(pos))
			FROM `+pgx.Identifier{table}.Sanitize()+` HAVING count(*) > 0`, table); err != nil {
			return nil, wrap("continue the positions of "+table, err)
		}
	}
	// AddSTIXObjects draws seq numbers from stix_seq.
	if _, err := l.tx.Exec(ctx, `UPDATE stix_seq SET last = (SELECT coalesce(max(seq), 0) FROM stix_objects)`); err != nil {
		return nil, wrap("continue the STIX sequence", err)
	}
	// AppendAudit takes the next index from audit_tree. The log must have
	// no gap, or the Merkle log built on the indexes would not match.
	var last, n int64
	if err := l.tx.QueryRow(ctx, `SELECT coalesce(max(idx), 0), count(*) FROM audit`).Scan(&last, &n); err != nil {
		return nil, wrap("read the audit log's head", err)
	}
	if last != n {
		return nil, liaison.Errorf(liaison.EINVALID, "the audit log has gaps: %d entries up to index %d", n, last)
	}
	if err := l.rebuildTree(ctx, n); err != nil {
		return nil, err
	}
	// The link counters come with the rows; make sure the next Enqueue and
	// Take continue after the outbox and inbound rows loaded.
	var bad []string
	rows, err := l.tx.Query(ctx, `SELECT l.peer FROM links l
		WHERE l.next_seq <= (SELECT coalesce(max(seq), 0) FROM outbox o WHERE o.peer = l.peer)
		OR l.last_in_seq < (SELECT coalesce(max(seq), 0) FROM inbound i WHERE i.peer = l.peer)
		ORDER BY l.peer`)
	if err != nil {
		return nil, wrap("check link sequences", err)
	}
	if bad, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, wrap("check link sequences", err)
	}
	if len(bad) > 0 {
		return nil, liaison.Errorf(liaison.EINVALID, "the sequences of the links to %s are behind their outbox or inbound rows", strings.Join(bad, ", "))
	}
	// Statistics now, so the first queries after the move are planned for
	// the tables as they are.
	if _, err := l.tx.Exec(ctx, `ANALYZE `+tableList()); err != nil {
		return nil, wrap("analyze", err)
	}
	return counts, nil
}

// rebuildTree builds the audit log's tree from the n leaf hashes loaded,
// one per entry, and stores it, so that AppendAudit continues the tree.
func (l *loader) rebuildTree(ctx context.Context, n int64) error {
	rows, err := l.tx.Query(ctx, `SELECT idx, hash FROM audit_leaves ORDER BY idx`)
	if err != nil {
		return wrap("rebuild the audit tree", err)
	}
	var (
		tree liaison.AuditTree
		idx  int64
		h    []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&idx, &h}, func() error {
		if idx != tree.Size+1 {
			return liaison.Errorf(liaison.EINVALID, "the audit log's leaf %d is missing", tree.Size+1)
		}
		tree.Append(liaison.AuditHash(h))
		return nil
	})
	if err != nil {
		return wrap("rebuild the audit tree", err)
	}
	if tree.Size != n {
		return liaison.Errorf(liaison.EINVALID, "the audit log has %d entries and %d leaf hashes", n, tree.Size)
	}
	if _, err := l.tx.Exec(ctx, `UPDATE audit_tree SET size = $1, compact = $2`, tree.Size, tree.MarshalRange()); err != nil {
		return wrap("continue the audit tree", err)
	}
	return nil
}
