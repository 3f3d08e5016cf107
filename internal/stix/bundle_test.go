package stix

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestDecodeBundlePartial(t *testing.T) {
	in := `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
		{` + ipv4 + `},
		{"type":"identity","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",` + sdoHead + `},
		42,
		{` + ind + `,"pattern":"[a:b = 1]"}
	]}`
	b, err := DecodeBundle([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if b.ID != "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d" || len(b.Items) != 4 || len(b.Valid()) != 2 {
		t.Fatalf("DecodeBundle = %s, %d items, %d valid; want 4 items, 2 valid", b.ID, len(b.Items), len(b.Valid()))
	}
	failed := b.Failed()
	if len(failed) != 2 || failed[0].Index != 1 || failed[1].Index != 2 {
		t.Fatalf("Failed = %+v, want objects 1 and 2", failed)
	}
	if failed[0].Object == nil || failed[0].Object.ID != "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e" {
		t.Errorf("failed object 1 does not carry its id: %+v", failed[0].Object)
	}
	if fe := liaison.ErrorFields(failed[0].Err); len(fe) != 1 || fe[0].Field != "objects[1].name" {
		t.Errorf("objects[1] error = %v, want objects[1].name", failed[0].Err)
	}
	if fe := liaison.ErrorFields(failed[1].Err); len(fe) != 1 || fe[0].Field != "objects[2]" || !strings.Contains(fe[0].Problem, "a number") {
		t.Errorf("objects[2] error = %v", failed[1].Err)
	}
}

func TestDecodeBundleInvalid(t *testing.T) {
	for _, tc := range []struct{ name, in, field string }{
		{"ErrNotJSON", `{`, "$"},
		{"ErrNotBundle", `{"type":"report","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}`, "type"},
		{"ErrID", `{"type":"bundle","id":"report--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}`, "id"},
		{"ErrObjects", `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":{}}`, "objects"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeBundle([]byte(tc.in))
			fe := liaison.ErrorFields(err)
			if len(fe) == 0 || fe[0].Field != tc.field {
				t.Errorf("DecodeBundle = %v, want a problem with %s", err, tc.field)
			}
		})
	}
}

func TestDecodeBundleNested(t *testing.T) {
	b, err := DecodeBundle([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Failed()) != 1 {
		t.Errorf("a bundle inside a bundle was accepted")
	}
}
