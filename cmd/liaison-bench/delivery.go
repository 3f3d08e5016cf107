package main

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/liaison-project/liaison"
)

// pair is two linked nodes, in (the sender) and ca (the receiver), serving
// as child processes. With --store postgres the sender keeps its store in
// a database of the bench's PostgreSQL; with --replicas 2 it runs as two
// processes, ins, behind a TCP balancer that is its card's federation URL.
// The receiver is always on SQLite.
type pair struct {
	in, ca *proc
	ins    []*proc // every process of in; ins[0] is in
	lb     *balancer
	caseID string
}

// newPair makes, links and starts two nodes in a new directory under the
// bench's, and opens a case on in shared with ca.
func (b *bench) newPair(name string) (*pair, error) {
	dir := filepath.Join(b.dir, name)
	var extra []string
	if b.store == "postgres" {
		dsn, err := b.newDatabase(strings.ReplaceAll(name, "-", "_"))
		if err != nil {
			return nil, err
		}
		extra = append(extra, "--store", dsn)
	}
	p := &pair{}
	var addrs []string
	for range 2 * b.replicas {
		a, err := freePort()
		if err != nil {
			return nil, err
		}
		addrs = append(addrs, a)
	}
	if b.replicas > 1 {
		var feds []string
		for k := range b.replicas {
			feds = append(feds, addrs[2*k+1])
		}
		lb, err := newBalancer(feds...)
		if err != nil {
			return nil, err
		}
		p.lb = lb
		extra = append(extra, "--federation-url", "https://"+lb.addr())
	}
	in, err := b.initNodeAt(filepath.Join(dir, "in"), "in", addrs[0], addrs[1], extra...)
	if err != nil {
		p.stop()
		return nil, err
	}
	ca, err := b.initNode(filepath.Join(dir, "ca"), "ca")
	if err != nil {
		p.stop()
		return nil, err
	}
	if err := b.link(b.arrangement, in, ca); err != nil {
		p.stop()
		return nil, err
	}
	p.in, p.ca, p.ins = in, ca, []*proc{in}
	for k := 1; k < b.replicas; k++ {
		// The same node directory, its own listeners; the store gives it
		// the same officers.
		p.ins = append(p.ins, &proc{b: b, party: "in", dir: in.dir, apiURL: "http://" + addrs[2*k], token: in.token,
			client: newClient(4), serveArgs: []string{"--api", addrs[2*k], "--federation", addrs[2*k+1]}})
	}
	for _, n := range append(slices.Clone(p.ins), ca) {
		if _, err := n.start(); err != nil {
			p.stop()
			return nil, err
		}
	}
	// The directories cross first; then the case.
	if err := in.waitDrained("ca", time.Minute); err != nil {
		p.stop()
		return nil, err
	}
	var c liaison.Case
	if _, err := in.do(http.MethodPost, "/api/v1/cases", map[string]any{
		"title": "NPP consignment to Vancouver", "crime_area": "drugs", "parties": []string{"ca"},
		"handling": handling(),
	}, &c); err != nil {
		p.stop()
		return nil, err
	}
	p.caseID = c.ID
	if err := in.waitDrained("ca", time.Minute); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

func (p *pair) stop() error {
	var errs []error
	for _, n := range append(slices.Clone(p.ins), p.ca) {
		if n != nil {
			errs = append(errs, n.stop())
		}
	}
	if p.lb != nil {
		p.lb.close()
	}
	return errors.Join(errs...)
}

// cpuIn is the CPU time of every process of the sending node.
func (p *pair) cpuIn() time.Duration {
	var t time.Duration
	for _, n := range p.ins {
		c, _ := n.cpu()
		t += c
	}
	return t
}

// peakIn is the sum of the peak resident sets of the sending node's
// processes; idleIn the sum of their resident sets now.
func (p *pair) peakIn() (peak, now int64) {
	for _, n := range p.ins {
		v, _ := n.peakRSS()
		peak += v
		v, _ = n.rss()
		now += v
	}
	return peak, now
}

func handling() map[string]any {
	return map[string]any{"classification": "RESTRICTED", "tlp": "AMBER", "codes": []string{liaison.CodeLawEnforcementOnly},
		"source_reliability": "B", "info_credibility": "2"}
}

// bodyText is about 500 bytes of message body.
var bodyText = strings.Repeat("Consignment of 4-AP declared as industrial solvent, transhipped via Colombo; "+
	"the consignee shares a phone number with last month's seizure at Delta port. ", 4)[:500]

// message is the body of POST /api/v1/cases/{id}/messages: about 500 bytes
// of text, handling and one entity (a container number).
func message(subject string) map[string]any {
	return map[string]any{
		"subject": subject, "body": bodyText, "handling": handling(),
		"entities": []map[string]string{{"kind": "container", "value": "CSQU3054383"}},
	}
}

// deliveryResult is one delivery run.
type deliveryResult struct {
	senders, messages int
	accepted          time.Duration // first send to the last 201 (durable on the sender)
	delivered         time.Duration // first send to the receipt of the last (durable on both)
	post              []time.Duration
	cpuIn, cpuCA      time.Duration // CPU used by each node during the run
	cpuBench          time.Duration
	cpuPG             time.Duration // the sender's PostgreSQL (--store postgres)
	machine           cpuTimes      // the whole machine's CPU over the run
	peakIn, peakCA    int64         // VmHWM after the run
	idleIn, idleCA    int64         // VmRSS after the run and the bench's idle time
}

func (r deliveryResult) rate() float64 { return float64(r.messages) / r.delivered.Seconds() }

// runDelivery posts messages from senders concurrent API clients to a new
// pair and measures until the sender holds a receipt for every one, which
// the receiver signs only after its commit: every message is then durable
// on both nodes.
//
// With idle, it then leaves both nodes idle for the bench's idle time and
// reads their resident sets.
func (b *bench) runDelivery(senders, messages int, idle bool) (deliveryResult, error) {
	res := deliveryResult{senders: senders, messages: messages}
	p, err := b.newPair(fmt.Sprintf("delivery-%d-%d", senders, b.seq()))
	if err != nil {
		return res, err
	}
	defer p.stop()

	cpuIn0 := p.cpuIn()
	cpuCA0, _ := p.ca.cpu()
	pg0 := b.pgCPU()
	self0 := selfCPU()
	mach0 := readCPUTimes()
	client := newClient(senders)
	path := "/api/v1/cases/" + p.caseID + "/messages"
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	lat := make([][]time.Duration, senders)
	start := time.Now()
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(messages) {
					return
				}
				t := time.Now()
				// Officers' posts spread over the sender's processes, as an
				// HTTP balancer in front of their APIs would.
				if _, err := p.ins[s%len(p.ins)].doWith(client, http.MethodPost, path, message(fmt.Sprintf("update %d", i)), nil); err != nil {
					mu.Lock()
					first = errors.Join(first, err)
					mu.Unlock()
					next.Store(int64(messages)) // stop the others
					return
				}
				lat[s] = append(lat[s], time.Since(t))
			}
		}()
	}
	wg.Wait()
	res.accepted = time.Since(start)
	if first != nil {
		return res, first
	}
	for {
		l, err := p.in.link("ca")
		if err != nil {
			return res, err
		}
		if l.Queued == 0 {
			break
		}
		if time.Since(start) > 10*time.Minute {
			return res, fmt.Errorf("delivery: %d messages still queued after 10 minutes", l.Queued)
		}
		time.Sleep(5 * time.Millisecond)
	}
	res.delivered = time.Since(start)
	cpuIn1 := p.cpuIn()
	cpuCA1, _ := p.ca.cpu()
	res.cpuIn, res.cpuCA, res.cpuBench = cpuIn1-cpuIn0, cpuCA1-cpuCA0, selfCPU()-self0
	res.cpuPG = b.pgCPU() - pg0
	res.machine = readCPUTimes().sub(mach0)
	res.peakIn, _ = p.peakIn()
	res.peakCA, _ = p.ca.peakRSS()
	client.CloseIdleConnections()
	if idle {
		time.Sleep(b.idle)
		_, res.idleIn = p.peakIn()
		res.idleCA, _ = p.ca.rss()
	}
	for _, l := range lat {
		res.post = append(res.post, l...)
	}

	// Not timed: the receiver holds each message exactly once.
	got, err := p.ca.pageMessages("/api/v1/inbox")
	if err != nil {
		return res, err
	}
	if len(got) != messages {
		return res, fmt.Errorf("delivery: receiver's inbox holds %d messages, want %d", len(got), messages)
	}
	return res, nil
}

// selfCPU is the CPU time this process used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
