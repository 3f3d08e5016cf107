package sqlite

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/snapshot"
)

// Chunks of a dump end at chunkRows rows or once their text and bytes pass
// chunkBytes, whichever comes first, so that a table of large messages
// does not sit in memory whole.
const (
	chunkRows  = 10000
	chunkBytes = 8 << 20
)

// dumpOrder is the order of each table's rows in a dump: its key.
var dumpOrder = map[string]string{
	"officers":     "id",
	"agencies":     "party, code",
	"peers":        "party",
	"links":        "peer",
	"arrangements": "rowid",
	"cases":        "pos",
	"approvals":    "pos",
	"case_parties": "case_pos, party",
	"messages":     "pos",
	"outbox":       "peer, seq",
	"inbound":      "peer, seq",
	"receipts":     "id",
	"audit":        "idx",
	"audit_leaves": "idx",
	// party, size
	"audit_checkpoints": "party, size",
	"tombstones":        "object_id",
	"holds":             "message_id",
	"recalls":           "message_id, party",
	"disseminations":    "id",
	"consents":          "id",
	"subscriptions":     "officer_id",
	"notices":           "pos",
	// Each after the rows its rows refer to, in id order.
	"workplan_objectives": "id",
	"workplan_actions":    "id",
	"workplan_notes":      "id",
	"requests":            "pos",
	"stix_objects":        "seq",
	"stix_statuses":       "id",
	"credentials":         "officer_id",
	"read_receipts":       "message_id, party",
	"taxii_cursors":       "server, collection",
}

// dumpExpr maps the snapshot columns that SQLite keeps under another name
// to the expression that reads them. arrangements has no pos column: its
// rowid is the order it was stored in, which Arrangements uses as pos.
var dumpExpr = map[string]string{
	"arrangements.pos": "rowid",
}

// notDumped are the tables of this store that a snapshot leaves out: the
// schema version, SQLite's own counters, and leases, which belong to the
// processes running now (see package snapshot), and the audit log's tree,
// which the loading store rebuilds from the leaves.
var notDumped = []string{"schema_migrations", "sqlite_sequence", "leases", "audit_tree", "notify_hooks", "notify_deliveries", "sessions"}

// errStopped ends a dump whose reader stopped early.
var errStopped = errors.New("dump stopped")

// Dump reads out every table of node data as [snapshot.Chunk]s, in the
// order of [snapshot.Schema], for another store to load (liaison migrate).
// The whole dump is one transaction on the writer, begun IMMEDIATE: no
// process writes to the file while it runs, so the chunks are one
// consistent moment. Update calls of this Store wait for the dump to end;
// the loop over the chunks MUST NOT call them.
//
// Text times become time.Time, 0 and 1 become bool where the column is
// boolean; a value that does not fit its column stops the dump with an
// error naming the table, column and row, as does a table or column the
// snapshot does not know, so that nothing is left behind unseen.
func (s *Store) Dump(ctx context.Context) iter.Seq2[snapshot.Chunk, error] {
	return func(yield func(snapshot.Chunk, error) bool) {
		err := s.dump(ctx, func(c snapshot.Chunk) error {
			if !yield(c, nil) {
				return errStopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopped) {
			yield(snapshot.Chunk{}, err)
		}
	}
}

// dump takes the writer, begins the transaction and reads each table.
func (s *Store) dump(ctx context.Context, emit func(snapshot.Chunk) error) error {
	g := &s.g
	g.waiting.Add(1)
	g.mu.Lock()
	g.waiting.Add(-1)
	defer g.mu.Unlock()
	if g.closed {
		return liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	if g.open != nil {
		// A group left open for us, as for an Update that would join it:
		// commit it, so that the dump sees those writes and they do not wait.
		s.finish(g.open)
	}
	if err := s.exec("BEGIN IMMEDIATE"); err != nil {
		return wrap("begin dump", err)
	}
	// The dump writes nothing; ROLLBACK ends it without a sync.
	defer s.exec("ROLLBACK")

	if err := s.checkDumpSchema(ctx); err != nil {
		return err
	}
	for _, t := range snapshot.Schema {
		if err := s.dumpTable(ctx, t, emit); err != nil {
			return err
		}
	}
	return nil
}

// checkDumpSchema makes sure that the file holds exactly the tables and
// columns of the snapshot, besides those it leaves out.
func (s *Store) checkDumpSchema(ctx context.Context) error {
	rows, err := s.wc.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' ORDER BY m.name, p.cid`)
	if err != nil {
		return wrap("read schema", err)
	}
	defer rows.Close()
	have := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return wrap("read schema", err)
		}
		if !slices.Contains(notDumped, table) {
			have[table] = append(have[table], col)
		}
	}
	if err := rows.Err(); err != nil {
		return wrap("read schema", err)
	}
	for _, t := range snapshot.Schema {
		var want []string
		for _, c := range t.ColumnNames() {
			if _, ok := dumpExpr[t.Name+"."+c]; !ok {
				want = append(want, c)
			}
		}
		cols, ok := have[t.Name]
		if !ok {
			return fmt.Errorf("dump: the store has no table %s", t.Name)
		}
		slices.Sort(cols)
		slices.Sort(want)
		if !slices.Equal(cols, want) {
			return fmt.Errorf("dump: table %s has columns %v, the snapshot %v", t.Name, cols, want)
		}
		delete(have, t.Name)
	}
	for name := range have {
		return fmt.Errorf("dump: table %s is not part of a snapshot", name)
	}
	return nil
}

// dumpTable reads table t in chunks and passes each to emit.
func (s *Store) dumpTable(ctx context.Context, t snapshot.Table, emit func(snapshot.Chunk) error) error {
	exprs := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		exprs[i] = c.Name
		if e, ok := dumpExpr[t.Name+"."+c.Name]; ok {
			exprs[i] = e
		}
	}
	rows, err := s.wc.QueryContext(ctx, `SELECT `+strings.Join(exprs, ", ")+` FROM `+t.Name+` ORDER BY `+dumpOrder[t.Name])
	if err != nil {
		return wrap("dump "+t.Name, err)
	}
	defer rows.Close()
	names := t.ColumnNames()
	chunk := snapshot.Chunk{Table: t.Name, Columns: names}
	size, n := 0, 0
	raw := make([]any, len(t.Columns))
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return wrap("dump "+t.Name, err)
		}
		row := make([]any, len(raw))
		for i, c := range t.Columns {
			v, err := canonical(c, raw[i])
			if err != nil {
				return fmt.Errorf("dump %s row %d column %s: %w", t.Name, n+1, c.Name, err)
			}
			row[i] = v
			size += sizeOf(v)
		}
		chunk.Rows = append(chunk.Rows, row)
		n++
		if len(chunk.Rows) == chunkRows || size >= chunkBytes {
			if err := emit(chunk); err != nil {
				return err
			}
			chunk = snapshot.Chunk{Table: t.Name, Columns: names}
			size = 0
		}
	}
	if err := rows.Err(); err != nil {
		return wrap("dump "+t.Name, err)
	}
	if len(chunk.Rows) > 0 || n == 0 {
		return emit(chunk)
	}
	return nil
}

// sizeOf is roughly how much memory v holds.
func sizeOf(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case []byte:
		return len(v)
	}
	return 8
}

// canonical turns a value as SQLite returns it into the snapshot's value
// for column c.
func canonical(c snapshot.Column, v any) (any, error) {
	if v == nil {
		if !c.Null {
			return nil, fmt.Errorf("NULL in a column that may not hold it")
		}
		return nil, nil
	}
	switch c.Kind {
	case snapshot.Text, snapshot.JSON:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case snapshot.Int:
		if i, ok := v.(int64); ok {
			return i, nil
		}
	case snapshot.Bool:
		if i, ok := v.(int64); ok && (i == 0 || i == 1) {
			return i == 1, nil
		}
	case snapshot.Time:
		if s, ok := v.(string); ok {
			return parseTime(s)
		}
	case snapshot.Bytes:
		if b, ok := v.([]byte); ok {
			// The driver returns an empty BLOB as a nil slice, and NULL as
			// nil itself: keep the difference.
			if b == nil {
				b = []byte{}
			}
			return b, nil
		}
	}
	if i, ok := v.(int64); ok {
		return nil, fmt.Errorf("stored integer %d does not fit a %s column", i, c.Kind)
	}
	// Never the value itself: it may be a message's content.
	return nil, fmt.Errorf("stored %T does not fit a %s column", v, c.Kind)
}

// DataVersion returns a number that changes whenever a connection other
// than this Store's writer commits to the file: another process, or
// another Store on the same file. Its own writes leave it as it is. Two
// equal values taken around a dump tell that nothing has been written to
// the file since, by anyone else.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	g := &s.g
	g.waiting.Add(1)
	g.mu.Lock()
	g.waiting.Add(-1)
	defer g.mu.Unlock()
	if g.closed {
		return 0, liaison.Errorf(liaison.EUNAVAILABLE, "the store is closed")
	}
	var v int64
	if err := s.wc.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, wrap("read data version", err)
	}
	return v, nil
}
