package misp

import (
	"fmt"
	"strings"
	"testing"
)

// bigEvent returns a MISP event of n attributes cycling through common
// types, a tenth of them without to_ids (observed data), each with a tag.
func bigEvent(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Event":{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-1c2d3e4f5a6b","info":"bench","date":"2026-01-02","timestamp":"1767312000","Tag":[{"name":"tlp:green"}],"Attribute":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		var typ, value string
		switch i % 5 {
		case 0:
			typ, value = "ip-dst", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		case 1:
			typ, value = "domain", fmt.Sprintf("host%d.example", i)
		case 2:
			typ, value = "url", fmt.Sprintf("https://host%d.example/path?q=%d", i, i)
		case 3:
			typ, value = "sha256", fmt.Sprintf("%064x", i)
		case 4:
			typ, value = "ip-dst|port", fmt.Sprintf("10.%d.%d.%d|%d", i>>16&255, i>>8&255, i&255, 1024+i%60000)
		}
		fmt.Fprintf(&b, `{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-%012d","type":%q,"category":"Network activity","to_ids":%t,"value":%q,"timestamp":"1767312000","Tag":[{"name":"kill-chain:c2"}]}`,
			i, typ, i%10 != 0, value)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// BenchmarkImport10k decodes and converts a 10,000-attribute event (no
// store): attributes/s and allocations per import.
func BenchmarkImport10k(b *testing.B) {
	const n = 10_000
	in := bigEvent(n)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		evs, err := Decode(in)
		if err != nil {
			b.Fatal(err)
		}
		if r := Convert(evs); len(r.Report.Unmapped) != 0 {
			b.Fatalf("unmapped: %v", r.Report.Unmapped[:1])
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "attributes/s")
}
