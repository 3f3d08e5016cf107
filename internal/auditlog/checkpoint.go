package auditlog

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/liaison-project/liaison"
)

// MaxNote is the largest signed checkpoint note accepted, in bytes. A note
// this node signs is about 200 bytes; the limit leaves room for a few
// co-signatures.
const MaxNote = 4 << 10

// Checkpoint is a statement of a log's origin, size and root.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   liaison.AuditHash
}

// Origin returns the origin line, and key name, of a node's log:
// "liaison/<party>/<first 16 hex digits of certSHA256>".
func Origin(party, certSHA256 string) string {
	if len(certSHA256) > 16 {
		certSHA256 = certSHA256[:16]
	}
	return "liaison/" + party + "/" + certSHA256
}

// Text returns the checkpoint as the text of a note: origin, size and
// base64 root, each followed by a newline.
func (c Checkpoint) Text() string {
	return c.Origin + "\n" + strconv.FormatInt(c.Size, 10) + "\n" + base64.StdEncoding.EncodeToString(c.Root[:]) + "\n"
}

// ParseCheckpoint reads a checkpoint from a note's text, strictly: exactly
// three lines, a valid origin, a decimal size without leading zeros, a
// base64 SHA-256 root. Extension lines are refused. Errors are EINVALID.
func ParseCheckpoint(text string) (Checkpoint, error) {
	bad := func(format string, args ...any) (Checkpoint, error) {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint: "+format, args...)
	}
	lines := strings.SplitAfter(text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return bad("want 3 lines ending in a newline, got %d", strings.Count(text, "\n"))
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin == "" || strings.ContainsAny(origin, " +\t\r") || !isPrint(origin) {
		return bad("origin %q is not a key name", origin)
	}
	sizeText := strings.TrimSuffix(lines[1], "\n")
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		return bad("size %q is not a decimal number", sizeText)
	}
	root, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(root) != len(liaison.AuditHash{}) {
		return bad("root is not a base64 SHA-256 hash")
	}
	c := Checkpoint{Origin: origin, Size: size}
	copy(c.Root[:], root)
	return c, nil
}

func isPrint(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

// Signer signs checkpoints with a node's Ed25519 key, under the key name
// origin (see [Origin]).
type Signer struct {
	origin string
	key    ed25519.PrivateKey
	hash   uint32
}

// NewSigner returns a signer for origin with key.
func NewSigner(origin string, key ed25519.PrivateKey) (*Signer, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("checkpoint signer %s: key is not Ed25519", origin)
	}
	v, err := NewVerifier(origin, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	return &Signer{origin: origin, key: key, hash: v.KeyHash()}, nil
}

// Name is the key name, the log's origin (note.Signer).
func (s *Signer) Name() string { return s.origin }

// KeyHash is the note key hash of the public key (note.Signer).
func (s *Signer) KeyHash() uint32 { return s.hash }

// Sign signs msg with the Ed25519 key (note.Signer).
func (s *Signer) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.key, msg), nil }

// Origin returns the origin this signer signs for.
func (s *Signer) Origin() string { return s.origin }

// SignCheckpoint returns the signed note of a checkpoint of this signer's
// log of size with root.
func (s *Signer) SignCheckpoint(size int64, root liaison.AuditHash) ([]byte, error) {
	c := Checkpoint{Origin: s.origin, Size: size, Root: root}
	b, err := note.Sign(&note.Note{Text: c.Text()}, s)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint %d of %s: %w", size, s.origin, err)
	}
	return b, nil
}

// NewVerifier returns the note verifier of the log origin signed with pub
// (the signing key of the node's card).
func NewVerifier(origin string, pub ed25519.PublicKey) (note.Verifier, error) {
	vkey, err := note.NewEd25519VerifierKey(origin, pub)
	if err != nil {
		return nil, fmt.Errorf("checkpoint verifier %s: %w", origin, err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("checkpoint verifier %s: %w", origin, err)
	}
	return v, nil
}

// OpenCheckpoint checks a signed checkpoint note against the log's
// verifier and returns the checkpoint. The note MUST carry a valid
// signature by v, and its origin MUST be v's name; other signatures are
// ignored. Errors are EINVALID.
func OpenCheckpoint(msg []byte, v note.Verifier) (Checkpoint, error) {
	if len(msg) > MaxNote {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint: %d bytes exceeds %d", len(msg), MaxNote)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint of %s: %v", v.Name(), err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != v.Name() {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint: origin %q is not %q", c.Origin, v.Name())
	}
	return c, nil
}

// ReadCheckpoint parses a signed note's checkpoint without checking any
// signature: for showing what a note claims. Errors are EINVALID.
func ReadCheckpoint(msg []byte) (Checkpoint, error) {
	if len(msg) > MaxNote {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint: %d bytes exceeds %d", len(msg), MaxNote)
	}
	text, _, ok := bytes.Cut(msg, []byte("\n\n"))
	if !ok {
		return Checkpoint{}, liaison.Errorf(liaison.EINVALID, "checkpoint: not a signed note")
	}
	return ParseCheckpoint(string(text) + "\n")
}
