package federation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// scanTypes are the shapes checkStrict is asked to hold JSON to.
var scanTypes = []reflect.Type{nil, plaintextType, reflect.TypeFor[Header](), reflect.TypeFor[ReceiptBody](), reflect.TypeFor[liaison.Card]()}

// FuzzScanStrict holds the scanner to the walker it replaces on well-formed
// JSON: the same verdict, in the same words.
func FuzzScanStrict(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `1`, `"x"`, `null`, ` { "a" : [ 1 , 2 , { } ] } `,
		`{"items":[{"seq":5,"kind":"case","id":"c1","body":{"a":1,"a":2}}]}`,
		`{"items":[{"seq":5,"kind":"case","id":"c1","body":{},"x":1}]}`,
		`{"items":[{"Seq":5}]}`,
		`{"a\u0062":1,"ab":2}`, `{"\ud800":1,"\ufffd":2}`, "{\"\xff\":1,\"\xfe\":2}",
		`{"items":[{"body":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}]}`,
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k3":3}`,
		`{"v":1,"items":[{"status":"stored","Status":"refused"}]}`,
		`{"a":"\"}\\","b":[true,false,null,-1.5e+3]}`,
	} {
		for i := range scanTypes {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		if !json.Valid(data) {
			return
		}
		typ := scanTypes[int(which)%len(scanTypes)]
		got, want := fmt.Sprint(scanStrict(data, typ)), fmt.Sprint(walkStrict(data, typ))
		if got != want {
			t.Fatalf("scanStrict(%q, %v) = %s, walker says %s", data, typ, got, want)
		}
	})
}

func BenchmarkCheckStrict(b *testing.B) {
	pt, err := json.Marshal(plaintext{Items: testItems(1, 100, 1024)})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		check func([]byte, reflect.Type) error
	}{{"check", checkStrict}, {"scan", scanStrict}, {"walk", walkStrict}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(pt)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.check(pt, plaintextType); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
