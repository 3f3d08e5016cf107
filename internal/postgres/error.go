package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/liaison-project/liaison"
)

// SQLSTATE codes the store tells apart.
const (
	codeUniqueViolation      = "23505"
	codeForeignKeyViolation  = "23503"
	codeNotNullViolation     = "23502"
	codeCheckViolation       = "23514"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
	codeLockNotAvailable     = "55P03"
)

// pgError returns the PostgreSQL error in err's chain, or nil.
func pgError(err error) *pgconn.PgError {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// code returns the SQLSTATE of err, or "" when err did not come from the
// server.
func code(err error) string {
	if e := pgError(err); e != nil {
		return e.Code
	}
	return ""
}

// violates reports whether err is a violation of the named constraint.
func violates(err error, constraint string) bool {
	e := pgError(err)
	return e != nil && (e.Code == codeUniqueViolation || e.Code == codeForeignKeyViolation) && e.ConstraintName == constraint
}

// retryable reports whether a transaction that failed with err may be run
// again from the start: PostgreSQL chose it as the victim of a deadlock or
// a serialization conflict, or the connection failed before the statement
// was sent, so that nothing of the transaction can have committed.
func retryable(err error) bool {
	switch code(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return pgconn.SafeToRetry(err)
}

// conflict returns an ECONFLICT error whose message is safe to show; the
// PostgreSQL error stays in Err for the logs.
func conflict(err error, format string, args ...any) error {
	return &liaison.Error{Code: liaison.ECONFLICT, Message: fmt.Sprintf(format, args...), Err: err}
}

// notFound returns an ENOTFOUND error, with the PostgreSQL error (if any)
// as its cause.
func notFound(err error, format string, args ...any) error {
	return &liaison.Error{Code: liaison.ENOTFOUND, Message: fmt.Sprintf(format, args...), Err: err}
}

// wrap names the operation that failed in an error the caller did not
// expect. A violated unique key becomes ECONFLICT, a violated foreign key
// ENOTFOUND, a value the schema refuses EINVALID; a lock, deadlock or
// connection failure EUNAVAILABLE; anything else stays a plain error, which
// liaison.ErrorCode reports as EINTERNAL and liaison.ErrorMessage hides. The
// messages never carry SQL or the server's text, which stays in Err.
func wrap(op string, err error) error {
	err = fmt.Errorf("%s: %w", op, err)
	c := code(err)
	var connect *pgconn.ConnectError
	switch {
	case c == codeUniqueViolation:
		// The call sites that expect a conflict report it themselves,
		// naming the object; this is the rest.
		return &liaison.Error{Code: liaison.ECONFLICT, Message: op + ": the object exists", Err: err}
	case c == codeForeignKeyViolation:
		return &liaison.Error{Code: liaison.ENOTFOUND, Message: op + ": it refers to an object that does not exist", Err: err}
	case c == codeNotNullViolation || c == codeCheckViolation || strings.HasPrefix(c, "22"):
		// Class 22 is data exceptions: a NUL byte in text, a value out of
		// range, bytes that are not UTF-8.
		return &liaison.Error{Code: liaison.EINVALID, Message: op + ": a value is missing or not allowed", Err: err}
	case c == codeSerializationFailure || c == codeDeadlockDetected || c == codeLockNotAvailable:
		return &liaison.Error{Code: liaison.EUNAVAILABLE, Message: "the store is busy; try again", Err: err}
	case strings.HasPrefix(c, "08") || strings.HasPrefix(c, "53") || strings.HasPrefix(c, "57P") || errors.As(err, &connect):
		// Connection exceptions, insufficient resources (too many
		// connections, disk full), the server shutting down or starting.
		return &liaison.Error{Code: liaison.EUNAVAILABLE, Message: "the store cannot be reached; try again later", Err: err}
	}
	return err
}
