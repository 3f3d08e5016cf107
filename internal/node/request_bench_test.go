package node_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// benchClock is a clock a benchmark moves by hand.
type benchClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *benchClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *benchClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var benchT0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// benchRequestNode opens a SQLite node "ca" on a file in a temporary
// directory and stores n requests made by mk, 10,000 to a transaction,
// outside the timer.
func benchRequestNode(b *testing.B, n int, mk func(i int) *liaison.Request) (*node.Node, *sqlite.Store, *benchClock) {
	b.Helper()
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "ca.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for i := 0; i < n; i += 10000 {
		err := st.Update(context.Background(), func(tx liaison.Tx) error {
			for j := i; j < min(i+10000, n); j++ {
				if err := tx.CreateRequest(mk(j)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	clock := &benchClock{t: benchT0}
	nd, err := node.New(node.Config{Party: "ca", Name: "ca", Store: st, Now: clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	return nd, st, clock
}

var benchAreas = []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaCyber,
	liaison.AreaFraud, liaison.AreaImmigration, liaison.AreaTerrorism}

var benchParties = []string{"in", "us", "gb", "au"}

// benchRequest is the i-th request a peer asked of ca, received and
// delivered, sent an hour before benchT0 and due span after it (spread
// by i), closed for all but one in open.
func benchRequest(i int, span time.Duration, open int) *liaison.Request {
	from := liaison.Sender{Party: benchParties[i%len(benchParties)], Agency: "ncb", Officer: "Insp. Rao", OfficerID: fmt.Sprintf("o-%d", i%50)}
	created := benchT0.Add(-time.Hour)
	r := &liaison.Request{
		ID: fmt.Sprintf("0195%04x-0000-7000-8000-%012x", 1, i), CaseID: "0195c000-0000-7000-8000-000000000001",
		Question: "Who consigned container MSKU 123456-5, and who paid the freight?", Priority: liaison.PriorityRoutine,
		Due: benchT0.Add(time.Hour + time.Duration(int64(span)/int64(100000)*int64(i%100000))),
		Handling: liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, Codes: []string{liaison.CodeLawEnforcementOnly},
			CrimeArea: benchAreas[i%len(benchAreas)]},
		From: from, To: "ca", Created: created, Inbound: true,
	}
	r.History = []liaison.RequestStep{
		{ID: fmt.Sprintf("s-%d", i), Action: liaison.ActSend, At: created, By: from},
		{ID: fmt.Sprintf("d-%d", i), Action: liaison.ActDeliver, At: created.Add(time.Second), By: liaison.Sender{Party: "ca"}},
	}
	switch {
	case i%open == 0:
	case i%2 == 0:
		by := liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: "officer-1"}
		r.History = append(r.History,
			liaison.RequestStep{ID: fmt.Sprintf("a-%d", i), Action: liaison.ActAcknowledge, At: created.Add(time.Minute), By: by, Assignee: &by},
			liaison.RequestStep{ID: fmt.Sprintf("r-%d", i), Action: liaison.ActAnswer, At: created.Add(time.Hour), By: by, Message: "0195c000-0000-7000-8000-000000000002"})
	default:
		r.History = append(r.History, liaison.RequestStep{ID: fmt.Sprintf("w-%d", i), Action: liaison.ActWithdraw,
			At: created.Add(time.Minute), By: from, Note: "no longer needed"})
	}
	r.Replay()
	return r
}

// BenchmarkRemindScan runs the reminder scan over 100,000 open requests
// (-short: 10,000) on SQLite. Idle: none has a reminder due, the common
// case each minute. Due: each op moves the clock 1/100 of the spread of
// the 50 % points, so about 1 % of the requests (1,000) cross it and are
// reminded, each in the transaction that records it.
//
//	go test -run='^$' -bench=RemindScan -benchtime=50x ./internal/node
func BenchmarkRemindScan(b *testing.B) {
	n := 100000
	if testing.Short() {
		n = 10000
	}
	const span = 7 * 24 * time.Hour
	for _, due := range []bool{false, true} {
		name := "idle"
		if due {
			name = "due"
		}
		b.Run(fmt.Sprintf("open=%d/%s", n, name), func(b *testing.B) {
			nd, _, clock := benchRequestNode(b, n, func(i int) *liaison.Request { return benchRequest(i, span, 1) })
			ctx := context.Background()
			sent := 0
			for b.Loop() {
				if due {
					clock.add(span / 2 / 100)
				}
				k, err := nd.RemindRequests(ctx)
				if err != nil {
					b.Fatal(err)
				}
				sent += k
			}
			b.ReportMetric(float64(sent)/float64(b.N), "reminders/op")
		})
	}
}

// BenchmarkRequestList lists requests with 1,000,000 stored (-short:
// 100,000), a fifth of them open (two thirds of those overdue at the
// time of the lists), two fifths answered: the store's query alone, and
// through the node as the API does (the query, the read guard, and the
// audit entry of what was shown, a durable write). It lists first pages
// of 50 of each view and filter, and pages deep in the list by cursor,
// and reports the 99th percentile of the ops.
//
//	go test -run='^$' -bench=RequestList -benchtime=2000x ./internal/node
func BenchmarkRequestList(b *testing.B) {
	n := 1000000
	if testing.Short() {
		n = 100000
	}
	nd, st, clock := benchRequestNode(b, n, func(i int) *liaison.Request { return benchRequest(i, 30*24*time.Hour, 5) })
	ctx := context.Background()
	var officer *liaison.Officer
	if err := st.Update(ctx, func(tx liaison.Tx) error {
		officer = &liaison.Officer{ID: "officer-1", Party: "ca", Agency: "rcmp", Name: "Cpl. Tremblay",
			Role: liaison.RoleLiaison, Areas: benchAreas, Created: benchT0}
		return tx.CreateOfficer(officer, []byte("token-hash-of-officer-1-xxxxxxxx"))
	}); err != nil {
		b.Fatal(err)
	}
	// A cursor half way through the stored requests.
	_, mid, err := st.Requests(ctx, liaison.RequestFilter{Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	for range n / 2000 {
		if _, mid, err = st.Requests(ctx, liaison.RequestFilter{After: mid, Limit: 1000}); err != nil {
			b.Fatal(err)
		}
	}
	now := benchT0.Add(20 * 24 * time.Hour) // by then some open requests are overdue
	clock.add(now.Sub(benchT0))
	yes, in, gb := true, "in", "gb"
	cyber := liaison.AreaCyber
	lists := []struct {
		l node.RequestList
		f liaison.RequestFilter
	}{
		{node.RequestList{View: "open"}, liaison.RequestFilter{Open: &yes}},
		{node.RequestList{View: "overdue"}, liaison.RequestFilter{Open: &yes, DueBefore: &now}},
		{node.RequestList{View: "answered"}, liaison.RequestFilter{States: []liaison.RequestState{liaison.RequestAnswered}}},
		{node.RequestList{View: "open", Party: "in"}, liaison.RequestFilter{Open: &yes, Party: &in}},
		{node.RequestList{View: "open", Area: cyber}, liaison.RequestFilter{Open: &yes, Area: &cyber}},
		{node.RequestList{Party: "gb", Area: cyber}, liaison.RequestFilter{Party: &gb, Area: &cyber}},
		{node.RequestList{After: mid}, liaison.RequestFilter{After: mid}},
		{node.RequestList{View: "open", After: mid}, liaison.RequestFilter{Open: &yes, After: mid}},
	}
	for _, c := range lists {
		c.l.Limit, c.f.Limit = 50, 50
		for _, via := range []string{"store", "node"} {
			name := fmt.Sprintf("%s/view=%s/party=%s/area=%s/deep=%v", via, c.l.View, c.l.Party, c.l.Area, c.l.After != "")
			b.Run(name, func(b *testing.B) {
				var took []time.Duration
				for b.Loop() {
					start := time.Now()
					var err error
					if via == "node" {
						_, _, err = nd.Requests(ctx, officer, c.l)
					} else {
						_, _, err = st.Requests(ctx, c.f)
					}
					if err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[(len(took)*99)/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}
