package main

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyResult is one latency run at a fixed offered rate.
type latencyResult struct {
	rate      float64 // offered, messages per second
	sent      int
	post      []time.Duration // due time to the sender's 201 (durable on the sender)
	stored    []time.Duration // due time to the receiver's store time (its received field)
	receipted []time.Duration // due time to the sender's settling of the receipt (durable on both)
	missing   int
	ours      time.Duration // CPU of both nodes and the bench over the sending
	machine   cpuTimes      // the machine's CPU over the sending
}

// runLatency sends at rate messages per second for d on a fixed schedule
// and measures each message from the time it was due, not from when it was
// actually sent: the schedule is open loop, so a stall of the node delays
// the sends behind it and their latency counts the stall (no coordinated
// omission).
//
// The arrival times are the nodes' own stamps, read after the run, so that
// no poller competes with the nodes for the CPU while they are measured:
// the receiver's received field (set as it takes the item, just before its
// commit) and, on the sender, the time it settled the receiver's signed
// receipt, which the receiver sends only after its commit is durable.
func (b *bench) runLatency(rate float64, d time.Duration) (latencyResult, error) {
	res := latencyResult{rate: rate}
	p, err := b.newPair(fmt.Sprintf("latency-%d", b.seq()))
	if err != nil {
		return res, err
	}
	defer p.stop()

	n := max(1, int(rate*d.Seconds()))
	res.sent = n
	interval := time.Duration(float64(time.Second) / rate)
	path := "/api/v1/cases/" + p.caseID + "/messages"
	const maxInFlight = 1024
	client := newClient(maxInFlight)
	sem := make(chan struct{}, maxInFlight)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	res.post = make([]time.Duration, 0, n)
	cpuIn0 := p.cpuIn() + b.pgCPU()
	cpuCA0, _ := p.ca.cpu()
	self0, mach0 := selfCPU(), readCPUTimes()
	due := make([]time.Time, n)
	start := time.Now().Add(20 * time.Millisecond)
	for i := range due {
		due[i] = start.Add(time.Duration(i) * interval)
	}
	for i := range n {
		time.Sleep(time.Until(due[i]))
		sem <- struct{}{} // waiting here still counts: latency runs from due[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			subject := "lat " + strconv.Itoa(i)
			_, err := p.in.doWith(client, http.MethodPost, path, message(subject), nil)
			now := time.Now()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				first = errors.Join(first, err)
				return
			}
			res.post = append(res.post, now.Sub(due[i]))
		}()
	}
	wg.Wait()
	client.CloseIdleConnections()
	if first != nil {
		return res, first
	}
	if err := p.in.waitDrained("ca", 5*time.Minute); err != nil {
		return res, err
	}
	cpuIn1 := p.cpuIn() + b.pgCPU()
	cpuCA1, _ := p.ca.cpu()
	res.ours = cpuIn1 - cpuIn0 + cpuCA1 - cpuCA0 + selfCPU() - self0
	res.machine = readCPUTimes().sub(mach0)

	// Not timed: read the stamps.
	received, err := p.ca.pageMessages("/api/v1/inbox")
	if err != nil {
		return res, err
	}
	sent, err := p.in.pageMessages("/api/v1/cases/" + p.caseID + "/messages")
	if err != nil {
		return res, err
	}
	stored := make([]*time.Time, n)
	for _, m := range received {
		if i, ok := latIndex(m.Subject, n); ok && m.Received != nil {
			stored[i] = m.Received
		}
	}
	receipted := make([]*time.Time, n)
	for _, m := range sent {
		if i, ok := latIndex(m.Subject, n); ok && len(m.Deliveries) == 1 && m.Deliveries[0].At != nil {
			receipted[i] = m.Deliveries[0].At
		}
	}
	for i := range n {
		if stored[i] == nil || receipted[i] == nil {
			res.missing++
			continue
		}
		res.stored = append(res.stored, stored[i].Sub(due[i]))
		res.receipted = append(res.receipted, receipted[i].Sub(due[i]))
	}
	return res, nil
}

// latIndex reads the index from a subject "lat I".
func latIndex(subject string, n int) (int, bool) {
	s, ok := strings.CutPrefix(subject, "lat ")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i >= 0 && i < n
}
