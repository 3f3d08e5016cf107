package federation

import (
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/hex"

	"github.com/liaison-project/liaison"
)

// Verify checks the sender's signature over the exact bytes received. It
// returns EINVALID "envelope ID: bad signature" when the signature does not
// match pub, and MUST succeed before anything in the envelope is acted on.
//
// Verify does not know who the sender should be: the caller checks that
// pub is the signing key of the peer named in Header.From, that this peer
// is the one the TLS connection authenticated, and that Header.To is this
// node.
func (e *Envelope) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return liaison.Errorf(liaison.EINVALID, "envelope %s: verify: signing key is not Ed25519", e.Header.ID)
	}
	if len(e.Sig) != ed25519.SignatureSize || !ed25519.Verify(pub, signedMessage(e.HeaderBytes, e.Ciphertext), e.Sig) {
		return liaison.Errorf(liaison.EINVALID, "envelope %s: bad signature", e.Header.ID)
	}
	return nil
}

// Open decrypts the envelope with the recipient's HPKE key, checks the
// plaintext against Header.Digest and returns the items, which are exactly
// the seqs Header.First..Header.Last in order, with well-formed kind names
// of at most [MaxKind] bytes, object ids of 1 to [MaxItemID] bytes and a
// body. Errors are EINVALID.
//
// Open does not refuse a kind it does not know: the node refuses such an
// item on its own, with a reason, and takes the items behind it. A peer
// running a newer version that sends a new kind then gets a refusal per
// item instead of a link that retries the same envelope for ever.
//
// Open authenticates the ciphertext against the header but not the sender:
// HPKE base mode lets anyone encrypt to this node. Call [Envelope.Verify]
// first.
func (e *Envelope) Open(priv hpke.PrivateKey) ([]Item, error) {
	id := e.Header.ID
	if priv == nil || priv.KEM().ID() != kemID {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope %s: open: key is not HPKE MLKEM768-X25519", id)
	}
	pt, err := hpke.Open(priv, hpke.HKDFSHA256(), hpke.AES256GCM(), hpkeInfo(e.HeaderBytes), e.Ciphertext)
	if err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope %s: cannot decrypt (not sealed to this node, or altered)", id)
	}
	sum := sha256.Sum256(pt)
	if hex.EncodeToString(sum[:]) != e.Header.Digest {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope %s: plaintext does not match digest", id)
	}
	return decodeItems(e.Header, pt)
}

// decodeItems parses and checks a decrypted plaintext.
func decodeItems(h Header, pt []byte) ([]Item, error) {
	var p plaintext
	if err := decodeStrict(pt, &p); err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope %s: items: %v", h.ID, err)
	}
	if err := checkItems(h, p.Items); err != nil {
		return nil, err
	}
	return p.Items, nil
}

// checkItems checks that items are exactly what h announces.
func checkItems(h Header, items []Item) error {
	if int64(len(items)) != h.Last-h.First+1 {
		return liaison.Errorf(liaison.EINVALID, "envelope %s: %d items, header says %d (seqs %d..%d)", h.ID, len(items), h.Last-h.First+1, h.First, h.Last)
	}
	for i, it := range items {
		want := h.First + int64(i)
		switch {
		case it.Seq != want:
			return liaison.Errorf(liaison.EINVALID, "envelope %s: item %d has seq %d, want %d", h.ID, i, it.Seq, want)
		case !validKind(it.Kind):
			return liaison.Errorf(liaison.EINVALID, "envelope %s: item %d: kind %q is not a kind name (a-z, 0-9, _ and -, at most %d bytes)", h.ID, it.Seq, short(it.Kind), MaxKind)
		case it.ID == "":
			return liaison.Errorf(liaison.EINVALID, "envelope %s: item %d: id is empty", h.ID, it.Seq)
		case len(it.ID) > MaxItemID:
			return liaison.Errorf(liaison.EINVALID, "envelope %s: item %d: id longer than %d", h.ID, it.Seq, MaxItemID)
		case len(it.Body) == 0 || string(it.Body) == "null":
			return liaison.Errorf(liaison.EINVALID, "envelope %s: item %d: body is missing", h.ID, it.Seq)
		}
	}
	return nil
}

// validKind reports whether k can name a kind: a lower-case letter, then
// lower-case letters, digits, '_' or '-', at most MaxKind bytes. The
// kinds of this version are liaison.KindCase, KindMessage, KindDirectory
// and KindRead; the node refuses others item by item.
func validKind(k string) bool {
	if k == "" || len(k) > MaxKind || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 1; i < len(k); i++ {
		c := k[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}
