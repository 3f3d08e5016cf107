package node_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkAddSTIX adds one bundle of 1,000 new indicators per op through
// node.AddSTIX on a SQLite store, to the local collection and to the
// arrangement's shared one, where the same transaction also asks which
// versions are held, puts each object to the guard and queues them for
// the peer: the difference is the cost of queueing for the border. It
// reports objects/s.
func BenchmarkAddSTIX(b *testing.B) {
	for _, coll := range []string{"local", "shared"} {
		b.Run("collection="+coll, func(b *testing.B) {
			ctx := context.Background()
			p := newPair(b)
			local, shared := collections(b, p.in)
			c := local
			if coll == "shared" {
				c = shared
			}
			const size = 1000
			objs := make([]string, size)
			op := 0
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				op++
				for i := range objs {
					// Ids unique across ops, so that every object is new.
					objs[i] = strings.Replace(indicator(i), "-8000-", fmt.Sprintf("-%04x-", 0x8000+op%0x4000), 1)
				}
				body := bundle(objs...)
				b.StartTimer()
				st, err := p.in.AddSTIX(ctx, p.in.cyber, c, body)
				if err != nil {
					b.Fatal(err)
				}
				if len(st.Successes) != size {
					b.Fatalf("%d successes, want %d: %+v", len(st.Successes), size, st.Failures[:1])
				}
			}
			b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}
