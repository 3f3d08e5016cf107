// Package snapshot is the engine-neutral form of a store's contents, by
// which a node moves from one store to another (liaison migrate): one store
// reads its tables out as [Chunk]s of rows in canonical Go values, the other
// writes them in. Neither side knows the other's SQL; they agree on
// [Schema], which names the tables, their columns and the kind of each.
//
// # Values
//
// A value in a row is nil (SQL NULL, only where the column is [Column.Null])
// or the Go type of its column's [Kind]: int64, bool, string, []byte or a
// time.Time in UTC. JSON columns carry their text exactly as stored, as a
// string, so that what a hash or a signature covered is not re-encoded.
//
// # What a snapshot leaves out
//
// The bookkeeping of each engine (its schema version, sequences and
// counters) is not part of a snapshot: the store that loads one sets its own
// from the rows. Leases are left out too: they belong to running processes,
// not to the node's data.
package snapshot

import (
	"fmt"
	"slices"
	"time"
)

// Kind is the type of a column's values.
type Kind int

// The kinds of column, and the Go type of their values.
const (
	Text  Kind = iota + 1 // string
	Int                   // int64
	Bool                  // bool
	Time                  // time.Time, UTC
	Bytes                 // []byte
	JSON                  // string: JSON text, exactly as stored
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Int:
		return "int"
	case Bool:
		return "bool"
	case Time:
		return "time"
	case Bytes:
		return "bytes"
	case JSON:
		return "json"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
	Null bool // the column may hold nil
}

// Table is one table of a snapshot.
type Table struct {
	Name    string
	Columns []Column
}

// ColumnNames returns the names of t's columns, in order.
func (t Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// Chunk is a run of rows of one table, in its Schema column order. A table's
// rows come in one or more chunks, one after the other; an empty table comes
// as one chunk with no rows, so that a reader sees every table.
type Chunk struct {
	Table   string
	Columns []string
	Rows    [][]any
}

// Find returns the table of Schema with the name.
func Find(name string) (Table, bool) {
	i := slices.IndexFunc(Schema, func(t Table) bool { return t.Name == name })
	if i < 0 {
		return Table{}, false
	}
	return Schema[i], true
}

// CheckRow reports whether row is a row of t: one value per column, each
// of its column's kind. The error names the column.
func (t Table) CheckRow(row []any) error {
	if len(row) != len(t.Columns) {
		return fmt.Errorf("%d values, want %d", len(row), len(t.Columns))
	}
	for i, c := range t.Columns {
		if err := c.Check(row[i]); err != nil {
			return fmt.Errorf("column %s: %w", c.Name, err)
		}
	}
	return nil
}

// Check reports whether v may be a value of the column.
func (c Column) Check(v any) error {
	if v == nil {
		if !c.Null {
			return fmt.Errorf("NULL in a column that may not hold it")
		}
		return nil
	}
	ok := false
	switch c.Kind {
	case Text, JSON:
		_, ok = v.(string)
	case Int:
		_, ok = v.(int64)
	case Bool:
		_, ok = v.(bool)
	case Bytes:
		_, ok = v.([]byte)
	case Time:
		var t time.Time
		if t, ok = v.(time.Time); ok && t.Location() != time.UTC {
			return fmt.Errorf("time %v is not in UTC", t)
		}
	}
	if !ok {
		return fmt.Errorf("%T value for a %s column", v, c.Kind)
	}
	return nil
}
