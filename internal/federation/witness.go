package federation

import (
	"net/http"
	"time"

	"github.com/liaison-project/liaison"
)

// inbound holds the checkpoints that peers' envelopes carried and that
// are yet to be checked. The check may ask the sender for a consistency
// proof, which must not hold up the receipt the sender waits for, so one
// goroutine does it after the answer, while it has work. Only the latest
// checkpoint per peer waits: a newer one supersedes it, as each is checked
// against the one kept before.
type inbound struct {
	pending map[string]*Checkpoint // peer → the latest checkpoint not yet checked
	seen    map[string]string      // peer → the note last checked, kept or alarmed about
	running bool
}

// witnessLater queues the checkpoint an envelope from peer carried (nil
// for none) to be checked and kept, unless the last one checked was the
// same: a sender repeats one note until it signs the next.
func (f *Federation) witnessLater(peer string, c *Checkpoint) {
	if c == nil || c.Note == "" {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	in := &f.inbound
	if f.ctx.Err() != nil || in.seen[peer] == c.Note {
		return
	}
	if in.pending == nil {
		in.pending, in.seen = map[string]*Checkpoint{}, map[string]string{}
	}
	in.pending[peer] = c
	if !in.running {
		in.running = true
		f.wg.Add(1)
		go f.witnessInbound()
	}
}

// witnessInbound checks the queued checkpoints until none is left.
func (f *Federation) witnessInbound() {
	defer f.wg.Done()
	clients := map[string]*http.Client{} // by certificate fingerprint
	defer func() {
		for _, c := range clients {
			c.CloseIdleConnections()
		}
	}()
	for {
		f.mu.Lock()
		in := &f.inbound
		var peer string
		var c *Checkpoint
		for peer, c = range in.pending {
			break
		}
		if c == nil || f.ctx.Err() != nil {
			in.running = false
			f.mu.Unlock()
			return
		}
		delete(in.pending, peer)
		f.mu.Unlock()

		p, err := f.node.Peer(f.ctx, peer)
		if err == nil {
			client, ok := clients[p.CertSHA256]
			if !ok {
				client = f.newClient(p)
				clients[p.CertSHA256] = client
			}
			err = f.witness(f.ctx, client, p, c)
		}
		if err == nil || liaison.ErrorCode(err) == liaison.ECONFLICT {
			// Kept, or the alarm is raised: once per note. Anything else
			// (the proof could not be fetched) is tried again when the
			// next envelope brings the note.
			f.mu.Lock()
			in.seen[peer] = c.Note
			f.mu.Unlock()
		}
		if err != nil && f.ctx.Err() == nil {
			f.log.Warn("federation: peer checkpoint from an envelope", "peer", peer, "err", err)
		}
	}
}

// newClient returns an HTTP client for the peer, pinned to its
// certificate.
func (f *Federation) newClient(p *liaison.Peer) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			TLSClientConfig:     ClientTLS(f.keys, p.CertSHA256),
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
		},
		Timeout: f.opts.RequestTimeout,
	}
}
