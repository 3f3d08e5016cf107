package stix

import (
	"slices"

	"github.com/liaison-project/liaison"
)

// Versions orders the versions of one object (STIX 2.1 section 3.6): the
// same id, each version told apart by modified. Objects without modified
// (marking definitions, SCOs) have a single version.
type Versions struct {
	list []*Object
}

// NewVersions orders objs, which MUST all share one id, from the oldest
// modified to the newest. Two versions with the same modified are one
// version by the specification's rules: the first given is kept, the
// others are dropped. It returns an EINVALID error when the ids differ or
// a later version changes created, which section 3.6 forbids.
func NewVersions(objs []*Object) (*Versions, error) {
	var f liaison.Fields
	list := make([]*Object, 0, len(objs))
	for i, o := range objs {
		if o.ID != objs[0].ID {
			f.Add(index("versions", i)+".id", "is "+quote(o.ID)+", not "+quote(objs[0].ID))
			continue
		}
		if !o.Created.Equal(objs[0].Created) {
			f.Add(index("versions", i)+".created", "created MUST NOT change between versions")
		}
		list = append(list, o)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b *Object) int { return a.VersionTime().Compare(b.VersionTime()) })
	list = slices.CompactFunc(list, func(a, b *Object) bool { return a.VersionTime().Equal(b.VersionTime()) })
	return &Versions{list: list}, nil
}

// All returns the versions, oldest first.
func (v *Versions) All() []*Object { return v.list }

// First returns the oldest version, nil when there is none.
func (v *Versions) First() *Object {
	if len(v.list) == 0 {
		return nil
	}
	return v.list[0]
}

// Last returns the newest version (the current one), nil when there is none.
func (v *Versions) Last() *Object {
	if len(v.list) == 0 {
		return nil
	}
	return v.list[len(v.list)-1]
}

// At returns the version whose modified is exactly modified (a TAXII
// match[version]=<timestamp>), or nil.
func (v *Versions) At(modified string) *Object {
	t, _, p := ParseTimestamp(modified)
	if p != "" {
		return nil
	}
	for _, o := range v.list {
		if o.VersionTime().Equal(t) {
			return o
		}
	}
	return nil
}
