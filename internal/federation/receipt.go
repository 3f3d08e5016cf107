package federation

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
)

// Limits on a receipt.
const (
	// MaxReceipt is the largest receipt on the wire, framing included.
	MaxReceipt = 4 << 20
	// MaxReason is the longest refusal reason a receipt carries, in bytes;
	// SignReceipt shortens longer ones.
	MaxReason = 300
)

const (
	receiptMagic   = "LSNRCT1\n"
	receiptContext = "liaison/receipt/v1\x00"
)

// Outcome is what became of one item of an envelope.
type Outcome struct {
	Seq int64  `json:"seq"`
	ID  string `json:"id"`
	// Status is liaison.InboundStored, liaison.InboundRefused or
	// liaison.InboundDuplicate.
	Status string `json:"status"`
	// Reason says why an item was refused; it is required then.
	Reason string `json:"reason,omitempty"`
}

// MaxCheckpointNote is the longest signed checkpoint note a receipt or an
// envelope carries, in bytes (internal/auditlog's limit); in an envelope
// the header's limit, [MaxHeader], applies too.
const MaxCheckpointNote = 4 << 10

// Checkpoint is a node's latest signed checkpoint of its audit log, as a
// receipt carries the receiver's and an envelope the sender's: the other
// node checks the note with the signer's card, keeps it as evidence, and
// asks for a consistency proof from the one it held before.
type Checkpoint struct {
	Size int64  `json:"size"`
	Root string `json:"root"` // hex
	// Note is the C2SP signed note of this size and root, as signed.
	Note string `json:"note,omitempty"`
}

// ReceiptBody is the receiver's signed statement about one envelope.
type ReceiptBody struct {
	V        int       `json:"v"`        // Version
	ID       string    `json:"id"`       // UUIDv7
	Envelope string    `json:"envelope"` // the envelope's id
	From     string    `json:"from"`     // receiver
	To       string    `json:"to"`       // sender
	Items    []Outcome `json:"items"`
	// LastSeq is the highest seq the receiver has taken from the sender
	// on this link, so a sender that lost track can resume.
	LastSeq    int64       `json:"last_seq"`
	Time       time.Time   `json:"time"`
	Checkpoint *Checkpoint `json:"checkpoint,omitempty"`
}

// SignReceipt checks b, shortens reasons longer than [MaxReason], and
// returns the receipt as it goes on the wire, signed with key. It returns
// EINVALID for a body [DecodeReceipt] would refuse.
func SignReceipt(b ReceiptBody, key ed25519.PrivateKey) ([]byte, error) {
	// A copy, so the caller's reasons stay whole; never nil, so the JSON
	// says "items": [] rather than null.
	b.Items = append(make([]Outcome, 0, len(b.Items)), b.Items...)
	for i := range b.Items {
		b.Items[i].Reason = truncateUTF8(b.Items[i].Reason, MaxReason)
	}
	if err := checkReceipt(b); err != nil {
		return nil, fmt.Errorf("sign receipt: %w", err)
	}
	if len(key) != ed25519.PrivateKeySize {
		return nil, liaison.Errorf(liaison.EINVALID, "sign receipt %s: signing key is not Ed25519", b.ID)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // reasons are text for officers, not HTML
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("sign receipt %s: %w", b.ID, err)
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	size := len(receiptMagic) + 4 + len(body) + ed25519.SignatureSize
	if size > MaxReceipt {
		return nil, liaison.Errorf(liaison.EINVALID, "sign receipt %s: %d bytes exceeds %d", b.ID, size, MaxReceipt)
	}
	wire := make([]byte, 0, size)
	wire = append(wire, receiptMagic...)
	wire = binary.BigEndian.AppendUint32(wire, uint32(len(body)))
	wire = append(wire, body...)
	return append(wire, ed25519.Sign(key, receiptMessage(body))...), nil
}

func receiptMessage(body []byte) []byte {
	m := make([]byte, 0, len(receiptContext)+len(body))
	return append(append(m, receiptContext...), body...)
}

// DecodeReceipt parses a receipt's framing and body and checks what can be
// checked without keys. bodyBytes and sig are the exact bytes received
// (aliasing wire), to be kept as proof and passed to [VerifyReceipt], which
// the caller MUST call before trusting body. Errors are EINVALID.
func DecodeReceipt(wire []byte) (body ReceiptBody, bodyBytes, sig []byte, err error) {
	bad := func(format string, args ...any) (ReceiptBody, []byte, []byte, error) {
		return ReceiptBody{}, nil, nil, liaison.Errorf(liaison.EINVALID, "receipt: "+format, args...)
	}
	if len(wire) > MaxReceipt {
		return bad("%d bytes exceeds %d", len(wire), MaxReceipt)
	}
	if len(wire) < len(receiptMagic) || string(wire[:len(receiptMagic)]) != receiptMagic {
		return bad("bad magic (not a Liaison v1 receipt)")
	}
	rest := wire[len(receiptMagic):]
	if len(rest) < 4 {
		return bad("truncated body length")
	}
	n := binary.BigEndian.Uint32(rest)
	rest = rest[4:]
	switch {
	case uint64(n) > uint64(len(rest)):
		return bad("truncated body (%d of %d bytes)", len(rest), n)
	case uint64(len(rest))-uint64(n) < ed25519.SignatureSize:
		return bad("truncated signature (%d of %d bytes)", uint64(len(rest))-uint64(n), ed25519.SignatureSize)
	case uint64(len(rest))-uint64(n) > ed25519.SignatureSize:
		return bad("%d bytes after the signature", uint64(len(rest))-uint64(n)-ed25519.SignatureSize)
	}
	bodyBytes, sig = rest[:n:n], rest[n:]
	if err := decodeStrict(bodyBytes, &body); err != nil {
		return bad("body: %v", err)
	}
	if err := checkReceipt(body); err != nil {
		return ReceiptBody{}, nil, nil, err
	}
	return body, bodyBytes, sig, nil
}

// VerifyReceipt checks sig over bodyBytes with the receiver's signing key.
// It returns EINVALID "receipt: bad signature" when they do not match.
func VerifyReceipt(bodyBytes, sig []byte, pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return liaison.Errorf(liaison.EINVALID, "receipt: verify: signing key is not Ed25519")
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(pub, receiptMessage(bodyBytes), sig) {
		return liaison.Errorf(liaison.EINVALID, "receipt: bad signature")
	}
	return nil
}

// checkReceipt applies the rules a receipt body must meet on its own.
func checkReceipt(b ReceiptBody) error {
	bad := func(format string, args ...any) error {
		return liaison.Errorf(liaison.EINVALID, "receipt: "+format, args...)
	}
	switch {
	case b.V != Version:
		return bad("version %d is not %d", b.V, Version)
	case !validUUIDv7(b.ID):
		return bad("id %q is not a UUIDv7", short(b.ID))
	case !validUUIDv7(b.Envelope):
		return bad("envelope %q is not a UUIDv7", short(b.Envelope))
	case !liaison.ValidParty(b.From):
		return bad("from %q is not a party code", short(b.From))
	case !liaison.ValidParty(b.To):
		return bad("to %q is not a party code", short(b.To))
	case b.From == b.To:
		return bad("from and to are both %q", b.From)
	case len(b.Items) > MaxItems:
		return bad("%d items exceeds %d", len(b.Items), MaxItems)
	case b.LastSeq < 0:
		return bad("last_seq %d is negative", b.LastSeq)
	case b.Time.IsZero():
		return bad("time is missing")
	}
	var prev int64
	for i, o := range b.Items {
		switch {
		case o.Seq <= prev:
			return bad("item %d: seq %d does not follow %d", i, o.Seq, prev)
		case o.ID == "" || len(o.ID) > MaxItemID:
			return bad("item %d: id must be 1 to %d bytes", o.Seq, MaxItemID)
		case o.Status != liaison.InboundStored && o.Status != liaison.InboundRefused && o.Status != liaison.InboundDuplicate:
			return bad("item %d: unknown status %q", o.Seq, short(o.Status))
		case o.Status == liaison.InboundRefused && o.Reason == "":
			return bad("item %d: refused without a reason", o.Seq)
		case len(o.Reason) > MaxReason:
			return bad("item %d: reason longer than %d bytes", o.Seq, MaxReason)
		}
		prev = o.Seq
	}
	if problem := checkCheckpoint(b.Checkpoint); problem != "" {
		return bad("%s", problem)
	}
	return nil
}

// checkCheckpoint applies the rules a checkpoint in a receipt or an
// envelope header must meet on its own (nil meets them), and says what is
// wrong, or "".
func checkCheckpoint(c *Checkpoint) string {
	switch {
	case c == nil:
		return ""
	case c.Size < 0:
		return fmt.Sprintf("checkpoint size %d is negative", c.Size)
	case !validHex64(c.Root):
		return fmt.Sprintf("checkpoint root %q is not a SHA-256 hex", short(c.Root))
	case len(c.Note) > MaxCheckpointNote:
		return fmt.Sprintf("checkpoint note longer than %d bytes", MaxCheckpointNote)
	}
	return ""
}

// truncateUTF8 shortens s to at most n bytes without splitting a rune.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
