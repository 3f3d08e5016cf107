package federation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// scanStrict is checkStrict for data that json.Valid accepts. It reads the
// bytes directly instead of through json.Decoder.Token, which allocates for
// every token: sealing and opening envelopes spent most of their time
// there. Its errors are exactly the walker's.
func scanStrict(data []byte, t reflect.Type) error {
	s := scanner{data: data}
	if err := s.value(t, 0); err != nil {
		if s.path != "" {
			return fmt.Errorf("%s: %w", s.path[1:], err)
		}
		return err
	}
	return nil
}

// scanner walks well-formed JSON. Every method may assume the input is
// valid, so it checks only the rules decodeStrict adds.
type scanner struct {
	data []byte
	i    int
	path string // set to the location of the first problem, as walker.path
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(t reflect.Type, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d", maxDepth)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawType || t == timeType {
		t = nil
	}
	s.space()
	switch s.data[s.i] {
	case '{':
		s.i++
		return s.object(t, depth)
	case '[':
		s.i++
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		s.space()
		if s.data[s.i] == ']' {
			s.i++
			return nil
		}
		for n := 0; ; n++ {
			if err := s.value(elem, depth+1); err != nil {
				s.path = "[" + strconv.Itoa(n) + "]" + s.path
				return err
			}
			s.space()
			c := s.data[s.i]
			s.i++
			if c == ']' {
				return nil
			}
		}
	case '"':
		s.str()
		return nil
	}
	// A number, true, false or null: up to the next delimiter.
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return nil
		}
		s.i++
	}
	return nil
}

// str skips a string at s.i and returns its raw contents (between the
// quotes) and whether a decoder would read them differently: an escape,
// or a byte that is not ASCII (invalid UTF-8 becomes U+FFFD).
func (s *scanner) str() ([]byte, bool) {
	s.i++ // '"'
	start, unquote := s.i, false
	for {
		switch c := s.data[s.i]; {
		case c == '\\':
			unquote = true
			s.i += 2
			continue
		case c == '"':
			raw := s.data[start:s.i]
			s.i++
			return raw, unquote
		case c >= 0x80:
			unquote = true
		}
		s.i++
	}
}

// object checks the members of an object whose '{' was read. Keys are
// compared unescaped, as a decoder sees them.
func (s *scanner) object(t reflect.Type, depth int) error {
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	}
	// Most objects have a few keys: a list beats a map until it grows.
	var small [16][]byte
	seen := small[:0]
	var many map[string]bool
	s.space()
	if s.data[s.i] == '}' {
		s.i++
		return nil
	}
	for {
		s.space()
		start := s.i
		key, unquote := s.str()
		if unquote {
			var k string
			if err := json.Unmarshal(s.data[start:s.i], &k); err != nil {
				return err // cannot happen: the input is valid
			}
			key = []byte(k)
		}
		if many != nil {
			if many[string(key)] {
				return fmt.Errorf("duplicate key %q", key)
			}
			many[string(key)] = true
		} else {
			for _, k := range seen {
				if bytes.Equal(k, key) {
					return fmt.Errorf("duplicate key %q", key)
				}
			}
			if seen = append(seen, key); len(seen) == cap(small) {
				many = make(map[string]bool, 2*len(seen))
				for _, k := range seen {
					many[string(k)] = true
				}
			}
		}
		var ft reflect.Type
		if fields != nil {
			var ok bool
			if ft, ok = fields[string(key)]; !ok {
				return fmt.Errorf("unknown field %q", key)
			}
		}
		s.space()
		s.i++ // ':'
		if err := s.value(ft, depth+1); err != nil {
			s.path = "." + string(key) + s.path
			return err
		}
		s.space()
		c := s.data[s.i]
		s.i++
		if c == '}' {
			return nil
		}
	}
}
