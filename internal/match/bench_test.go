//go:build unix

package match

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchIndicators is the index size of the benchmarks. The goal is
// measured with -match.indicators=1000000; the default keeps go test
// ./... -bench fast.
var benchIndicators = flag.Int("match.indicators", 20000, "indicators in the benchmark index")

// benchPattern returns the pattern of indicator i: a mix of single
// addresses, CIDR blocks, domains, URLs and SHA-256 hashes, one in 1,000
// an AND that is verified, and ten LIKE patterns on the evaluate list.
func benchPattern(i int) string {
	if i < 10 {
		return fmt.Sprintf("[domain-name:value LIKE '%%.like%d.example']", i)
	}
	if i%1000 == 999 {
		return fmt.Sprintf("[file:hashes.'SHA-256' = '%x' AND file:name = 'f%d.exe']", sha256.Sum256([]byte(fmt.Sprint(i))), i)
	}
	switch i % 5 {
	case 0:
		return fmt.Sprintf("[ipv4-addr:value = '%s']", benchIPv4(i))
	case 1:
		return fmt.Sprintf("[ipv4-addr:value ISSUBSET '%s/24']", benchIPv4(i))
	case 2:
		return fmt.Sprintf("[domain-name:value = 'd%d.example%d.com']", i, i%100)
	case 3:
		return fmt.Sprintf("[url:value = 'http://u%d.example.net/p/%d']", i, i)
	}
	return fmt.Sprintf("[file:hashes.'SHA-256' = '%x']", sha256.Sum256([]byte(fmt.Sprint(i))))
}

// benchIPv4 spreads indicators over 64.0.0.0/2, one /24 each.
func benchIPv4(i int) string {
	a := 0x40000000 + uint32(i)<<8
	return fmt.Sprintf("%d.%d.%d.%d", a>>24, a>>16&0xff, a>>8&0xff, 1)
}

// benchObservable returns observable j: even ones hit indicator j/2 of
// n (a subdomain, an address inside a block, ...), odd ones miss.
func benchObservable(j, n int) string {
	i := (j / 2 * 7919) % n
	if j%2 == 1 {
		switch j % 5 {
		case 0, 1:
			return fmt.Sprintf(`{"type":"ipv4-addr","value":"192.0.%d.%d"}`, j>>8&0xff, j&0xff)
		case 2:
			return fmt.Sprintf(`{"type":"domain-name","value":"miss%d.example.org"}`, j)
		case 3:
			return fmt.Sprintf(`{"type":"url","value":"http://miss%d.example.net/"}`, j)
		}
		return fmt.Sprintf(`{"type":"file","hashes":{"SHA-256":"%x"}}`, sha256.Sum256([]byte(fmt.Sprint(-j))))
	}
	if i < 10 || i%1000 == 999 {
		i += 10
	}
	switch i % 5 {
	case 0:
		return fmt.Sprintf(`{"type":"ipv4-addr","value":"%s"}`, benchIPv4(i))
	case 1:
		a := 0x40000000 + uint32(i)<<8 + uint32(j%250)
		return fmt.Sprintf(`{"type":"ipv4-addr","value":"%d.%d.%d.%d"}`, a>>24, a>>16&0xff, a>>8&0xff, a&0xff)
	case 2:
		return fmt.Sprintf(`{"type":"domain-name","value":"www.d%d.example%d.com"}`, i, i%100)
	case 3:
		return fmt.Sprintf(`{"type":"url","value":"HTTP://u%d.example.net:80/p/%d"}`, i, i)
	}
	return fmt.Sprintf(`{"type":"file","hashes":{"SHA-256":"%X"}}`, sha256.Sum256([]byte(fmt.Sprint(i))))
}

type benchIdx struct {
	x        *Index
	build    time.Duration
	buildCPU float64
	heap     uint64
	lines    [][]byte
	obs      []Observable
	body     []byte
	hitRate  float64
}

var (
	benchOnce sync.Once
	bench     benchIdx
)

// benchIndex builds the index once per process and measures it.
func benchIndex(b *testing.B) *benchIdx {
	benchOnce.Do(func() {
		n := *benchIndicators
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		inds := make([]Indicator, n)
		for i := range inds {
			inds[i] = Indicator{Collection: "c", ID: fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i),
				Modified: t0, Pattern: benchPattern(i), PatternType: "stix", ValidFrom: t0, TLP: "amber", Agency: "cbi"}
		}
		start, startCPU := time.Now(), cpuSeconds()
		x := New()
		for _, ind := range inds {
			if err := x.Put(ind); err != nil {
				b.Fatal(err)
			}
		}
		bench.build, bench.buildCPU = time.Since(start), cpuSeconds()-startCPU
		inds = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		bench.x, bench.heap = x, after.HeapInuse-before.HeapInuse
		const m = 100_000
		var buf bytes.Buffer
		hits := 0
		for j := 0; j < m; j++ {
			line := []byte(benchObservable(j, n))
			o, err := DecodeObservable(line)
			if err != nil {
				b.Fatal(err)
			}
			bench.lines = append(bench.lines, line)
			bench.obs = append(bench.obs, o)
			buf.Write(line)
			buf.WriteByte('\n')
			if len(x.Match(&o, now, nil)) > 0 {
				hits++
			}
		}
		bench.body, bench.hitRate = buf.Bytes(), float64(hits)/m
	})
	if bench.x == nil {
		b.Fatal("no index")
	}
	return &bench
}

// report reports observables per second of wall clock and per second of
// CPU since cpu0.
func report(b *testing.B, obs int, cpu0 float64) {
	b.ReportMetric(float64(obs)/b.Elapsed().Seconds(), "obs/s")
	b.ReportMetric(float64(obs)/(cpuSeconds()-cpu0), "obs/cpu-s")
}

// BenchmarkMatch matches decoded observables, half hits, against the
// index, and reports the index's build time and memory.
func BenchmarkMatch(b *testing.B) {
	bi := benchIndex(b)
	hits := make([]Hit, 0, 16)
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hits = bi.x.Match(&bi.obs[i%len(bi.obs)], now, hits[:0])
	}
	report(b, b.N, cpu0)
	n := float64(*benchIndicators)
	b.ReportMetric(n, "indicators")
	b.ReportMetric(bi.build.Seconds(), "build-s")
	b.ReportMetric(bi.buildCPU, "build-cpu-s")
	b.ReportMetric(float64(bi.heap)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(bi.heap)/n, "heap-B/indicator")
	b.ReportMetric(bi.hitRate, "hit-ratio")
}

// BenchmarkMatchParallel is BenchmarkMatch on every CPU.
func BenchmarkMatchParallel(b *testing.B) {
	bi := benchIndex(b)
	cpu0 := cpuSeconds()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		hits := make([]Hit, 0, 16)
		i := 0
		for pb.Next() {
			o := bi.obs[i%len(bi.obs)]
			hits = bi.x.Match(&o, now, hits[:0])
			i++
		}
	})
	report(b, b.N, cpu0)
}

// BenchmarkDecode reads the observables as JSON lines.
func BenchmarkDecode(b *testing.B) {
	bi := benchIndex(b)
	b.SetBytes(int64(len(bi.body)) / int64(len(bi.lines)))
	cpu0 := cpuSeconds()
	b.ResetTimer()
	n := 0
	for n < b.N {
		r := NewReader(bytes.NewReader(bi.body))
		for n < b.N {
			l, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil || l.Err != nil {
				b.Fatal(err, l.Err)
			}
			n++
		}
	}
	report(b, n, cpu0)
}

// BenchmarkDecodeMatch reads JSON lines and matches each: the stream
// node.MatchIndicators runs, without the guard and the answer.
func BenchmarkDecodeMatch(b *testing.B) {
	bi := benchIndex(b)
	hits := make([]Hit, 0, 16)
	b.SetBytes(int64(len(bi.body)) / int64(len(bi.lines)))
	cpu0 := cpuSeconds()
	b.ResetTimer()
	n := 0
	for n < b.N {
		r := NewReader(bytes.NewReader(bi.body))
		for n < b.N {
			l, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil || l.Err != nil {
				b.Fatal(err, l.Err)
			}
			hits = bi.x.Match(&l.Obs, now, hits[:0])
			n++
		}
	}
	report(b, n, cpu0)
}

// cpuSeconds is the CPU time of the process so far, user and system: on
// a shared machine, observables per CPU-second say what the code costs
// where wall-clock rates say how busy the machine was.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
