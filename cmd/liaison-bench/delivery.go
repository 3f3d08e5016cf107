package main

import (
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/liaison-project/liaison"
)

// pair is two linked nodes, in (the sender) and ca (the receiver), serving
// as child processes.
type pair struct {
	in, ca *proc
	caseID string
}

// newPair makes, links and starts two nodes in a new directory under the
// bench's, and opens a case on in shared with ca.
func (b *bench) newPair(name string) (*pair, error) {
	dir := filepath.Join(b.dir, name)
	in, err := b.initNode(filepath.Join(dir, "in"), "in")
	if err != nil {
		return nil, err
	}
	ca, err := b.initNode(filepath.Join(dir, "ca"), "ca")
	if err != nil {
		return nil, err
	}
	if err := b.link(b.arrangement, in, ca); err != nil {
		return nil, err
	}
	p := &pair{in: in, ca: ca}
	for _, n := range []*proc{in, ca} {
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
	return errors.Join(p.in.stop(), p.ca.stop())
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
	machine           cpuTimes // the whole machine's CPU over the run
	peakIn, peakCA    int64    // VmHWM after the run
	idleIn, idleCA    int64    // VmRSS after the run and the bench's idle time
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

	cpuIn0, _ := p.in.cpu()
	cpuCA0, _ := p.ca.cpu()
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
				if _, err := p.in.doWith(client, http.MethodPost, path, message(fmt.Sprintf("update %d", i)), nil); err != nil {
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
	cpuIn1, _ := p.in.cpu()
	cpuCA1, _ := p.ca.cpu()
	res.cpuIn, res.cpuCA, res.cpuBench = cpuIn1-cpuIn0, cpuCA1-cpuCA0, selfCPU()-self0
	res.machine = readCPUTimes().sub(mach0)
	res.peakIn, _ = p.in.peakRSS()
	res.peakCA, _ = p.ca.peakRSS()
	client.CloseIdleConnections()
	if idle {
		time.Sleep(b.idle)
		res.idleIn, _ = p.in.rss()
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
