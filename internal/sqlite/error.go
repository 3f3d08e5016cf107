package sqlite

import (
	"errors"
	"fmt"

	"github.com/liaison-project/liaison"

	driver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// code returns SQLite's extended result code for err, or 0 when err did
// not come from SQLite.
func code(err error) int {
	var e *driver.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// isConflict reports whether err is a violated UNIQUE or PRIMARY KEY
// constraint: the database's way of saying the object exists.
func isConflict(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports whether err is a violated FOREIGN KEY constraint:
// the row refers to an object that does not exist.
func isForeignKey(err error) bool {
	return code(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// conflict returns an ECONFLICT error whose message is safe to show; the
// SQLite error stays in Err for the logs.
func conflict(err error, format string, args ...any) error {
	return &liaison.Error{Code: liaison.ECONFLICT, Message: fmt.Sprintf(format, args...), Err: err}
}

// notFound returns an ENOTFOUND error, with the SQLite error (if any) as
// its cause.
func notFound(err error, format string, args ...any) error {
	return &liaison.Error{Code: liaison.ENOTFOUND, Message: fmt.Sprintf(format, args...), Err: err}
}

// wrap names the operation that failed in an error the caller did not
// expect. A value the schema refuses becomes EINVALID and a lock held by
// another process EUNAVAILABLE; anything else stays a plain error, which
// liaison.ErrorCode reports as EINTERNAL and liaison.ErrorMessage hides.
func wrap(op string, err error) error {
	err = fmt.Errorf("%s: %w", op, err)
	switch c := code(err); {
	case c == sqlite3.SQLITE_CONSTRAINT_CHECK || c == sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return &liaison.Error{Code: liaison.EINVALID, Message: op + ": a value is missing or not allowed", Err: err}
	case c&0xff == sqlite3.SQLITE_BUSY || c&0xff == sqlite3.SQLITE_LOCKED:
		return &liaison.Error{Code: liaison.EUNAVAILABLE, Message: "the store is busy; try again", Err: err}
	}
	return err
}

// Extended result codes the store tells apart.
const (
	codeUnique     = sqlite3.SQLITE_CONSTRAINT_UNIQUE
	codePrimaryKey = sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
)
