package stix

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/liaison-project/liaison"
)

// Object is one STIX 2.1 object: its bytes exactly as received and the
// common properties parsed into typed fields.
//
// Raw and the values in Props are the sender's bytes, never re-encoded;
// the typed fields are read from them and MUST NOT be used to re-serialise
// the object.
type Object struct {
	// Category is the kind of object: from the specification's lists, or,
	// for a new type defined by an extension definition, from the
	// extension's extension_type.
	Category Category

	Type        string
	ID          string
	SpecVersion string // "" when absent (allowed for SCOs)
	// Created and Modified are zero when absent; CreatedText and
	// ModifiedText keep the sender's text, whose precision matters when
	// TAXII clients ask for a version by its modified timestamp.
	Created, Modified         time.Time
	CreatedText, ModifiedText string
	CreatedByRef              string
	Revoked                   bool
	Labels                    []string
	Confidence                *int
	Lang                      string
	ExternalReferences        []ExternalReference
	ObjectMarkingRefs         []string
	GranularMarkings          []GranularMarking
	// Extensions lists the members of the extensions property in the
	// order written, values as sent.
	Extensions []Property

	// Raw is the object's JSON text as received (surrounding white space
	// trimmed).
	Raw json.RawMessage
	// Props lists every top-level property in the order written, each
	// value a sub-slice of Raw.
	Props []Property
}

// Property is one JSON member: its name and its value as sent.
type Property struct {
	Name  string
	Value json.RawMessage
}

// ExternalReference is one entry of external_references (STIX 2.1 section
// 2.5). Raw keeps the entry as sent, hashes included.
type ExternalReference struct {
	SourceName  string
	Description string
	URL         string
	ExternalID  string
	Raw         json.RawMessage
}

// GranularMarking is one entry of granular_markings (STIX 2.1 section
// 7.2.3): exactly one of Lang and MarkingRef is set.
type GranularMarking struct {
	Lang       string
	MarkingRef string
	Selectors  []string
}

// Get returns the value of the top-level property name as sent, and
// whether the object has it.
func (o *Object) Get(name string) (json.RawMessage, bool) {
	for _, p := range o.Props {
		if p.Name == name {
			return p.Value, true
		}
	}
	return nil, false
}

// VersionTime is the time that orders versions of the object: modified,
// or created for objects without modified (marking definitions), or the
// zero time for objects that are not versioned (SCOs).
func (o *Object) VersionTime() time.Time {
	if !o.Modified.IsZero() {
		return o.Modified
	}
	return o.Created
}

// Decode parses and validates one STIX 2.1 object from JSON.
//
// The error is a [liaison.Invalid] error (code EINVALID) listing every
// problem by JSON path. When the input is a JSON object, Decode returns the
// Object even with an error, with whatever it could read (its id, most
// often), so that a caller can name the object it refuses; such an Object
// MUST NOT be stored.
func Decode(data []byte) (*Object, error) {
	if !json.Valid(data) {
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: syntaxProblem(data)})
	}
	o, err := decodeValid(bytes.Clone(bytes.TrimSpace(data)))
	if o != nil && o.Type == "bundle" {
		return o, liaison.Invalid(liaison.FieldError{Field: "type", Problem: "a bundle is not an object; decode it as a bundle"})
	}
	return o, err
}

// decodeValid decodes raw, which is valid JSON and owned by the object.
func decodeValid(raw []byte) (*Object, error) {
	var f liaison.Fields
	o := &Object{Raw: raw, Props: make([]Property, 0, 16)}
	if !eachMember(raw, func(name string, v []byte) {
		o.Props = append(o.Props, Property{Name: name, Value: v})
	}) {
		f.Add("$", "must be a JSON object, not "+jsonKind(raw))
		return nil, f.Err()
	}
	o.checkDuplicates(&f)
	o.readCommon(&f)
	o.validate(&f)
	return o, f.Err()
}

// checkDuplicates refuses repeated member names: JSON leaves their meaning
// open, and two readers of the same object could see different values.
func (o *Object) checkDuplicates(f *liaison.Fields) {
	if len(o.Props) <= 32 {
		for i := 1; i < len(o.Props); i++ {
			for j := 0; j < i; j++ {
				if o.Props[i].Name == o.Props[j].Name {
					f.Add(o.Props[i].Name, "property given more than once")
					break
				}
			}
		}
		return
	}
	seen := make(map[string]bool, len(o.Props))
	for _, p := range o.Props {
		if seen[p.Name] {
			f.Add(p.Name, "property given more than once")
		}
		seen[p.Name] = true
	}
}
