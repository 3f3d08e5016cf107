package stix

import (
	"bytes"
	"encoding/json"

	"github.com/liaison-project/liaison"
)

// Bundle is a decoded STIX bundle (STIX 2.1 section 8): a wrapper with an
// id and a list of objects, each decoded and validated on its own.
type Bundle struct {
	ID    string
	Items []BundleItem
}

// BundleItem is one entry of a bundle's objects: Object when it is valid,
// Err (EINVALID, listing the problems) when it is not. On error Object may
// still be set with what could be read, its id most often, so the refusal
// can name the object; it MUST NOT be stored.
type BundleItem struct {
	Index  int
	Object *Object
	Err    error
}

// Valid returns the objects that passed validation, in bundle order.
func (b *Bundle) Valid() []*Object {
	out := make([]*Object, 0, len(b.Items))
	for _, it := range b.Items {
		if it.Err == nil {
			out = append(out, it.Object)
		}
	}
	return out
}

// Failed returns the entries that did not pass validation.
func (b *Bundle) Failed() []BundleItem {
	var out []BundleItem
	for _, it := range b.Items {
		if it.Err != nil {
			out = append(out, it)
		}
	}
	return out
}

// DecodeBundle decodes a bundle. It returns an EINVALID error only when
// the bundle itself is wrong (not JSON, not a bundle, a bad id, objects not
// a list); a bad object is reported in its BundleItem and does not stop the
// others, which is what a TAXII add-objects status needs.
func DecodeBundle(data []byte) (*Bundle, error) {
	if !json.Valid(data) {
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: syntaxProblem(data)})
	}
	raw := bytes.Clone(bytes.TrimSpace(data))
	var f liaison.Fields
	b := &Bundle{}
	var typ string
	var objects []byte
	if !eachMember(raw, func(name string, v []byte) {
		switch name {
		case "type":
			typ = str(&f, name, v)
		case "id":
			b.ID = str(&f, name, v)
		case "objects":
			objects = v
		}
	}) {
		f.Add("$", "must be a JSON object, not "+jsonKind(raw))
		return nil, f.Err()
	}
	if typ != "bundle" {
		f.Add("type", "must be \"bundle\", not "+quote(typ), "bundle")
	}
	if p := ValidIdentifier(b.ID); p != "" {
		f.Add("id", p)
	} else if t, _, _ := SplitIdentifier(b.ID); t != "bundle" {
		f.Add("id", "must be a bundle--<UUID> identifier")
	}
	if objects != nil && !eachElement(objects, func(i int, e []byte) {
		o, err := decodeValid(e)
		if err == nil && o.Type == "bundle" {
			err = liaison.Invalid(liaison.FieldError{Field: "type", Problem: "a bundle may not contain a bundle"})
		}
		b.Items = append(b.Items, BundleItem{Index: i, Object: o, Err: prefixed(i, err)})
	}) {
		f.Add("objects", "must be a list, not "+jsonKind(objects))
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return b, nil
}

// prefixed names an object's problems by their path in the bundle:
// "objects[3].created".
func prefixed(i int, err error) error {
	if err == nil {
		return nil
	}
	var f liaison.Fields
	for _, fe := range liaison.ErrorFields(err) {
		if fe.Field == "$" {
			fe.Field = index("objects", i)
		} else {
			fe.Field = index("objects", i) + "." + fe.Field
		}
		f = append(f, fe)
	}
	return f.Err()
}
