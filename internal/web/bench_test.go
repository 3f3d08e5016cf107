package web

import (
	"flag"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

var benchMessages = flag.Int("web.messages", 100_000, "received messages stored before BenchmarkPages renders the pages (1000000 for the issue's scale)")

// BenchmarkPages renders each main page server-side, through the whole
// handler and the node, on a SQLite store holding -web.messages received
// messages in one case, and reports the median and 99th percentile:
//
//	go test -run='^$' -bench=Pages -benchtime=200x ./internal/web
//	go test -run='^$' -bench=Pages -benchtime=200x -timeout=1h ./internal/web -web.messages=1000000
func BenchmarkPages(b *testing.B) {
	f := newFixture(b)
	seedInbound(b, f.st, f.c.ID, f.now.Add(-time.Hour), 1, *benchMessages)
	lo, au := f.as(liaison.RoleLiaison), f.as(liaison.RoleAuditor)
	su := f.as(liaison.RoleSupervisor)
	for _, p := range []struct {
		name, path string
		ss         *session
	}{
		{"inbox", "/inbox", lo},
		{"message", "/messages/" + f.inbound.ID, lo},
		{"cases", "/cases", lo},
		{"case", "/cases/" + f.c.ID, lo},
		{"compose", "/cases/" + f.c.ID + "/compose", lo},
		{"requests", "/requests", lo},
		{"request", "/requests/" + f.request.ID, lo},
		{"approvals", "/approvals", su},
		{"consents", "/consents", su},
		{"workplan", "/workplan", lo},
		{"peers", "/peers", lo},
		{"directory", "/directory", lo},
		{"audit", "/audit", au},
	} {
		b.Run(p.name, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				r := withSession(httptest.NewRequest("GET", p.path, nil), p.ss)
				w := httptest.NewRecorder()
				start := time.Now()
				f.h.ServeHTTP(w, r)
				ds = append(ds, time.Since(start))
				if w.Code != 200 {
					b.Fatalf("GET %s: %d", p.path, w.Code)
				}
			}
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
