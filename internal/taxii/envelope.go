package taxii

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Envelope is the envelope resource (section 3.7): a page of objects.
type Envelope struct {
	More bool   `json:"more"`
	Next string `json:"next,omitempty"`
	// Objects are the objects as the server sent them, each a JSON
	// object.
	Objects []json.RawMessage `json:"objects,omitempty"`
}

// DecodeEnvelope reads an envelope strictly: a JSON object whose more is
// a boolean, next a string and objects a list of JSON objects. Other
// members are ignored, as section 3.7 lets a server add none but a client
// should not fail on them.
func DecodeEnvelope(b []byte) (*Envelope, error) {
	var raw struct {
		More    json.RawMessage   `json:"more"`
		Next    json.RawMessage   `json:"next"`
		Objects []json.RawMessage `json:"objects"`
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, errors.New("an envelope is a JSON object")
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("envelope: %w", err)
	}
	var e Envelope
	if !isNull(raw.More) {
		if err := json.Unmarshal(raw.More, &e.More); err != nil {
			return nil, errors.New("envelope: more is not a boolean")
		}
	}
	if !isNull(raw.Next) {
		if err := json.Unmarshal(raw.Next, &e.Next); err != nil {
			return nil, errors.New("envelope: next is not a string")
		}
	}
	for i, o := range raw.Objects {
		if len(o) == 0 || o[0] != '{' {
			return nil, fmt.Errorf("envelope: objects[%d] is not a JSON object", i)
		}
	}
	e.Objects = raw.Objects
	return &e, nil
}

func isNull(b json.RawMessage) bool { return len(b) == 0 || string(b) == "null" }

// EncodeEnvelope writes objects as an add-objects envelope (section
// 5.5), each object's bytes as given.
func EncodeEnvelope(objects []json.RawMessage) []byte {
	n := 16
	for _, o := range objects {
		n += len(o) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"objects":[`...)
	for i, o := range objects {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, o...)
	}
	return append(b, "]}"...)
}

// ObjectsOf reads the objects of a STIX bundle or a TAXII envelope, each
// as written, for pushing; an error names what is wrong.
func ObjectsOf(b []byte) ([]json.RawMessage, error) {
	var head struct {
		Type    string            `json:"type"`
		Objects []json.RawMessage `json:"objects"`
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, errors.New("neither a STIX bundle nor a TAXII envelope: not a JSON object")
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("neither a STIX bundle nor a TAXII envelope: %w", err)
	}
	if head.Type != "" && head.Type != "bundle" {
		return nil, fmt.Errorf("a STIX object of type %q, not a bundle or an envelope", head.Type)
	}
	for i, o := range head.Objects {
		if len(o) == 0 || o[0] != '{' {
			return nil, fmt.Errorf("objects[%d] is not a JSON object", i)
		}
	}
	if len(head.Objects) == 0 {
		return nil, errors.New("no objects to send")
	}
	return head.Objects, nil
}
