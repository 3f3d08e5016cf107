package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// decode reads one JSON object from the request body into v, refusing
// unknown fields, trailing data and bodies over MaxBody, with errors that
// name the field at fault.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return liaison.Errorf(liaison.EINVALID, "content type %q: send application/json", ct)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: "trailing data after the JSON object"})
	}
	return nil
}

func decodeError(err error) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooLarge):
		return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: fmt.Sprintf("larger than %d bytes", tooLarge.Limit)})
	case errors.As(err, &syntax):
		return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: fmt.Sprintf("invalid JSON at byte %d: %v", syntax.Offset, err)})
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return liaison.Invalid(liaison.FieldError{Field: field, Problem: "must be " + jsonType(typ.Type.String()) + ", not " + typ.Value})
	case errors.Is(err, io.EOF):
		return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: "empty body: send a JSON object"})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: "truncated JSON"})
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ := strconv.Unquote(f)
		return liaison.Invalid(liaison.FieldError{Field: name, Problem: "unknown field"})
	}
	return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: err.Error()})
}

func jsonType(goType string) string {
	switch {
	case goType == "string" || strings.HasSuffix(goType, "CrimeArea") || strings.HasSuffix(goType, "EntityKind"):
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return "an object"
}

// page reads the paging parameters ?after=CURSOR&limit=N.
func page(r *http.Request) (after string, limit int, err error) {
	q := r.URL.Query()
	after = q.Get("after")
	if len(after) > 128 {
		return "", 0, liaison.Invalid(liaison.FieldError{Field: "after", Problem: "cursor longer than 128 bytes"})
	}
	limit = 50
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return "", 0, liaison.Invalid(liaison.FieldError{Field: "limit", Problem: "must be a whole number from 1 to 1000"})
		}
		limit = n
	}
	return after, limit, nil
}

// List is the shape of every list answer.
type List[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

func list[T any](items []T, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Next: next}
}
