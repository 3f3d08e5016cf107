package storetest

import (
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

// benchSTIXBatch is the objects of one add-objects request.
const benchSTIXBatch = 10000

func benchSTIXObjects(coll string, from int) []liaison.STIXObject {
	objs := make([]liaison.STIXObject, benchSTIXBatch)
	for i := range objs {
		id := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", from+i)
		objs[i] = liaison.STIXObject{Collection: coll, ID: id, Type: "indicator", SpecVersion: "2.1",
			Modified: benchNow, DateAdded: benchNow, TLP: liaison.TLPAmber, Agency: "cbi",
			Raw: []byte(`{"type":"indicator","spec_version":"2.1","id":"` + id + `","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`)}
	}
	return objs
}

// benchAddSTIX adds 10,000 objects in one transaction per op.
func benchAddSTIX(b *testing.B, s liaison.Store, _ string) {
	n := 0
	for b.Loop() {
		objs := benchSTIXObjects("bench", n)
		n += len(objs)
		mustUpdate(b, s, func(tx liaison.Tx) error {
			_, err := tx.AddSTIXObjects(objs)
			return err
		})
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "objects/s")
}

// benchPageSTIX reads pages of 1,000 (the latest versions, the default)
// from a collection of 10,000.
func benchPageSTIX(b *testing.B, s liaison.Store, _ string) {
	objs := benchSTIXObjects("bench", 0)
	mustUpdate(b, s, func(tx liaison.Tx) error {
		_, err := tx.AddSTIXObjects(objs)
		return err
	})
	after, n := "", 0
	for b.Loop() {
		page, next, err := s.STIXObjects(b.Context(), liaison.STIXFilter{Collection: "bench", After: after, Limit: 1000})
		if err != nil || len(page) == 0 {
			b.Fatalf("STIXObjects = %d, %v", len(page), err)
		}
		n += len(page)
		after = next
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "objects/s")
}
