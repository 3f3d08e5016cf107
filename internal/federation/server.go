package federation

import (
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// Paths of the federation listener.
const (
	PathEnvelopes       = "/federation/v1/envelopes"
	ContentTypeEnvelope = "application/vnd.liaison.envelope"
	ContentTypeReceipt  = "application/vnd.liaison.receipt"
)

func tlsListener(ln net.Listener, cfg *tls.Config) net.Listener { return tls.NewListener(ln, cfg) }

// Handler returns the federation HTTP handler. It expects connections
// that passed ServerTLS; the peer is the owner of the client certificate.
func (f *Federation) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathEnvelopes, f.handleEnvelope)
	mux.HandleFunc("GET "+PathConsistency, f.handleConsistency)
	return mux
}

// handleEnvelope takes one envelope: authenticate the peer by its
// certificate, decode, verify the signature over the exact bytes received,
// open, hand the items to the node, and answer with a signed receipt.
func (f *Federation) handleEnvelope(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil {
		problem(w, http.StatusForbidden, "federation requires TLS with a client certificate")
		return
	}
	peer, ok := PeerParty(*r.TLS, f.trusted)
	if !ok {
		problem(w, http.StatusForbidden, "client certificate is not a known peer")
		return
	}
	wire, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxEnvelope))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		msg := fmt.Sprintf("envelope larger than the limit of %d bytes", MaxEnvelope)
		f.refuse(r, peer, http.StatusRequestEntityTooLarge, msg, err)
		problem(w, http.StatusRequestEntityTooLarge, msg)
		return
	} else if err != nil {
		// The connection broke mid-body: nothing to refuse, the sender
		// will try again.
		f.log.Warn("federation: read envelope", "peer", peer, "err", err)
		problem(w, http.StatusBadRequest, "envelope could not be read whole")
		return
	}
	env, err := Decode(wire)
	if err != nil {
		f.refuse(r, peer, http.StatusBadRequest, liaison.ErrorMessage(err), err)
		problem(w, http.StatusBadRequest, liaison.ErrorMessage(err))
		return
	}
	h := env.Header
	if h.From != peer || h.To != f.node.Party() {
		msg := "envelope from " + h.From + " to " + h.To + " arrived from " + peer + " at " + f.node.Party()
		f.refuse(r, peer, http.StatusForbidden, msg, nil)
		problem(w, http.StatusForbidden, msg)
		return
	}
	_, signKey, _, err := f.peer(r.Context(), peer)
	if err != nil {
		problem(w, http.StatusInternalServerError, "peer lookup failed")
		return
	}
	if err := env.Verify(signKey); err != nil {
		f.refuse(r, peer, http.StatusForbidden, liaison.ErrorMessage(err), err)
		problem(w, http.StatusForbidden, liaison.ErrorMessage(err))
		return
	}
	// Signed by the peer: its checkpoint is checked and kept in the
	// background, whatever becomes of the items.
	f.witnessLater(peer, h.Checkpoint)
	items, err := env.Open(f.keys.HPKE)
	if err != nil {
		f.refuse(r, peer, http.StatusBadRequest, liaison.ErrorMessage(err), err)
		problem(w, http.StatusBadRequest, liaison.ErrorMessage(err))
		return
	}
	in := make([]node.Incoming, len(items))
	for i, it := range items {
		in[i] = node.Incoming{Seq: it.Seq, Kind: it.Kind, ID: it.ID, Body: it.Body}
	}
	outcomes, err := f.node.Receive(r.Context(), peer, h.ID, h.Arrangement, in)
	if liaison.ErrorCode(err) == liaison.ECONFLICT {
		// A sequence gap: the envelope takes nothing, and the sender's
		// retry from the expected seq will.
		f.refuse(r, peer, http.StatusConflict, liaison.ErrorMessage(err), err)
		problem(w, http.StatusConflict, liaison.ErrorMessage(err))
		return
	} else if err != nil {
		f.log.Error("federation: receive", "peer", peer, "envelope", h.ID, "err", err)
		problem(w, http.StatusServiceUnavailable, "the receiving node could not store the envelope; retry")
		return
	}
	body := ReceiptBody{
		V: 1, ID: uuid.Must(uuid.NewV7()).String(), Envelope: h.ID,
		From: f.node.Party(), To: peer, Time: time.Now().UTC(),
		Checkpoint: f.ownCheckpoint(r.Context()),
	}
	for _, o := range outcomes {
		body.Items = append(body.Items, Outcome{Seq: o.Seq, ID: o.ObjectID, Status: o.Status, Reason: o.Reason})
		body.LastSeq = max(body.LastSeq, o.Seq)
	}
	receipt, err := SignReceipt(body, f.keys.Signing)
	if err != nil {
		problem(w, http.StatusInternalServerError, "sign receipt failed")
		return
	}
	w.Header().Set("Content-Type", ContentTypeReceipt)
	w.Write(receipt)
}

// refuse records, on this side, an envelope refused before its items
// could be read, so both sides can show why.
func (f *Federation) refuse(r *http.Request, peer string, status int, reason string, err error) {
	f.log.Warn("federation: envelope refused", "peer", peer, "status", status, "reason", reason, "err", err)
	if nerr := f.node.RefuseEnvelope(r.Context(), peer, reason); nerr != nil {
		f.log.Error("federation: record refusal", "peer", peer, "err", nerr)
	}
}

// problem writes an RFC 9457 problem document; the sender records its
// detail as the link's last error.
func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail,
	})
}

// problemDetail reads the detail of a problem document from a peer,
// bounded, falling back to the status text.
func problemDetail(resp *http.Response) string {
	var p struct {
		Detail string `json:"detail"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	if err := json.Unmarshal(b, &p); err != nil || p.Detail == "" {
		return resp.Status
	}
	return resp.Status + ": " + p.Detail
}
