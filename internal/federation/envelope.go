package federation

import (
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
)

// Limits on an envelope. They bound what a peer can make this node read
// before it has checked anything.
const (
	// Version is the envelope and receipt format version this package speaks.
	Version = 1
	// MaxEnvelope is the largest envelope on the wire, framing included.
	MaxEnvelope = 16 << 20
	// MaxHeader is the largest header JSON.
	MaxHeader = 4 << 10
	// MaxItems is the most items one envelope carries.
	MaxItems = 10_000
	// MaxItemID is the longest object id an item may name.
	MaxItemID = 64
	// MaxKind is the longest kind name an item may carry.
	MaxKind = 32
)

// envelopeMagic opens every envelope on the wire.
const envelopeMagic = "LSNENV1\n"

// envelopeContext separates envelope signatures and HPKE contexts from
// those of anything else the same keys might ever be used for.
const envelopeContext = "liaison/envelope/v1\x00"

// kemID is the HPKE KEM this software uses: MLKEM768-X25519 (X-Wing).
const kemID = 0x647A

// minCiphertext is the HPKE MLKEM768-X25519 encapsulated key (1120 bytes)
// plus the AES-256-GCM tag (16 bytes): a ciphertext of an empty plaintext.
const minCiphertext = 1120 + 16

// Header is the part of an envelope anyone on the path can read: who sent
// it to whom, under which arrangement, and which items it carries. It is
// signed, and bound to the ciphertext as HPKE info.
type Header struct {
	V           int       `json:"v"`           // Version
	ID          string    `json:"id"`          // UUIDv7, assigned by the sender
	From        string    `json:"from"`        // sending party
	To          string    `json:"to"`          // receiving party
	Arrangement string    `json:"arrangement"` // SHA-256 hex of the arrangement the items travel under
	First       int64     `json:"first"`       // seq of the first item
	Last        int64     `json:"last"`        // seq of the last item (items are contiguous)
	Created     time.Time `json:"created"`
	Digest      string    `json:"digest"` // hex SHA-256 of the plaintext, so the signature covers the content too
	// Checkpoint is the sender's latest signed checkpoint of its audit
	// log, which the receiver checks with the sender's card and keeps, as
	// the sender does with the one a receipt carries. Envelopes of
	// earlier versions of this software carry none.
	Checkpoint *Checkpoint `json:"checkpoint,omitempty"`
}

// Item is one outbox item as it travels inside an envelope.
type Item struct {
	Seq  int64           `json:"seq"`
	Kind string          `json:"kind"` // liaison.KindCase, KindMessage, KindDirectory, KindRead
	ID   string          `json:"id"`   // object id
	Body json.RawMessage `json:"body"`
}

// plaintext is what is encrypted.
type plaintext struct {
	Items []Item `json:"items"`
}

var plaintextType = reflect.TypeFor[plaintext]()

// Envelope is an envelope as decoded from the wire. HeaderBytes, Ciphertext
// and Sig are the exact bytes received (they alias the slice given to
// [Decode]); Header is HeaderBytes parsed.
type Envelope struct {
	Header      Header
	HeaderBytes []byte
	Ciphertext  []byte
	Sig         []byte
}

// Seal fills h.Digest, encrypts items to the recipient's HPKE key and signs
// the result with the sender's key, returning the envelope as it goes on
// the wire.
//
// h must be complete (V, ID, From, To, Arrangement, First, Last, Created)
// and items must be exactly the seqs h.First..h.Last in order: Seal refuses
// with EINVALID anything the receiving node's [Decode] or [Envelope.Open]
// would refuse, and an envelope larger than [MaxEnvelope].
func Seal(h Header, items []Item, signer ed25519.PrivateKey, to hpke.PublicKey) ([]byte, error) {
	h.Digest = zeroDigest // checked below, replaced once the plaintext exists
	if err := checkHeader(h); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if err := checkItems(h, items); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if len(signer) != ed25519.PrivateKeySize {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: signing key is not Ed25519", h.ID)
	}
	if to == nil || to.KEM().ID() != kemID {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: recipient key is not HPKE MLKEM768-X25519", h.ID)
	}
	pt, err := json.Marshal(plaintext{Items: items})
	if err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: item body is not JSON", h.ID)
	}
	// json.Marshal lets through item bodies with repeated keys or deep
	// nesting, which Open refuses: refuse them here instead, where the
	// officer who sent them can be told.
	if err := checkStrict(pt, plaintextType); err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: items: %v", h.ID, err)
	}
	sum := sha256.Sum256(pt)
	h.Digest = hex.EncodeToString(sum[:])
	hdr, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("seal envelope %s: %w", h.ID, err)
	}
	if len(hdr) > MaxHeader {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: header length %d exceeds %d", h.ID, len(hdr), MaxHeader)
	}
	size := len(envelopeMagic) + 4 + len(hdr) + 4 + len(pt) + minCiphertext + ed25519.SignatureSize
	if size > MaxEnvelope {
		return nil, liaison.Errorf(liaison.EINVALID, "seal envelope %s: %d bytes exceeds %d; send fewer items", h.ID, size, MaxEnvelope)
	}
	ct, err := hpke.Seal(to, hpke.HKDFSHA256(), hpke.AES256GCM(), hpkeInfo(hdr), pt)
	if err != nil {
		return nil, fmt.Errorf("seal envelope %s: %w", h.ID, err)
	}
	sig := ed25519.Sign(signer, signedMessage(hdr, ct))

	wire := make([]byte, 0, size)
	wire = append(wire, envelopeMagic...)
	wire = binary.BigEndian.AppendUint32(wire, uint32(len(hdr)))
	wire = append(wire, hdr...)
	wire = binary.BigEndian.AppendUint32(wire, uint32(len(ct)))
	wire = append(wire, ct...)
	wire = append(wire, sig...)
	return wire, nil
}

var zeroDigest = hex.EncodeToString(make([]byte, sha256.Size))

// hpkeInfo binds the ciphertext to the exact header bytes: a ciphertext
// lifted into an envelope with another header (another sender, another
// arrangement, other seqs) does not decrypt.
func hpkeInfo(hdr []byte) []byte {
	info := make([]byte, 0, len(envelopeContext)+len(hdr))
	return append(append(info, envelopeContext...), hdr...)
}

// signedMessage is what the sender signs: the context, the header with its
// length (so the split between header and ciphertext is unambiguous), and
// the ciphertext, all exactly as sent.
func signedMessage(hdr, ct []byte) []byte {
	m := make([]byte, 0, len(envelopeContext)+4+len(hdr)+len(ct))
	m = append(m, envelopeContext...)
	m = binary.BigEndian.AppendUint32(m, uint32(len(hdr)))
	m = append(m, hdr...)
	return append(m, ct...)
}

// Decode parses the framing and the header of an envelope and checks all
// that can be checked without keys. It does no cryptography: the caller
// MUST call [Envelope.Verify] with the sender's key before trusting
// anything in the header, and [Envelope.Open] to read the items.
//
// Every error is EINVALID with a short text saying what is wrong, fit to
// send back to the sending node.
func Decode(wire []byte) (*Envelope, error) {
	if len(wire) > MaxEnvelope {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: %d bytes exceeds %d", len(wire), MaxEnvelope)
	}
	if len(wire) < len(envelopeMagic) || string(wire[:len(envelopeMagic)]) != envelopeMagic {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: bad magic (not a Liaison v1 envelope)")
	}
	rest := wire[len(envelopeMagic):]
	hdr, rest, err := chunk(rest, MaxHeader, "header")
	if err != nil {
		return nil, err
	}
	ct, rest, err := chunk(rest, MaxEnvelope, "ciphertext")
	if err != nil {
		return nil, err
	}
	if len(ct) < minCiphertext {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: ciphertext length %d is below the minimum %d", len(ct), minCiphertext)
	}
	if len(rest) < ed25519.SignatureSize {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: truncated signature (%d of %d bytes)", len(rest), ed25519.SignatureSize)
	}
	if len(rest) > ed25519.SignatureSize {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: %d bytes after the signature", len(rest)-ed25519.SignatureSize)
	}
	e := &Envelope{HeaderBytes: hdr, Ciphertext: ct, Sig: rest}
	if err := decodeStrict(hdr, &e.Header); err != nil {
		return nil, liaison.Errorf(liaison.EINVALID, "envelope: header: %v", err)
	}
	if err := checkHeader(e.Header); err != nil {
		return nil, err
	}
	return e, nil
}

// chunk reads one uint32-length-prefixed part of the framing.
func chunk(b []byte, limit int, what string) (part, rest []byte, err error) {
	if len(b) < 4 {
		return nil, nil, liaison.Errorf(liaison.EINVALID, "envelope: truncated %s length", what)
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(limit) {
		return nil, nil, liaison.Errorf(liaison.EINVALID, "envelope: %s length %d exceeds %d", what, n, limit)
	}
	b = b[4:]
	if uint64(len(b)) < uint64(n) {
		return nil, nil, liaison.Errorf(liaison.EINVALID, "envelope: truncated %s (%d of %d bytes)", what, len(b), n)
	}
	return b[:n:n], b[n:], nil
}

// checkHeader applies the rules a header must meet on its own.
func checkHeader(h Header) error {
	bad := func(format string, args ...any) error {
		return liaison.Errorf(liaison.EINVALID, "envelope: "+format, args...)
	}
	switch {
	case h.V != Version:
		return bad("version %d is not %d", h.V, Version)
	case !validUUIDv7(h.ID):
		return bad("id %q is not a UUIDv7", short(h.ID))
	case !liaison.ValidParty(h.From):
		return bad("from %q is not a party code", short(h.From))
	case !liaison.ValidParty(h.To):
		return bad("to %q is not a party code", short(h.To))
	case h.From == h.To:
		return bad("from and to are both %q", h.From)
	case !validHex64(h.Arrangement):
		return bad("arrangement %q is not a SHA-256 hex", short(h.Arrangement))
	case h.First < 1:
		return bad("first %d is below 1", h.First)
	case h.Last < h.First:
		return bad("last %d is below first %d", h.Last, h.First)
	case h.Last-h.First >= MaxItems:
		return bad("%d items exceeds %d", uint64(h.Last-h.First)+1, MaxItems)
	case h.Created.IsZero():
		return bad("created is missing")
	case !validHex64(h.Digest):
		return bad("digest %q is not a SHA-256 hex", short(h.Digest))
	}
	if problem := checkCheckpoint(h.Checkpoint); problem != "" {
		return bad("%s", problem)
	}
	return nil
}

// validUUIDv7 reports whether s is a UUIDv7 in canonical lower-case form,
// the only form this software writes.
func validUUIDv7(s string) bool {
	if len(s) != 36 {
		return false
	}
	u, err := uuid.Parse(s)
	return err == nil && u.Version() == 7 && u.Variant() == uuid.RFC4122 && u.String() == s
}

// validHex64 reports whether s is 64 lower-case hex digits (a SHA-256).
func validHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// short trims a peer-supplied value before it goes into an error text.
func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
