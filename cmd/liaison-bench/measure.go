package main

import "fmt"

// measure runs every measurement asked for once and adds its values.
func (b *bench) measure(rep *report) error {
	if b.want("crypto") {
		for _, s := range []struct{ items, size int }{{1, 1024}, {100, 1024}} {
			b.logf("crypto: seal and open envelopes of %d item(s) of %d B for %s", s.items, s.size, b.cryptoTime)
			r, err := runCrypto(s.items, s.size, b.cryptoTime)
			if err != nil {
				return fmt.Errorf("crypto: %w", err)
			}
			per := r.perEnvelope().Seconds()
			name := fmt.Sprintf("envelope of %d × %d B", s.items, s.size)
			rep.add("crypto", name+": seal", r.seal.Seconds()/float64(r.n)*1e6, "µs", nil)
			rep.add("crypto", name+": open (decode, verify, open)", r.open.Seconds()/float64(r.n)*1e6, "µs", nil)
			rep.add("crypto", name+": sealed+opened per core", 1/per, "env/s", nil)
			rep.add("crypto", name+": items sealed+opened per core", float64(s.items)/per, "items/s", nil)
		}
	}
	var rate float64
	if b.want("delivery") {
		for _, k := range []struct{ senders, messages int }{{1, b.messagesSingle}, {b.senders, b.messages}} {
			b.logf("delivery: %d messages from %d sender(s)", k.messages, k.senders)
			r, err := b.runDelivery(k.senders, k.messages, k.senders == b.senders)
			if err != nil {
				return fmt.Errorf("delivery with %d sender(s): %w", k.senders, err)
			}
			sec := fmt.Sprintf("delivery, %d sender(s), %d messages, %s", k.senders, k.messages, b.senderLabel())
			var g *goal
			if k.senders == b.senders {
				g = &goal{atLeast: true, limit: 5000}
				rate = r.rate()
			}
			rep.add(sec, "delivered (durable on both nodes)", r.rate(), "msg/s", g)
			rep.add(sec, "accepted (201, durable on the sender)", float64(r.messages)/r.accepted.Seconds(), "msg/s", nil)
			rep.add(sec, "POST latency p50", ms(percentile(r.post, 50)), "ms", nil)
			rep.add(sec, "POST latency p99", ms(percentile(r.post, 99)), "ms", nil)
			per := float64(r.messages) / 1000
			if !b.inProcess {
				rep.add(sec, "CPU per 1000 messages: sender node", r.cpuIn.Seconds()/per*1000, "ms", nil)
				rep.add(sec, "CPU per 1000 messages: receiver node", r.cpuCA.Seconds()/per*1000, "ms", nil)
				if b.store == "postgres" {
					rep.add(sec, "CPU per 1000 messages: sender's PostgreSQL", r.cpuPG.Seconds()/per*1000, "ms", nil)
				}
				rep.add(sec, "CPU per 1000 messages: bench clients", r.cpuBench.Seconds()/per*1000, "ms", nil)
				// What the rate would be if the nodes and clients had every
				// core to themselves and never waited: a CPU-bound ceiling.
				all := (r.cpuIn + r.cpuCA + r.cpuPG + r.cpuBench).Seconds() / float64(r.messages)
				rep.add(sec, fmt.Sprintf("ceiling if CPU-bound on %d cores (cores / CPU per message)", numCPU()), float64(numCPU())/all, "msg/s", nil)
			} else {
				rep.add(sec, "CPU per 1000 messages: both nodes and clients (one process)", r.cpuBench.Seconds()/per*1000, "ms", nil)
			}
			ours := (r.cpuIn + r.cpuCA + r.cpuPG + r.cpuBench).Seconds() / r.delivered.Seconds() / float64(numCPU()) * 100
			rep.add(sec, "CPU of the cores used: by the nodes, their PostgreSQL and clients", ours, "%", nil)
			if r.machine.total > 0 {
				busy := r.machine.busy.Seconds() / r.machine.total.Seconds() * 100
				rep.add(sec, "CPU of the cores used: by other processes", max(busy-ours, 0), "%", nil).ZeroOK = true
			}
			if r.peakIn > 0 {
				rep.add(sec, "peak RSS: sender (all its processes)", mb(r.peakIn), "MB", nil)
				rep.add(sec, "peak RSS: receiver", mb(r.peakCA), "MB", nil)
			}
			if r.idleIn > 0 {
				rep.add(sec, fmt.Sprintf("RSS idle %s after the run: sender", b.idle), mb(r.idleIn), "MB", nil)
				rep.add(sec, fmt.Sprintf("RSS idle %s after the run: receiver", b.idle), mb(r.idleCA), "MB", nil)
			}
		}
	}
	if b.want("latency") {
		r, how := b.rate, "--rate"
		if r <= 0 {
			r, how = rate/2, fmt.Sprintf("half this run's %d-sender rate", b.senders)
		}
		if r <= 0 {
			r, how = 1000, "no delivery run: 1000"
		}
		b.logf("latency: %.0f messages/s for %s", r, b.duration)
		res, err := b.runLatency(r, b.duration)
		if err != nil {
			return fmt.Errorf("latency: %w", err)
		}
		sec := fmt.Sprintf("latency, open loop for %s, from each message's due time, %s", b.duration, b.senderLabel())
		rep.add(sec, "offered rate ("+how+")", r, "msg/s", nil)
		rep.add(sec, "sent", float64(res.sent), "msgs", nil)
		if res.machine.total > 0 {
			busy := res.machine.busy.Seconds() / res.machine.total.Seconds() * 100
			ours := res.ours.Seconds() / res.machine.total.Seconds() * 100
			if !b.inProcess {
				rep.add(sec, "CPU of the cores used: by the nodes and clients", ours, "%", nil)
			}
			rep.add(sec, "CPU of the cores used: by other processes", max(busy-ours, 0), "%", nil).ZeroOK = true
		}
		rep.add(sec, "missing after the run", float64(res.missing), "msgs", &goal{limit: 0.5, zero: true}).ZeroOK = true
		rep.add(sec, "to the sender's 201: p50", ms(percentile(res.post, 50)), "ms", nil)
		rep.add(sec, "to the sender's 201: p99", ms(percentile(res.post, 99)), "ms", nil)
		rep.add(sec, "to the receiver's store: p50", ms(percentile(res.stored, 50)), "ms", nil)
		rep.add(sec, "to the receiver's store: p99", ms(percentile(res.stored, 99)), "ms", nil)
		rep.add(sec, "to the receipt at the sender (durable on both): p50", ms(percentile(res.receipted, 50)), "ms", nil)
		rep.add(sec, "to the receipt at the sender (durable on both): p90", ms(percentile(res.receipted, 90)), "ms", nil)
		rep.add(sec, "to the receipt at the sender (durable on both): p99", ms(percentile(res.receipted, 99)), "ms", &goal{limit: 100})
		rep.add(sec, "to the receipt at the sender (durable on both): max", ms(percentile(res.receipted, 100)), "ms", nil)
	}
	if b.want("coldstart") {
		for _, n := range []int{0, b.coldMessages} {
			b.logf("cold start: node with %d messages, %d starts", n, b.coldStarts)
			r, err := b.runColdStart(n, b.coldStarts)
			if err != nil {
				return fmt.Errorf("cold start: %w", err)
			}
			sec := fmt.Sprintf("cold start, %d stored messages", n)
			var g *goal
			if n == b.coldMessages {
				g = &goal{limit: 1000}
				rep.add(sec, "fill (direct to the store, not timed below)", r.fill.Seconds(), "s", nil)
			}
			for _, d := range r.starts {
				rep.add(sec, "exec to GET /api/v1/me answering", ms(d), "ms", g)
			}
			rep.add(sec, "database size", mb(r.dbBytes), "MB", nil)
		}
	}
	if b.want("memory") {
		for _, n := range []int{0, b.coldMessages} {
			b.logf("memory: node with %d messages, idle %s", n, b.idle)
			rss, err := b.runIdleMemory(n)
			if err != nil {
				return fmt.Errorf("memory: %w", err)
			}
			rep.add(fmt.Sprintf("idle memory, %s after start", b.idle), fmt.Sprintf("RSS, %d stored messages", n), mb(rss), "MB", &goal{limit: 50})
		}
	}
	if b.want("inbox") {
		n := b.inboxMessages
		b.logf("inbox: node on %s with %d messages, %d requests", b.store, n, b.inboxRequests)
		r, err := b.runInbox(n, b.inboxRequests)
		if err != nil {
			return fmt.Errorf("inbox: %w", err)
		}
		store := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[b.store]
		sec := fmt.Sprintf("inbox, %d received messages on %s, GET /api/v1/inbox?limit=50, one client", n, store)
		if b.coldMessages != n || !b.want("coldstart") {
			rep.add(sec, "fill (direct to the store, not timed below)", r.fill.Seconds(), "s", nil)
		}
		rep.add(sec, fmt.Sprintf("%d pages at random cursors: p50", len(r.random)), ms(percentile(r.random, 50)), "ms", nil)
		rep.add(sec, fmt.Sprintf("%d pages at random cursors: p90", len(r.random)), ms(percentile(r.random, 90)), "ms", nil)
		rep.add(sec, fmt.Sprintf("%d pages at random cursors: p99", len(r.random)), ms(percentile(r.random, 99)), "ms", nil)
		rep.add(sec, fmt.Sprintf("%d pages at random cursors: max", len(r.random)), ms(percentile(r.random, 100)), "ms", nil)
		rep.add(sec, fmt.Sprintf("first page (no cursor), median of %d", inboxTimes), ms(percentile(r.first, 50)), "ms", nil)
		rep.add(sec, fmt.Sprintf("last page (the last cursor), median of %d", inboxTimes), ms(percentile(r.last, 50)), "ms", nil)
		rep.add(sec, fmt.Sprintf("whole inbox with limit=1000 (%d pages)", r.pages), r.pageAll.Seconds(), "s", nil)
	}
	return nil
}

// senderLabel says where the sending node keeps its store and how many
// processes it runs as.
func (b *bench) senderLabel() string {
	switch {
	case b.store == "postgres" && b.replicas > 1:
		return fmt.Sprintf("sender on PostgreSQL as %d processes", b.replicas)
	case b.store == "postgres":
		return "sender on PostgreSQL"
	}
	return "sender on SQLite"
}
