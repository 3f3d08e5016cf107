package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// timeLayout is RFC 3339 with exactly nine fractional digits, so that
// stored times sort as text in time order and keep every nanosecond.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// fmtTime returns t as stored: UTC, in timeLayout.
func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// fmtTimePtr returns t as stored, or NULL when t is nil.
func fmtTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

func parseTimePtr(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseTime(s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// encode returns v as the JSON text stored in a column.
func encode(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// decode reads JSON text stored by encode into v.
func decode(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("stored JSON: %w", err)
	}
	return nil
}

// bit returns b as SQLite stores a boolean.
func bit(b bool) int {
	if b {
		return 1
	}
	return 0
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
