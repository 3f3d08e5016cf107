package stix

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// The scanner below walks JSON that encoding/json has already declared
// valid, so it only has to find where values start and end: it never
// re-encodes them, which is what keeps custom properties byte-for-byte.

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

func skipString(data []byte, i int) int {
	for i++; i < len(data); {
		switch data[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1
		default:
			i++
		}
	}
	return i
}

// skipValue returns the index just past the value that starts at data[i].
func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	default:
		for i < len(data) && data[i] != ',' && data[i] != '}' && data[i] != ']' && !isSpace(data[i]) {
			i++
		}
		return i
	}
}

// jsonString decodes a JSON string value; ok is false when raw is not one.
func jsonString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// eachMember calls fn for each member of the valid JSON object obj, with
// the name decoded and the value as a sub-slice. It returns false when obj
// is not an object.
func eachMember(obj []byte, fn func(name string, value []byte)) bool {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return false
	}
	i = skipSpace(obj, i+1)
	for i < len(obj) && obj[i] != '}' {
		j := skipString(obj, i)
		name, _ := jsonString(obj[i:j])
		i = skipSpace(obj, j)
		i = skipSpace(obj, i+1) // ':'
		j = skipValue(obj, i)
		fn(name, obj[i:j])
		i = skipSpace(obj, j)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return true
}

// eachElement calls fn for each element of the valid JSON array arr. It
// returns false when arr is not an array.
func eachElement(arr []byte, fn func(i int, value []byte)) bool {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return false
	}
	i = skipSpace(arr, i+1)
	for n := 0; i < len(arr) && arr[i] != ']'; n++ {
		j := skipValue(arr, i)
		fn(n, arr[i:j])
		i = skipSpace(arr, j)
		if i < len(arr) && arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
	}
	return true
}

// jsonKind names the JSON kind of a valid value, for messages.
func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// syntaxProblem describes why data is not valid JSON, with the offset.
func syntaxProblem(data []byte) string {
	var v any
	err := json.Unmarshal(data, &v)
	if se, ok := err.(*json.SyntaxError); ok {
		return "not valid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
	}
	if err != nil {
		return "not valid JSON: " + err.Error()
	}
	return "not valid JSON"
}
