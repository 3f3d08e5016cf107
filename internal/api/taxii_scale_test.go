package api

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/postgres"
)

// taxiiObjects is how many objects BenchmarkTAXIIScale loads (issue 7
// "Speed, measured" asks for 1,000,000; the default keeps a plain
// -bench run short):
//
//	go test ./internal/api -run '^$' -bench TAXIIScale -benchtime 1x -taxii-objects 1000000 [-taxii-store postgres]
var taxiiObjects = flag.Int("taxii-objects", 20000, "objects BenchmarkTAXIIScale loads")

// taxiiStore is the store BenchmarkTAXIIScale measures: sqlite (a file in
// a temporary directory), or postgres (a throwaway server from the
// machine's binaries, fsync on, as internal/pgtest starts it).
var taxiiStore = flag.String("taxii-store", "sqlite", "sqlite or postgres")

// BenchmarkTAXIIScale loads -taxii-objects indicators into a collection
// through node.AddSTIX in bundles of 1,000 (as an add-objects request
// would), then reads 1,000-object pages at random cursors through
// node.STIXObjects and through HTTP. It reports the add throughput, the
// page times (median and p99) and the process's peak RSS and heap.
// added/cpu-s divides by this process's CPU time rather than the wall
// clock, which on a shared machine says more about the code.
func BenchmarkTAXIIScale(b *testing.B) {
	const batch, pages, rounds = 1000, 200, 5
	total := *taxiiObjects / batch * batch
	if total == 0 {
		b.Fatalf("-taxii-objects %d: want at least %d", *taxiiObjects, batch)
	}
	var peakHeap atomic.Uint64
	stop := watchHeap(&peakHeap)
	defer stop()
	for b.Loop() {
		s := newScaleServer(b)
		n, actor := s.node(b)
		ctx := context.Background()
		// The load in tenths, each a measurement of its own.
		var segments []float64
		tenth := max(total/10/batch*batch, batch)
		start, cpu0 := time.Now(), cpuTime(b)
		segStart := start
		for from := 0; from < total; from += batch {
			st, err := n.AddSTIX(ctx, actor, s.shared, taxiiBundleOf(from, from+batch))
			if err != nil || len(st.Successes) != batch {
				b.Fatalf("AddSTIX(%d..) = %v", from, err)
			}
			if done := from + batch; done%tenth == 0 || done == total {
				segments = append(segments, float64(batch*((done-1)%tenth/batch+1))/time.Since(segStart).Seconds())
				segStart = time.Now()
			}
		}
		added, addCPU := time.Since(start), cpuTime(b)-cpu0
		b.Logf("added %d in %v (%.0f/s; %.0f per CPU-second); by tenths: %.0f", total, added.Round(time.Millisecond),
			float64(total)/added.Seconds(), float64(total)/addCPU.Seconds(), segments)
		// Cursors are seq numbers: draw them from the rows' range.
		_, first, err := n.STIXObjects(ctx, actor, "taxii.objects", liaison.STIXFilter{Collection: s.shared, Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		low, _ := strconv.ParseInt(first, 10, 64)
		rng := rand.New(rand.NewPCG(1, 2))
		cursor := func() string {
			return strconv.FormatInt(low+rng.Int64N(int64(max(total-batch, 1))), 10)
		}
		objects := "/taxii2/liaison/collections/" + s.shared + "/objects/?limit=1000&next="
		reads := []struct {
			name string
			read func(cursor string) int
		}{
			{"store", func(c string) int {
				page, _, err := s.store.STIXObjects(ctx, liaison.STIXFilter{Collection: s.shared, Limit: batch, After: c})
				if err != nil {
					b.Fatal(err)
				}
				return len(page)
			}},
			{"node", func(c string) int {
				page, _, err := n.STIXObjects(ctx, actor, "taxii.objects", liaison.STIXFilter{Collection: s.shared, Limit: batch, After: c})
				if err != nil {
					b.Fatal(err)
				}
				return len(page)
			}},
			{"http", func(c string) int {
				var env struct{ Objects []json.RawMessage }
				s.mustGet(objects+c, &env)
				return len(env.Objects)
			}},
		}
		// For each read: the rounds' p50 and p99 of the wall-clock time
		// and of this process's CPU time (all threads; for HTTP, the
		// test's client too), which a loaded machine does not inflate.
		type quantiles struct{ p50, p99, cpu50, cpu99 []time.Duration }
		stats := make([]quantiles, len(reads))
		for round := range rounds {
			wall := make([][]time.Duration, len(reads))
			cpu := make([][]time.Duration, len(reads))
			for range pages {
				c := cursor()
				for i, rd := range reads {
					t0, c0 := time.Now(), cpuTime(b)
					if got := rd.read(c); got != batch {
						b.Fatalf("%s read after %s = %d objects", rd.name, c, got)
					}
					wall[i], cpu[i] = append(wall[i], time.Since(t0)), append(cpu[i], cpuTime(b)-c0)
				}
			}
			line := fmt.Sprintf("round %d, %d pages of 1,000:", round+1, pages)
			for i, rd := range reads {
				st := &stats[i]
				st.p50, st.p99 = append(st.p50, quantile(wall[i], 0.5)), append(st.p99, quantile(wall[i], 0.99))
				st.cpu50, st.cpu99 = append(st.cpu50, quantile(cpu[i], 0.5)), append(st.cpu99, quantile(cpu[i], 0.99))
				line += fmt.Sprintf(" %s p50 %.1f p99 %.1f ms (CPU %.1f, %.1f);", rd.name,
					ms(st.p50[round]), ms(st.p99[round]), ms(st.cpu50[round]), ms(st.cpu99[round]))
			}
			b.Log(line)
		}
		b.ReportMetric(float64(total)/added.Seconds(), "added/s")
		// Per second of this process's CPU: what a machine of its own
		// would give one core, whatever else runs here (on PostgreSQL,
		// the server's CPU is not counted).
		if addCPU > 0 {
			b.ReportMetric(float64(total)/addCPU.Seconds(), "added/cpu-s")
		}
		// Medians of the rounds.
		for i, rd := range reads {
			b.ReportMetric(ms(quantile(stats[i].p50, 0.5)), rd.name+"-p50-ms")
			b.ReportMetric(ms(quantile(stats[i].p99, 0.5)), rd.name+"-p99-ms")
			b.ReportMetric(ms(quantile(stats[i].cpu99, 0.5)), rd.name+"-cpu-p99-ms")
		}
	}
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<10), "peak-rss-MiB")
}

// newScaleServer is a TAXII server on the store -taxii-store names.
func newScaleServer(b *testing.B) *taxiiServer {
	switch *taxiiStore {
	case "sqlite":
		return newTAXIIServer(b)
	case "postgres":
		return newPostgresTAXIIServer(b)
	}
	b.Fatalf("-taxii-store %q: sqlite or postgres", *taxiiStore)
	return nil
}

// newPostgresTAXIIServer is newTAXIIServer on a throwaway PostgreSQL
// server of its own, from the machine's binaries; it skips when they are
// missing, unless pgtest.RequireEnv is 1.
func newPostgresTAXIIServer(tb testing.TB) *taxiiServer {
	tb.Helper()
	srv, err := pgtest.Start()
	if errors.Is(err, pgtest.ErrNotInstalled) && os.Getenv(pgtest.RequireEnv) != "1" {
		tb.Skipf("PostgreSQL: %v", err)
	} else if err != nil {
		tb.Fatalf("PostgreSQL: %v", err)
	}
	tb.Cleanup(func() { srv.Stop() })
	st, err := postgres.Open(context.Background(), srv.DSN("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return newTAXIIServerOn(tb, st)
}

// taxiiBundleOf is a STIX bundle of indicators from to to.
func taxiiBundleOf(from, to int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[`)
	for i := from; i < to; i++ {
		if i > from {
			sb.WriteByte(',')
		}
		sb.WriteString(taxiiIndicator(i))
	}
	sb.WriteString(`]}`)
	return []byte(sb.String())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// watchHeap samples the heap in use every 50 ms into peak until stopped.
func watchHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done) }
}

// peakRSS is the process's peak resident set in KiB (VmHWM on Linux, 0
// elsewhere).
func peakRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb
		}
	}
	return 0
}
