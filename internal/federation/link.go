package federation

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
)

// link drains the outbox towards one peer. It holds at most one envelope
// in flight, so items arrive in sequence order; it retries with capped
// exponential backoff and jitter until the peer answers with a receipt.
//
// Where several processes serve one node, a link sends only while this
// process holds the link's lease in the store. A keeper renews the lease at
// a third of its time whatever the sender is doing (waiting for a peer that
// is down, idle, or in the middle of a long push), and stops the sender
// when the lease is lost.
type link struct {
	f     *Federation
	party string
	wake  chan struct{}

	client *http.Client
	certFP string // the pinned fingerprint the client was built for
	leased bool   // this process holds the lease; read after the keeper ends
	// witnessed is the peer's checkpoint note last checked, kept or
	// alarmed about: receipts repeat one note until the peer signs the
	// next, which need not be checked again.
	witnessed string
}

// leaseName is the lease that makes one process send to a peer.
func (l *link) leaseName() string { return "link/" + l.party }

// release gives the lease up on shutdown so that another process takes
// the link over at once.
func (l *link) release() {
	if !l.leased {
		return
	}
	l.leased = false
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := l.f.node.Release(ctx, l.leaseName(), l.f.opts.Holder); err != nil {
		l.f.log.Warn("federation: release lease", "peer", l.party, "err", err)
	}
}

func (l *link) run(ctx context.Context) {
	defer l.release()
	for l.acquire(ctx) {
		held, lost := context.WithCancel(ctx)
		kept := make(chan struct{})
		go func() {
			defer close(kept)
			l.keep(held, lost)
		}()
		l.send(held)
		lost()
		<-kept
		if ctx.Err() != nil {
			return
		}
	}
}

// acquire waits until this process holds the link's lease, looking again
// well within the lease's time so as to take over soon after the holder
// dies. It returns false when ctx ends.
func (l *link) acquire(ctx context.Context) bool {
	for {
		held, err := l.f.node.Lease(ctx, l.leaseName(), l.f.opts.Holder, l.f.opts.LeaseTTL)
		if ctx.Err() != nil {
			return false
		}
		if err != nil {
			l.f.log.Warn("federation: take lease", "peer", l.party, "err", err)
		}
		if held {
			l.leased = true
			l.f.log.Info("federation: sending to peer", "peer", l.party, "holder", l.f.opts.Holder)
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(min(l.f.opts.Poll, l.f.opts.LeaseTTL/2)):
		}
	}
}

// keep renews the lease at a third of its time until ctx ends, and calls
// lost when another process has it or when no renewal has succeeded for
// the lease's time (the store unreachable: another process may have it).
func (l *link) keep(ctx context.Context, lost context.CancelFunc) {
	ttl := l.f.opts.LeaseTTL
	renewed := time.Now()
	tick := time.NewTicker(ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		held, err := l.f.node.Lease(ctx, l.leaseName(), l.f.opts.Holder, ttl)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && time.Since(renewed) < ttl:
			l.f.log.Warn("federation: renew lease", "peer", l.party, "err", err)
			continue
		case err != nil:
			l.f.log.Warn("federation: lease lapsed", "peer", l.party, "err", err)
		case held:
			renewed = time.Now()
			continue
		default:
			l.f.log.Info("federation: another process sends to peer", "peer", l.party)
		}
		l.leased = false
		lost()
		return
	}
}

// send drains the outbox until ctx ends.
func (l *link) send(ctx context.Context) {
	backoff := time.Duration(0)
	poll := time.NewTimer(l.f.opts.Poll)
	defer poll.Stop()
	for {
		sent, err := l.push(ctx)
		if ctx.Err() != nil {
			return
		}
		var wait time.Duration
		switch {
		case err != nil:
			l.f.log.Warn("federation: push failed", "peer", l.party, "err", err)
			if rerr := l.f.node.LinkAttempt(ctx, l.party, err.Error()); rerr != nil && ctx.Err() == nil {
				l.f.log.Error("federation: record attempt", "peer", l.party, "err", rerr)
			}
			backoff = min(max(backoff*2, l.f.opts.BackoffMin), l.f.opts.BackoffMax)
			// Full jitter over the upper half keeps retries of many nodes apart.
			wait = backoff/2 + rand.N(backoff/2+1)
		case sent > 0:
			backoff = 0
			continue // drain the backlog without waiting
		default:
			backoff = 0
			wait = -1 // idle: wait for a wake-up or the poll
		}
		if wait >= 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			continue
		}
		poll.Reset(l.f.opts.Poll)
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-poll.C:
		}
	}
}

// push seals the leading run of queued items that share an arrangement
// and fit in one envelope, sends it and settles the receipt. It returns
// how many items were settled.
func (l *link) push(ctx context.Context) (int, error) {
	items, err := l.f.node.Pending(ctx, l.party, l.f.opts.BatchMax)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	// The size bound matters after an outage: a backlog of large messages
	// would otherwise make one envelope that Seal refuses, again on every
	// attempt, and nothing would flow.
	run, size := 1, sealedSize(items[0])
	for run < len(items) && items[run].ArrangementID == items[0].ArrangementID && items[run].Seq == items[run-1].Seq+1 {
		if size += sealedSize(items[run]); size > maxPlaintext {
			break
		}
		run++
	}
	items = items[:run]

	p, signKey, hpkeKey, err := l.f.peer(ctx, l.party)
	if err != nil {
		return 0, err
	}
	h := Header{
		V: 1, ID: uuid.Must(uuid.NewV7()).String(), From: l.f.node.Party(), To: l.party,
		Arrangement: items[0].ArrangementID, First: items[0].Seq, Last: items[len(items)-1].Seq,
		Created: time.Now().UTC(),
	}
	// The receiver witnesses this node's log as this node witnesses its
	// own from the receipt. A note too long for the header (not one this
	// software signs) is left out rather than the envelope refused.
	if c := l.f.ownCheckpoint(ctx); c != nil && len(c.Note) <= maxHeaderNote {
		h.Checkpoint = c
	}
	wireItems := make([]Item, len(items))
	for i, it := range items {
		wireItems[i] = Item{Seq: it.Seq, Kind: it.Kind, ID: it.ObjectID, Body: json.RawMessage(it.Payload)}
	}
	wire, err := Seal(h, wireItems, l.f.keys.Signing, hpkeKey)
	if err != nil {
		return 0, err
	}
	rbytes, err := l.post(ctx, p, wire)
	if err != nil {
		return 0, err
	}
	body, bodyBytes, sig, err := DecodeReceipt(rbytes)
	if err != nil {
		return 0, fmt.Errorf("receipt for envelope %s: %w", h.ID, err)
	}
	if err := VerifyReceipt(bodyBytes, sig, signKey); err != nil {
		return 0, fmt.Errorf("receipt for envelope %s: %w", h.ID, err)
	}
	if body.Envelope != h.ID || body.From != l.party || body.To != h.From {
		return 0, fmt.Errorf("receipt for envelope %s names envelope %s from %s to %s", h.ID, body.Envelope, body.From, body.To)
	}
	sent := map[int64]liaison.OutboxItem{}
	for _, it := range items {
		sent[it.Seq] = it
	}
	outcomes := make([]liaison.InboundItem, 0, len(body.Items))
	for _, o := range body.Items {
		it, ok := sent[o.Seq]
		if !ok || it.ObjectID != o.ID {
			return 0, fmt.Errorf("receipt for envelope %s names item %d (%s) that was not sent", h.ID, o.Seq, o.ID)
		}
		outcomes = append(outcomes, liaison.InboundItem{Peer: l.party, Seq: o.Seq, Kind: it.Kind, ObjectID: o.ID, Status: o.Status, Reason: o.Reason})
	}
	r := &liaison.Receipt{ID: body.ID, EnvelopeID: h.ID, Body: bodyBytes, Sig: sig}
	if err := l.f.node.Settle(ctx, l.party, r, outcomes); err != nil {
		return 0, fmt.Errorf("settle receipt %s: %w", body.ID, err)
	}
	// The receipt is settled whatever becomes of its checkpoint: an alarm
	// about the peer's log must not stop delivery, it is for people.
	if c := body.Checkpoint; c != nil && c.Note != "" && c.Note != l.witnessed {
		err := l.f.witness(ctx, l.httpClient(p), p, c)
		if err == nil || liaison.ErrorCode(err) == liaison.ECONFLICT {
			// Kept, or the alarm is raised: once per note. Anything else
			// (the proof could not be fetched) is tried on the next receipt.
			l.witnessed = c.Note
		}
		if err != nil && ctx.Err() == nil {
			l.f.log.Warn("federation: peer checkpoint", "peer", l.party, "err", err)
		}
	}
	if len(outcomes) < len(items) {
		return len(outcomes), fmt.Errorf("peer %s took %d of %d items", l.party, len(outcomes), len(items))
	}
	return len(outcomes), nil
}

// maxHeaderNote is the longest checkpoint note an envelope header
// carries: a note with one Ed25519 signature is about 200 bytes, and the
// rest of the header needs well under MaxHeader minus this.
const maxHeaderNote = 2 << 10

// maxPlaintext bounds the items of one envelope so that, sealed, it stays
// within MaxEnvelope whatever the header.
const maxPlaintext = MaxEnvelope - (len(envelopeMagic) + 4 + MaxHeader + 4 + minCiphertext + ed25519.SignatureSize + len(`{"items":[]}`))

// sealedSize is an upper bound of the bytes an item takes in the
// plaintext: its body as queued (JSON the node wrote with encoding/json,
// already compact and escaped), its kind and id, and the item's own JSON
// with the longest seq.
func sealedSize(it liaison.OutboxItem) int {
	return len(it.Payload) + len(it.Kind) + len(it.ObjectID) + len(`{"seq":-9223372036854775808,"kind":"","id":"","body":},`)
}

// httpClient returns the client pinned to the peer's certificate, built
// again when the card changed.
func (l *link) httpClient(p *liaison.Peer) *http.Client {
	if l.client == nil || l.certFP != p.CertSHA256 {
		l.client = l.f.newClient(p)
		l.certFP = p.CertSHA256
	}
	return l.client
}

// post sends one envelope and returns the receipt bytes.
func (l *link) post(ctx context.Context, p *liaison.Peer, wire []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.FederationURL+PathEnvelopes, bytes.NewReader(wire))
	if err != nil {
		return nil, fmt.Errorf("peer %s: %w", l.party, err)
	}
	req.Header.Set("Content-Type", ContentTypeEnvelope)
	resp, err := l.httpClient(p).Do(req)
	if err != nil {
		return nil, fmt.Errorf("peer %s unreachable: %w", l.party, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("peer %s refused the envelope: %s", l.party, problemDetail(resp))
	}
	return io.ReadAll(io.LimitReader(resp.Body, MaxReceipt))
}
