package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
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
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		err = decodeError(err)
		// encoding/json names an unknown field by its key alone; find
		// where it is, so "colour" inside handling reads handling.colour.
		if fe := liaison.ErrorFields(err); len(fe) == 1 && fe[0].Problem == problemUnknownField {
			if path := unknownField(data, reflect.TypeOf(v).Elem()); path != "" {
				fe[0].Field = path
			}
		}
		return err
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
		return liaison.Invalid(liaison.FieldError{Field: name, Problem: problemUnknownField})
	}
	return liaison.Invalid(liaison.FieldError{Field: "(body)", Problem: err.Error()})
}

const problemUnknownField = "unknown field"

// unknownField walks data against the Go type t as encoding/json matches
// keys to fields (exactly, else ignoring case) and returns the path of the
// first key that matches no field, such as "handling.colour" or
// "entities[1].note"; "" if there is none.
func unknownField(data []byte, t reflect.Type) string {
	path, _ := walkUnknown(json.NewDecoder(bytes.NewReader(data)), t, "")
	return path
}

func walkUnknown(dec *json.Decoder, t reflect.Type, path string) (string, bool) {
	tok, err := dec.Token()
	if err != nil {
		return "", false
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return "", false
			}
			key, _ := tok.(string)
			at := key
			if path != "" {
				at = path + "." + key
			}
			var ft reflect.Type
			switch {
			case t == nil || t.Kind() == reflect.Interface:
			case t.Kind() == reflect.Map:
				ft = t.Elem()
			case t.Kind() == reflect.Struct:
				var ok bool
				if ft, ok = jsonField(t, key); !ok {
					return at, true
				}
			}
			if p, ok := walkUnknown(dec, ft, at); ok {
				return p, true
			}
		}
		dec.Token()
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if p, ok := walkUnknown(dec, elem, path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
		dec.Token()
	}
	return "", false
}

// jsonField returns the type of the field of struct t that encoding/json
// decodes key into: the exact JSON name first, else one equal ignoring
// case; embedded structs' fields count as t's own.
func jsonField(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for f := range t.Fields() {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if got, ok := jsonField(ft, key); ok {
					return got, true
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
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

// shorten trims a value from the request before it goes into an error.
func shorten(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
