package stix_test

import (
	"fmt"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

func ExampleDecode() {
	o, err := stix.Decode([]byte(`{"type":"indicator","spec_version":"2.1",
		"id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z",
		"pattern":"[ipv4-addr:value = '198.51.100.1/32'","pattern_type":"stix",
		"valid_from":"2016-01-01T00:00:00Z","x_acme_score": 7.50}`))
	for _, f := range liaison.ErrorFields(err) {
		fmt.Printf("%s: %s\n", f.Field, f.Problem)
	}
	v, _ := o.Get("x_acme_score")
	fmt.Println(o.ID, string(v))
	// Output:
	// pattern: at 1:37 (byte 36): expected ']' or AND or OR, found the end of the pattern
	// indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f 7.50
}

func ExampleTLPOf() {
	label, ok := stix.TLPOf([]string{stix.TLP1White})
	fmt.Println(label, ok)
	label, ok = stix.TLPOf([]string{stix.TLP2Green, stix.TLP2AmberStrict})
	fmt.Println(label, ok)
	// Output:
	// CLEAR true
	// AMBER+STRICT true
}

func ExampleNewVersions() {
	var objs []*stix.Object
	for _, m := range []string{"2017-01-01T00:00:00.000Z", "2016-04-06T20:03:00.000Z"} {
		o, _ := stix.Decode([]byte(`{"type":"identity","spec_version":"2.1","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
			"created":"2016-04-06T20:03:00.000Z","modified":"` + m + `","name":"ACME"}`))
		objs = append(objs, o)
	}
	vs, _ := stix.NewVersions(objs)
	fmt.Println(vs.First().ModifiedText, vs.Last().ModifiedText)
	// Output: 2016-04-06T20:03:00.000Z 2017-01-01T00:00:00.000Z
}

func ExampleDecodeBundle() {
	b, _ := stix.DecodeBundle([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
		{"type":"ipv4-addr","id":"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8","value":"198.51.100.3"},
		{"type":"ipv4-addr","id":"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a9"}]}`))
	fmt.Println(len(b.Valid()), "accepted")
	for _, it := range b.Failed() {
		fmt.Println(it.Index, it.Object.ID, it.Err)
	}
	// Output:
	// 1 accepted
	// 1 ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a9 invalid input: objects[1].value: required for ipv4-addr
}
