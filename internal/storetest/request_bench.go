package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// BenchmarkRequests measures a store's request queries with n requests
// stored (a fifth open, deadlines spread over 30 days from benchNow): the
// reminder scan's read when nothing is due, and the first page of 50 of
// the API's lists, with the 99th percentile of the ops as p99-ms.
//
//	go test -run='^$' -bench=Requests -benchtime=500x ./internal/sqlite ./internal/postgres
func BenchmarkRequests(b *testing.B, s liaison.Store, n int) {
	for i := 0; i < n; i += 5000 {
		err := s.Update(b.Context(), func(tx liaison.Tx) error {
			for j := i; j < min(i+5000, n); j++ {
				if err := tx.CreateRequest(benchRequest(j)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("DueRequests", func(b *testing.B) {
		for b.Loop() {
			err := s.Update(b.Context(), func(tx liaison.Tx) error {
				rs, err := tx.DueRequests(benchNow, 500)
				if len(rs) > 1 {
					return fmt.Errorf("%d due", len(rs))
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	yes := true
	later := benchNow.Add(20 * 24 * time.Hour)
	party, area := "gb", liaison.AreaCyber
	for _, c := range []struct {
		name string
		f    liaison.RequestFilter
	}{
		{"open", liaison.RequestFilter{Open: &yes}},
		{"overdue", liaison.RequestFilter{Open: &yes, DueBefore: &later}},
		{"answered", liaison.RequestFilter{States: []liaison.RequestState{liaison.RequestAnswered}}},
		{"open+party", liaison.RequestFilter{Open: &yes, Party: &party}},
		{"party+area", liaison.RequestFilter{Party: &party, Area: &area}},
	} {
		c.f.Limit = 50
		b.Run("List/"+c.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				rs, _, err := s.Requests(b.Context(), c.f)
				if err != nil || len(rs) == 0 {
					b.Fatalf("Requests: %d, %v", len(rs), err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

var benchRequestParties = []string{"in", "us", "gb", "au"}

var benchRequestAreas = []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaCyber,
	liaison.AreaFraud, liaison.AreaImmigration, liaison.AreaTerrorism}

// benchRequest is the i-th of the benchmark's received requests: open
// for one in five, answered or withdrawn for the others.
func benchRequest(i int) *liaison.Request {
	from := liaison.Sender{Party: benchRequestParties[i%4], Agency: "ncb", Officer: "Insp. Rao", OfficerID: "o-1"}
	created := benchNow.Add(-time.Hour)
	r := &liaison.Request{
		ID: fmt.Sprintf("0195%04x-0000-7000-8000-%012x", 2, i), CaseID: "0195c000-0000-7000-8000-000000000001",
		Question: "Who consigned container MSKU 123456-5, and who paid the freight?", Priority: liaison.PriorityRoutine,
		Due:      benchNow.Add(time.Hour + time.Duration(i%100000)*26*time.Second),
		Handling: liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: benchRequestAreas[i%6]},
		From:     from, To: "ca", Created: created, Inbound: true, Reminders: liaison.RemindHalf | liaison.RemindNinety,
	}
	by := liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: "officer-1"}
	r.History = []liaison.RequestStep{
		{ID: fmt.Sprintf("s-%d", i), Action: liaison.ActSend, At: created, By: from},
		{ID: fmt.Sprintf("d-%d", i), Action: liaison.ActDeliver, At: created.Add(time.Second), By: liaison.Sender{Party: "ca"}},
	}
	switch {
	case i%5 == 0:
	case i%2 == 0:
		r.History = append(r.History,
			liaison.RequestStep{ID: fmt.Sprintf("a-%d", i), Action: liaison.ActAcknowledge, At: created.Add(time.Minute), By: by, Assignee: &by},
			liaison.RequestStep{ID: fmt.Sprintf("r-%d", i), Action: liaison.ActAnswer, At: created.Add(time.Hour), By: by, Message: "m"})
	default:
		r.History = append(r.History, liaison.RequestStep{ID: fmt.Sprintf("w-%d", i), Action: liaison.ActWithdraw, At: created.Add(time.Minute), By: from, Note: "no longer needed"})
	}
	r.Replay()
	return r
}
