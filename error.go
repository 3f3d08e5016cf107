package liaison

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes. The set is small and closed; codes travel between nodes in
// refusals, so they are append-only: never rename or remove one.
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a rule
	ENOTFOUND     = "not_found"    // the named object does not exist (or is not visible)
	ECONFLICT     = "conflict"     // the object exists already, or the state forbids the change
	EFORBIDDEN    = "forbidden"    // the actor is known but may not do this
	EUNAUTHORIZED = "unauthorized" // the actor is not known
	EUNAVAILABLE  = "unavailable"  // a dependency (peer, store) cannot be reached now; try later
	EINTERNAL     = "internal"     // a bug or an unexpected failure; details are logged, not shown
	ELIMITED      = "rate_limited" // too many attempts (failed logins); wait RetryAfter, then try again
)

// FieldError names one problem with one input field, in the form the API
// returns it: {"field": "handling.tlp", "problem": "unknown label PURPLE", "allowed": [...]}.
type FieldError struct {
	Field   string   `json:"field"`
	Problem string   `json:"problem"`
	Allowed []string `json:"allowed,omitempty"`
}

// Error is the domain error. Code is one of the E* constants; Message is
// safe to show to the officer who caused it; Fields lists per-field problems
// for EINVALID.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Reasons are the guard's reasons for an EFORBIDDEN decision, each a
	// sentence an officer can read.
	Reasons []string
	// RetryAfter says, for ELIMITED, how long to wait before trying
	// again; zero for other codes.
	RetryAfter time.Duration
	Err        error // the underlying cause, for logs; never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 && e.Message != "" {
			b.WriteString(": ")
		} else if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Problem)
	}
	if e.Err != nil {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error listing the field problems.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: "invalid input", Fields: fields}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of the first *Error in err's
// chain, or a generic text for other errors so internals never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the field problems of the first *Error in err's chain.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ErrorReasons returns the guard's reasons of the first *Error in err's
// chain: why an act was refused.
func ErrorReasons(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reasons
	}
	return nil
}

// ErrorRetryAfter returns how long the first *Error in err's chain asks
// the caller to wait before trying again (ELIMITED), or zero.
func ErrorRetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// Fields collects field problems during validation.
type Fields []FieldError

// Add records a problem with field.
func (f *Fields) Add(field, problem string, allowed ...string) {
	*f = append(*f, FieldError{Field: field, Problem: problem, Allowed: allowed})
}

// Prefix records the problems of a nested value under prefix (e.g. "handling").
func (f *Fields) Prefix(prefix string, err error) {
	if err == nil {
		return
	}
	fe := ErrorFields(err)
	if len(fe) == 0 {
		f.Add(prefix, ErrorMessage(err))
		return
	}
	for _, e := range fe {
		e.Field = prefix + "." + e.Field
		*f = append(*f, e)
	}
}

// Err returns nil when no problem was recorded, else an EINVALID *Error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(f...)
}
