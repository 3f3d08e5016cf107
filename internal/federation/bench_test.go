package federation

import (
	"fmt"
	"testing"
)

// The benchmarks report, besides ns/op, envelopes/s and items/s on one
// core (run with -cpu 1 for a clean per-core figure; nothing here is
// parallel).
var benchSizes = []struct{ items, size int }{{1, 1024}, {100, 1024}}

func BenchmarkSeal(b *testing.B) {
	k := MustFixedKeys(b)
	to := k.receiverHPKE.PublicKey()
	for _, s := range benchSizes {
		b.Run(fmt.Sprintf("items=%d/size=%d", s.items, s.size), func(b *testing.B) {
			h := testHeader(1, int64(s.items))
			items := testItems(1, s.items, s.size)
			b.ReportAllocs()
			b.SetBytes(int64(s.items * s.size))
			for b.Loop() {
				if _, err := Seal(h, items, k.senderSign, to); err != nil {
					b.Fatal(err)
				}
			}
			report(b, s.items)
		})
	}
}

// BenchmarkOpen measures the receiving side: Decode, Verify and Open.
func BenchmarkOpen(b *testing.B) {
	k := MustFixedKeys(b)
	pub := k.senderPub
	for _, s := range benchSizes {
		b.Run(fmt.Sprintf("items=%d/size=%d", s.items, s.size), func(b *testing.B) {
			wire := MustSeal(b, testHeader(1, int64(s.items)), testItems(1, s.items, s.size))
			b.ReportAllocs()
			b.SetBytes(int64(s.items * s.size))
			for b.Loop() {
				e, err := Decode(wire)
				if err != nil {
					b.Fatal(err)
				}
				if err := e.Verify(pub); err != nil {
					b.Fatal(err)
				}
				if _, err := e.Open(k.receiverHPKE); err != nil {
					b.Fatal(err)
				}
			}
			report(b, s.items)
		})
	}
}

func report(b *testing.B, items int) {
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(1/per, "envelopes/s")
	b.ReportMetric(float64(items)/per, "items/s")
}
