//go:build unix

package node_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchMatchIndicators is the number of indicators stored for
// BenchmarkMatchIndicators; the goal is measured with 1000000.
var benchMatchIndicators = flag.Int("match.indicators", 20000, "indicators stored for BenchmarkMatchIndicators")

// benchIndicator is indicator i of a mix of addresses, /24 blocks,
// domains, URLs and SHA-256 hashes.
func benchIndicator(i int) string {
	var p string
	a := 0x40000000 + uint32(i)<<8
	switch i % 5 {
	case 0:
		p = fmt.Sprintf("[ipv4-addr:value = '%d.%d.%d.1']", a>>24, a>>16&0xff, a>>8&0xff)
	case 1:
		p = fmt.Sprintf("[ipv4-addr:value ISSUBSET '%d.%d.%d.0/24']", a>>24, a>>16&0xff, a>>8&0xff)
	case 2:
		p = fmt.Sprintf("[domain-name:value = 'd%d.example.com']", i)
	case 3:
		p = fmt.Sprintf("[url:value = 'http://u%d.example.net/p']", i)
	default:
		p = fmt.Sprintf("[file:hashes.'SHA-256' = '%x']", sha256.Sum256([]byte(fmt.Sprint(i))))
	}
	return ind(i, p, 0, "")
}

// benchObservableLine is observable j of n indicators: even ones hit.
func benchObservableLine(j, n int) string {
	i := (j / 2 * 7919) % n
	if j%2 == 1 {
		return fmt.Sprintf(`{"type":"domain-name","value":"miss%d.example.org"}`, j)
	}
	a := 0x40000000 + uint32(i)<<8
	switch i % 5 {
	case 0:
		return fmt.Sprintf(`{"type":"ipv4-addr","value":"%d.%d.%d.1"}`, a>>24, a>>16&0xff, a>>8&0xff)
	case 1:
		return fmt.Sprintf(`{"type":"ipv4-addr","value":"%d.%d.%d.%d"}`, a>>24, a>>16&0xff, a>>8&0xff, 2+j%250)
	case 2:
		return fmt.Sprintf(`{"type":"domain-name","value":"www.d%d.example.com"}`, i)
	case 3:
		return fmt.Sprintf(`{"type":"url","value":"http://u%d.example.net/p"}`, i)
	}
	return fmt.Sprintf(`{"type":"file","hashes":{"SHA-256":"%x"}}`, sha256.Sum256([]byte(fmt.Sprint(i))))
}

// BenchmarkMatchIndicators stores indicators, then matches a body of
// 100,000 observables (half hits) through MatchIndicators: decoding,
// matching, the guard, the answer and the audit entry. It reports the
// time of the first call, which builds the index from the store.
func BenchmarkMatchIndicators(b *testing.B) {
	ctx := context.Background()
	n := newPair(b).in
	cs, err := n.Collections(ctx, n.cyber)
	if err != nil {
		b.Fatal(err)
	}
	total := *benchMatchIndicators
	for from := 0; from < total; from += 5000 {
		objs := make([]string, 0, 5000)
		for i := from; i < min(from+5000, total); i++ {
			objs = append(objs, benchIndicator(i))
		}
		st, err := n.AddSTIX(ctx, n.cyber, cs[1].ID, bundle(objs...))
		if err != nil || len(st.Failures) > 0 {
			b.Fatalf("AddSTIX = %v %+v", err, st.Failures)
		}
	}
	const m = 100_000
	var body bytes.Buffer
	for j := 0; j < m; j++ {
		body.WriteString(benchObservableLine(j, total))
		body.WriteByte('\n')
	}
	start, startCPU := time.Now(), cpuSeconds()
	res, err := n.MatchIndicators(ctx, n.cyber, strings.NewReader(`{"type":"ipv4-addr","value":"192.0.2.1"}`))
	if err != nil {
		b.Fatal(err)
	}
	build, buildCPU := time.Since(start), cpuSeconds()-startCPU
	var wall, cpu []float64 // seconds of each call
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuSeconds()
		res, err = n.MatchIndicators(ctx, n.cyber, bytes.NewReader(body.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		wall, cpu = append(wall, time.Since(t0).Seconds()), append(cpu, cpuSeconds()-c0)
	}
	b.StopTimer()
	if res.Hits != m/2 {
		b.Fatalf("hits = %d, want %d", res.Hits, m/2)
	}
	// Medians of the calls, so that one call slowed by the machine's
	// other work does not move the figure.
	b.ReportMetric(m/median(wall), "median-obs/s")
	b.ReportMetric(m/median(cpu), "median-obs/cpu-s")
	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(buildCPU, "build-cpu-s")
	b.ReportMetric(float64(total), "indicators")
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// cpuSeconds is the CPU time of the process so far, user and system.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
