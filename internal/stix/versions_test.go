package stix

import (
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

func mustIdentity(tb testing.TB, id, created, modified string) *Object {
	tb.Helper()
	o, err := Decode([]byte(fmt.Sprintf(`{"type":"identity","spec_version":"2.1","id":%q,"created":%q,"modified":%q,"name":"x"}`, id, created, modified)))
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func TestVersions(t *testing.T) {
	const id = "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e"
	const c = "2016-04-06T20:03:00.000Z"
	v2 := mustIdentity(t, id, c, "2017-01-01T00:00:00.000Z")
	v1 := mustIdentity(t, id, c, c)
	v3 := mustIdentity(t, id, c, "2018-01-01T00:00:00.000Z")
	v3dup := mustIdentity(t, id, c, "2018-01-01T00:00:00.000000Z")
	vs, err := NewVersions([]*Object{v2, v3, v1, v3dup})
	if err != nil {
		t.Fatal(err)
	}
	if vs.First() != v1 || vs.Last() != v3 || len(vs.All()) != 3 {
		t.Errorf("First, Last, len = %s, %s, %d; want %s, %s, 3", vs.First().ModifiedText, vs.Last().ModifiedText, len(vs.All()), c, v3.ModifiedText)
	}
	if vs.At("2017-01-01T00:00:00Z") != v2 || vs.At("2019-01-01T00:00:00Z") != nil {
		t.Error("At did not find the version by its modified time")
	}

	other := mustIdentity(t, "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff", c, c)
	if _, err := NewVersions([]*Object{v1, other}); liaison.ErrorCode(err) != liaison.EINVALID {
		t.Errorf("NewVersions(two ids) = %v, want EINVALID", err)
	}
	moved := mustIdentity(t, id, "2016-04-06T20:03:00.001Z", "2019-01-01T00:00:00.000Z")
	if _, err := NewVersions([]*Object{v1, moved}); liaison.ErrorCode(err) != liaison.EINVALID {
		t.Errorf("NewVersions(created changed) = %v, want EINVALID", err)
	}
	empty, _ := NewVersions(nil)
	if empty.First() != nil || empty.Last() != nil {
		t.Error("empty Versions has a first or last")
	}
}
