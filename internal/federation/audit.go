package federation

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/liaison-project/liaison"
)

// PathConsistency is the federation endpoint that answers a consistency
// proof between two sizes of this node's audit log, for a peer that holds
// checkpoints of both: GET ?from=N&to=M, 0 <= N < M <= the log's size.
const PathConsistency = "/federation/v1/audit/consistency"

// maxConsistency bounds the answer: a proof has at most two hashes per
// level of the tree.
const maxConsistency = 16 << 10

// ConsistencyProof is the answer of PathConsistency: the RFC 6962 proof
// hashes, base64 each.
type ConsistencyProof struct {
	From   int64    `json:"from"`
	To     int64    `json:"to"`
	Hashes []string `json:"hashes"`
}

// handleConsistency answers a pinned peer's request for a consistency
// proof. It is not audited: it reveals hashes only, which the peer could
// compute from what it holds, and an entry per request would make the
// log grow with every check of it.
func (f *Federation) handleConsistency(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil {
		problem(w, http.StatusForbidden, "federation requires TLS with a client certificate")
		return
	}
	if _, ok := PeerParty(*r.TLS, f.trusted); !ok {
		problem(w, http.StatusForbidden, "client certificate is not a known peer")
		return
	}
	q := r.URL.Query()
	from, err1 := strconv.ParseInt(q.Get("from"), 10, 64)
	to, err2 := strconv.ParseInt(q.Get("to"), 10, 64)
	if err1 != nil || err2 != nil {
		problem(w, http.StatusBadRequest, "from and to must be whole numbers")
		return
	}
	hs, err := f.node.ConsistencyProof(r.Context(), from, to)
	if liaison.ErrorCode(err) == liaison.EINVALID {
		problem(w, http.StatusBadRequest, liaison.ErrorMessage(err))
		return
	} else if err != nil {
		f.log.Error("federation: consistency proof", "from", from, "to", to, "err", err)
		problem(w, http.StatusServiceUnavailable, "the node could not compute the proof; retry")
		return
	}
	p := ConsistencyProof{From: from, To: to, Hashes: make([]string, len(hs))}
	for i, h := range hs {
		p.Hashes[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(p)
}

// ownCheckpoint returns this node's latest signed checkpoint for a
// receipt or an envelope, signing the first one if none is yet; nil when
// the node signs none.
func (f *Federation) ownCheckpoint(ctx context.Context) *Checkpoint {
	c, err := f.node.LatestCheckpoint(ctx)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		c, err = f.node.Checkpoint(ctx)
	}
	if err != nil {
		f.log.Debug("federation: no checkpoint to send", "err", err)
		return nil
	}
	return &Checkpoint{Size: c.Size, Root: hex.EncodeToString(c.Root[:]), Note: string(c.Note)}
}

// witness checks and keeps a checkpoint the peer p signed, from its
// receipt or its envelope (see node.OpenPeerCheckpoint), asking the peer
// for a consistency proof through client. The node raises the alarm when
// the peer's log forked or its proof fails; a proof that cannot be fetched
// now leaves the checkpoint for the next one to bring it.
//
// The checks of one peer's checkpoints run one at a time, so that each
// is checked against the one kept before it: two checked at once against
// the same predecessor could both be kept without ever being checked
// against each other.
func (f *Federation) witness(ctx context.Context, client *http.Client, p *liaison.Peer, c *Checkpoint) error {
	mu := f.witnessLock(p.Party)
	mu.Lock()
	defer mu.Unlock()
	pc, err := f.node.OpenPeerCheckpoint(ctx, p.Party, []byte(c.Note))
	if err != nil || pc == nil {
		return err
	}
	if pc.Size != c.Size || hex.EncodeToString(pc.Root[:]) != c.Root {
		return f.node.RaiseAuditAlarm(ctx, p.Party, fmt.Sprintf("%s sent checkpoint %d %s with a signed note of %d %x", p.Party, c.Size, c.Root, pc.Size, pc.Root))
	}
	var proof []liaison.AuditHash
	if from, to, ok := pc.ProofSizes(); ok {
		if proof, err = f.consistency(ctx, client, p, from, to); err != nil {
			return err
		}
	}
	return f.node.KeepPeerCheckpoint(ctx, p.Party, pc, proof)
}

// witnessLock returns the lock that serialises the checks of peer's
// checkpoints.
func (f *Federation) witnessLock(peer string) *sync.Mutex {
	f.mu.Lock()
	defer f.mu.Unlock()
	mu, ok := f.witnessMu[peer]
	if !ok {
		mu = new(sync.Mutex)
		f.witnessMu[peer] = mu
	}
	return mu
}

// consistency asks the peer for the consistency proof between two sizes
// of its log.
func (f *Federation) consistency(ctx context.Context, client *http.Client, p *liaison.Peer, from, to int64) ([]liaison.AuditHash, error) {
	url := fmt.Sprintf("%s%s?from=%d&to=%d", p.FederationURL, PathConsistency, from, to)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("peer %s: %w", p.Party, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("peer %s unreachable for a consistency proof: %w", p.Party, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("peer %s refused a consistency proof from %d to %d: %s", p.Party, from, to, problemDetail(resp))
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxConsistency+1))
	if err != nil {
		return nil, fmt.Errorf("peer %s: read consistency proof: %w", p.Party, err)
	}
	var cp ConsistencyProof
	if len(b) > maxConsistency {
		err = fmt.Errorf("longer than %d bytes", maxConsistency)
	} else {
		err = decodeStrict(b, &cp)
	}
	if err == nil && (cp.From != from || cp.To != to || len(cp.Hashes) > 128) {
		err = fmt.Errorf("a proof from %d to %d with %d hashes", cp.From, cp.To, len(cp.Hashes))
	}
	hs := make([]liaison.AuditHash, len(cp.Hashes))
	for i, s := range cp.Hashes {
		h, derr := base64.StdEncoding.Strict().DecodeString(s)
		if err == nil && (derr != nil || len(h) != len(hs[i])) {
			err = fmt.Errorf("hash %d is not a base64 SHA-256 hash", i)
		}
		copy(hs[i][:], h)
	}
	if err != nil {
		// A signed checkpoint the peer cannot back with a proof is what a
		// rewritten log looks like from here.
		return nil, f.node.RaiseAuditAlarm(ctx, p.Party, fmt.Sprintf("%s answered a consistency proof from %d to %d that cannot be read: %v", p.Party, from, to, err))
	}
	return hs, nil
}
