package federation

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
)

func TestSealOpen(t *testing.T) {
	k := MustFixedKeys(t)
	for _, n := range []int{1, 3, 100} {
		h := testHeader(41, 41+int64(n)-1)
		if n == 3 {
			// The sender's checkpoint travels in the header, signed.
			h.Checkpoint = testCheckpoint()
		}
		items := testItems(41, n, 1024)
		wire := MustSeal(t, h, items)

		e, err := Decode(wire)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		if err := e.Verify(k.senderPub); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		got, err := e.Open(k.receiverHPKE)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if diff := cmp.Diff(items, got); diff != "" {
			t.Errorf("Open items (-sent +got):\n%s", diff)
		}
		h.Digest = e.Header.Digest
		if diff := cmp.Diff(h, e.Header); diff != "" {
			t.Errorf("Header (-sent +got):\n%s", diff)
		}
		if !validHex64(e.Header.Digest) {
			t.Errorf("Digest = %q, want SHA-256 hex", e.Header.Digest)
		}
	}
}

func TestOpenWrongRecipient(t *testing.T) {
	k := MustFixedKeys(t)
	e, err := Decode(MustSeal(t, testHeader(1, 1), testItems(1, 1, 100)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Open(k.otherHPKE)
	wantErr(t, err, liaison.EINVALID, "cannot decrypt")
	_, err = e.Open(nil)
	wantErr(t, err, liaison.EINVALID, "not HPKE MLKEM768-X25519")
}

func TestVerifyWrongSigner(t *testing.T) {
	k := MustFixedKeys(t)
	e, err := Decode(MustSeal(t, testHeader(1, 1), testItems(1, 1, 100)))
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.Verify(k.receiverPub), liaison.EINVALID, "bad signature")
	wantErr(t, e.Verify(nil), liaison.EINVALID, "not Ed25519")
}

// TestTamper flips one bit in each part of a sealed envelope and checks
// which step catches it.
func TestTamper(t *testing.T) {
	k := MustFixedKeys(t)
	h := testHeader(7, 8)
	wire := MustSeal(t, h, testItems(7, 2, 200))
	hlen := int(binary.BigEndian.Uint32(wire[8:]))
	hdrStart := 12
	ctStart := hdrStart + hlen + 4
	sigStart := len(wire) - 64

	tests := []struct {
		name string
		pos  int
		bit  byte
		want string
	}{
		// Flipping a bit inside a header value keeps it valid JSON and a
		// valid header: the seq digit 7 (0x37) becomes 6 (0x36).
		{"Header", hdrStart + bytes.Index(wire[hdrStart:], []byte(`"first":7`)) + len(`"first":`), 0x01, "bad signature"},
		{"Ciphertext", ctStart + 1500, 0x10, "bad signature"},
		{"EncapsulatedKey", ctStart + 3, 0x01, "bad signature"},
		{"Signature", sigStart + 5, 0x80, "bad signature"},
		{"Magic", 2, 0x01, "bad magic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := bytes.Clone(wire)
			w[tt.pos] ^= tt.bit
			e, err := Decode(w)
			if err == nil {
				err = e.Verify(k.senderPub)
			}
			wantErr(t, err, liaison.EINVALID, tt.want)
		})
	}

	// Without the signature check, Open still refuses each altered part.
	t.Run("OpenHeader", func(t *testing.T) {
		w := bytes.Clone(wire)
		w[tests[0].pos] ^= tests[0].bit
		e, err := Decode(w)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Open(k.receiverHPKE)
		wantErr(t, err, liaison.EINVALID, "cannot decrypt")
	})
	t.Run("OpenCiphertext", func(t *testing.T) {
		w := bytes.Clone(wire)
		w[ctStart+1500] ^= 0x10
		e, err := Decode(w)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Open(k.receiverHPKE)
		wantErr(t, err, liaison.EINVALID, "cannot decrypt")
	})
}

// TestOpenDigest seals a header whose digest is then swapped for another
// valid one: the envelope is re-signed and re-encrypted by the legitimate
// sender, so only the digest check can catch it.
func TestOpenDigest(t *testing.T) {
	k := MustFixedKeys(t)
	h := testHeader(1, 1)
	items := testItems(1, 1, 100)
	pt, _ := json.Marshal(plaintext{Items: items})
	h.Digest = strings.Repeat("ab", 32)
	hdr, _ := json.Marshal(h)
	wire := mustRawSeal(t, hdr, pt, k)
	e, err := Decode(wire)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Verify(k.senderPub); err != nil {
		t.Fatal(err)
	}
	_, err = e.Open(k.receiverHPKE)
	wantErr(t, err, liaison.EINVALID, "plaintext does not match digest")
}

// TestOpenItems checks the rules on decrypted items, sealing plaintexts
// that Seal itself would refuse.
func TestOpenItems(t *testing.T) {
	k := MustFixedKeys(t)
	item := func(seq int64, kind, id, body string) string {
		b, _ := json.Marshal(map[string]any{"seq": seq, "kind": kind, "id": id, "body": json.RawMessage(body)})
		return string(b)
	}
	tests := []struct {
		name        string
		first, last int64
		pt          string
		want        string
	}{
		{"OK", 5, 6, `{"items":[` + item(5, "case", "c1", `{}`) + `,` + item(6, "message", "m1", `[1]`) + `]}`, ""},
		{"ErrCount", 5, 6, `{"items":[` + item(5, "case", "c1", `{}`) + `]}`, "1 items, header says 2"},
		{"ErrGap", 5, 6, `{"items":[` + item(5, "case", "c1", `{}`) + `,` + item(7, "case", "c2", `{}`) + `]}`, "item 1 has seq 7, want 6"},
		// A kind this version does not know is the node's to refuse, item
		// by item; only a malformed kind name refuses the envelope.
		{"OKUnknownKind", 5, 6, `{"items":[` + item(5, "weapon", "c1", `{}`) + `,` + item(6, "case", "c2", `{}`) + `]}`, ""},
		{"ErrKind", 5, 5, `{"items":[` + item(5, "Weapon!", "c1", `{}`) + `]}`, `kind "Weapon!" is not a kind name`},
		{"ErrKindEmpty", 5, 5, `{"items":[` + item(5, "", "c1", `{}`) + `]}`, `kind "" is not a kind name`},
		{"ErrKindLong", 5, 5, `{"items":[` + item(5, strings.Repeat("k", 33), "c1", `{}`) + `]}`, "is not a kind name"},
		{"ErrIDEmpty", 5, 5, `{"items":[` + item(5, "case", "", `{}`) + `]}`, "id is empty"},
		{"ErrIDLong", 5, 5, `{"items":[` + item(5, "case", strings.Repeat("a", 65), `{}`) + `]}`, "id longer than 64"},
		{"ErrBodyNull", 5, 5, `{"items":[` + item(5, "case", "c1", `null`) + `]}`, "body is missing"},
		{"ErrUnknownField", 5, 5, `{"items":[{"seq":5,"kind":"case","id":"c1","body":{},"x":1}]}`, `items[0]: unknown field "x"`},
		{"ErrCase", 5, 5, `{"items":[{"Seq":5,"kind":"case","id":"c1","body":{}}]}`, `unknown field "Seq"`},
		{"ErrDuplicate", 5, 5, `{"items":[{"seq":5,"kind":"case","id":"c1","id":"c2","body":{}}]}`, `duplicate key "id"`},
		{"ErrDuplicateInBody", 5, 5, `{"items":[{"seq":5,"kind":"case","id":"c1","body":{"a":1,"a":2}}]}`, `items[0].body: duplicate key "a"`},
		{"ErrTrailing", 5, 5, `{"items":[` + item(5, "case", "c1", `{}`) + `]} {}`, "data after the JSON value"},
		{"ErrType", 5, 5, `{"items":[{"seq":"5","kind":"case","id":"c1","body":{}}]}`, "wrong JSON type"},
		{"ErrDeep", 5, 5, `{"items":[{"seq":5,"kind":"case","id":"c1","body":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}]}`, "nested deeper than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testHeader(tt.first, tt.last)
			h.Digest = sha256Hex([]byte(tt.pt))
			hdr, _ := json.Marshal(h)
			e, err := Decode(mustRawSeal(t, hdr, []byte(tt.pt), k))
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.Open(k.receiverHPKE)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return
			}
			wantErr(t, err, liaison.EINVALID, tt.want)
		})
	}
}

func TestSealRefuses(t *testing.T) {
	k := MustFixedKeys(t)
	to := k.receiverHPKE.PublicKey()
	tests := []struct {
		name  string
		h     Header
		items []Item
		key   []byte
		want  string
	}{
		{"ErrVersion", func() Header { h := testHeader(1, 1); h.V = 2; return h }(), testItems(1, 1, 10), k.senderSign, "version 2 is not 1"},
		{"ErrItemCount", testHeader(1, 2), testItems(1, 1, 10), k.senderSign, "1 items, header says 2"},
		{"ErrKind", testHeader(1, 1), []Item{{Seq: 1, Kind: "X", ID: "a", Body: []byte(`{}`)}}, k.senderSign, `kind "X" is not a kind name`},
		{"ErrBody", testHeader(1, 1), []Item{{Seq: 1, Kind: "case", ID: "a", Body: []byte(`{`)}}, k.senderSign, "item body is not JSON"},
		{"ErrNoBody", testHeader(1, 1), []Item{{Seq: 1, Kind: "case", ID: "a"}}, k.senderSign, "body is missing"},
		{"ErrBodyDuplicate", testHeader(1, 1), []Item{{Seq: 1, Kind: "case", ID: "a", Body: []byte(`{"a":1,"a":2}`)}}, k.senderSign, `items: items[0].body: duplicate key "a"`},
		{"ErrSigner", testHeader(1, 1), testItems(1, 1, 10), k.senderSign[:32], "signing key is not Ed25519"},
		{"ErrTooLarge", testHeader(1, 2), testItems(1, 2, 9<<20), k.senderSign, "exceeds 16777216; send fewer items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Seal(tt.h, tt.items, tt.key, to)
			wantErr(t, err, liaison.EINVALID, tt.want)
		})
	}
	t.Run("ErrRecipientKEM", func(t *testing.T) {
		_, err := Seal(testHeader(1, 1), testItems(1, 1, 10), k.senderSign, nil)
		wantErr(t, err, liaison.EINVALID, "recipient key is not HPKE MLKEM768-X25519")
	})
}
