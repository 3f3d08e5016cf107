package federation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxDepth bounds the nesting of any JSON this package reads. The shapes it
// expects are shallow; item bodies are documents, not trees of arbitrary
// depth.
const maxDepth = 64

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// decodeStrict decodes exactly one JSON value from data into v, refusing
// what encoding/json would let through: keys that match a field only
// case-insensitively, keys that are not fields, keys repeated within one
// object (anywhere, item bodies included), nesting deeper than maxDepth,
// and anything after the value.
//
// Signed bytes must have one meaning. encoding/json keeps the last of two
// duplicate keys where other parsers keep the first, and matches "ID" to
// a field tagged "id": a third party checking a signed receipt with another
// tool could otherwise read something the signer did not mean.
func decodeStrict(data []byte, v any) error {
	if err := checkStrict(data, reflect.TypeOf(v).Elem()); err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return cleanJSONError(err)
	}
	return nil
}

// checkStrict applies the rules of decodeStrict, except the check of JSON
// types against t, without decoding.
//
// Well-formed JSON, which is all a working peer sends, is checked by a
// scanner over the bytes (see scan.go); anything else by the walker below,
// whose errors name the syntax problem. Both report the same first problem
// of well-formed JSON, in the same words.
func checkStrict(data []byte, t reflect.Type) error {
	if json.Valid(data) {
		return scanStrict(data, t)
	}
	return walkStrict(data, t)
}

// walkStrict is checkStrict on a json.Decoder's tokens.
func walkStrict(data []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	// Numbers as text: whether 1E700 fits a float64 is a question of JSON
	// types, which the decode that follows answers, as the scanner leaves
	// it to.
	dec.UseNumber()
	w := walker{dec: dec}
	if err := w.value(t, 0); err != nil {
		if w.path != "" {
			return fmt.Errorf("%s: %w", strings.TrimPrefix(w.path, "."), err)
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// cleanJSONError shortens encoding/json's messages, which name Go types, to
// what a person reading a refusal needs.
func cleanJSONError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Errorf("JSON %s where an object belongs", te.Value)
		}
		return fmt.Errorf("%s: wrong JSON type %s", te.Field, te.Value)
	}
	return err
}

type walker struct {
	dec  *json.Decoder
	path string // set to the location of the first problem
}

// value reads one JSON value whose expected Go type is t (nil when any
// value is acceptable).
func (w *walker) value(t reflect.Type, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d", maxDepth)
	}
	tok, err := w.dec.Token()
	if err != nil {
		return syntaxError(err)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawType || t == timeType {
		t = nil
	}
	switch tok {
	case json.Delim('{'):
		return w.object(t, depth)
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(elem, depth+1); err != nil {
				w.path = "[" + strconv.Itoa(i) + "]" + w.path
				return err
			}
		}
		_, err := w.dec.Token() // ']'
		return syntaxError(err)
	}
	return nil
}

func (w *walker) object(t reflect.Type, depth int) error {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	}
	seen := make(map[string]bool)
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return syntaxError(err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		var ft reflect.Type
		if fields != nil {
			var ok bool
			if ft, ok = fields[key]; !ok {
				return fmt.Errorf("unknown field %q", key)
			}
		}
		if err := w.value(ft, depth+1); err != nil {
			w.path = "." + key + w.path
			return err
		}
	}
	_, err := w.dec.Token() // '}'
	return syntaxError(err)
}

func syntaxError(err error) error {
	if err == nil {
		return nil
	}
	if err == io.EOF {
		return errors.New("unexpected end of JSON")
	}
	return err
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the exact JSON names of t's exported fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := make(map[string]reflect.Type)
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}
