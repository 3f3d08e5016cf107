package postgres

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// encode returns v as the JSON text stored in a json column.
func encode(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// decode reads JSON text stored by encode into v.
func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("stored JSON: %w", err)
	}
	return nil
}

// pageSize returns the page size to use for a requested one.
func pageSize(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 1000:
		return 1000
	}
	return n
}

// indexed names the i-th element of a list field, as liaison.FieldError does.
func indexed(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// cursor is a place in the storage order of cases or messages: the row at
// (txid, pos) and everything before it have been seen.
type cursor struct{ txid, pos int64 }

// parseCursor reads a cursor made by cursor.String; "" is the first page.
func parseCursor(s string) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	txid, err1 := strconv.ParseInt(a, 10, 64)
	pos, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || txid < 0 || pos < 0 {
		return cursor{}, &liaison.Error{
			Code:    liaison.EINVALID,
			Message: "invalid cursor",
			Fields:  []liaison.FieldError{{Field: "after", Problem: "not a cursor from a previous page"}},
		}
	}
	return cursor{txid, pos}, nil
}

// String returns the cursor as clients see it. They treat it as opaque.
func (c cursor) String() string {
	return strconv.FormatInt(c.txid, 10) + "-" + strconv.FormatInt(c.pos, 10)
}

// horizon returns the condition that keeps a page to the rows whose
// transaction, in column txid, is older than every transaction still
// running. Those rows can no longer be joined by one that sorts before them:
// a row committed later comes from a transaction at or past the horizon, so
// it sorts after every row a page has shown (see migrations/0001_init.sql).
// A row stored by an Update that has returned shows as soon as the
// transactions that began writing before it have ended: at once, unless one
// is still running.
func horizon(txid string) string {
	return txid + ` < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`
}
