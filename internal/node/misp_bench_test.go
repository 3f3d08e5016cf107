package node_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkImportMISP10k imports a 10,000-attribute MISP event into the
// local collection of a SQLite node: decode, convert, validate every
// object again as a TAXII add does, store and audit in one transaction.
// Each op is a new version of the event (its timestamp moves), so every
// object is written.
func BenchmarkImportMISP10k(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	nd := newPair(b).in
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		in := mispEvent(n, 1767312000+i)
		imp, err := nd.ImportMISP(ctx, nd.cyber, "", in)
		if err != nil {
			b.Fatal(err)
		}
		if len(imp.Status.Failures) != 0 {
			b.Fatalf("failures: %v", imp.Status.Failures[:1])
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "attributes/s")
}

func mispEvent(n, stamp int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"Event":{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-1c2d3e4f5a6b","info":"bench","date":"2026-01-02","timestamp":"%d","Attribute":[`, stamp)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-%012d","type":"ip-dst","category":"Network activity","to_ids":true,"value":"10.%d.%d.%d","timestamp":"%d"}`,
			i, i>>16&255, i>>8&255, i&255, stamp)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}
