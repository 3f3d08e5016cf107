package federation

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// frame builds an envelope's wire form from raw parts.
func frame(hdr, ct, sig []byte) []byte {
	w := []byte(envelopeMagic)
	w = binary.BigEndian.AppendUint32(w, uint32(len(hdr)))
	w = append(w, hdr...)
	w = binary.BigEndian.AppendUint32(w, uint32(len(ct)))
	w = append(w, ct...)
	return append(w, sig...)
}

// mustRawSeal encrypts and signs exactly hdr and pt, as a legitimate
// sender that does not follow the rules would.
func mustRawSeal(tb testing.TB, hdr, pt []byte, k fixedKeys) []byte {
	tb.Helper()
	ct, err := hpke.Seal(k.receiverHPKE.PublicKey(), hpke.HKDFSHA256(), hpke.AES256GCM(), hpkeInfo(hdr), pt)
	if err != nil {
		tb.Fatal(err)
	}
	return frame(hdr, ct, ed25519.Sign(k.senderSign, signedMessage(hdr, ct)))
}

// testCheckpoint is a checkpoint of the sender's log as an envelope
// header carries it (the note's signature is not checked here).
func testCheckpoint() *Checkpoint {
	return &Checkpoint{Size: 1234, Root: strings.Repeat("c0", 32),
		Note: "liaison/in/0123456789abcdef\n1234\nwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=\n\n\u2014 liaison/in/0123456789abcdef AAAAAQ==\n"}
}

// headerJSON returns a valid header JSON with fields changed by edit
// (a nil value deletes the field).
func headerJSON(edit map[string]any) []byte {
	m := map[string]any{
		"v": 1, "id": "01960e3a-7b2c-7d4e-8f00-0123456789ab", "from": "in", "to": "ca",
		"arrangement": testArrangement, "first": 1, "last": 2,
		"created": "2026-03-01T09:30:00Z", "digest": strings.Repeat("0", 64),
	}
	for k, v := range edit {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return b
}

func TestDecode(t *testing.T) {
	ct := make([]byte, minCiphertext)
	sig := make([]byte, 64)
	good := frame(headerJSON(nil), ct, sig)
	hdrWith := func(edit map[string]any) []byte { return frame(headerJSON(edit), ct, sig) }
	rawHdr := func(h string) []byte { return frame([]byte(h), ct, sig) }

	tests := []struct {
		name string
		wire []byte
		want string // "" for success
	}{
		{"OK", good, ""},
		{"ErrEmpty", nil, "bad magic"},
		{"ErrMagic", append([]byte("LSNENV2\n"), good[8:]...), "bad magic"},
		{"ErrOversize", make([]byte, MaxEnvelope+1), "exceeds 16777216"},
		{"ErrTruncatedHeaderLength", good[:10], "truncated header length"},
		{"ErrHeaderLength", append([]byte(envelopeMagic), 0, 0, 0x10, 1), "header length 4097 exceeds 4096"},
		{"ErrTruncatedHeader", good[:20], "truncated header"},
		{"ErrTruncatedCiphertextLength", good[:12+len(headerJSON(nil))+2], "truncated ciphertext length"},
		{"ErrCiphertextLength", append(append(bytes.Clone(good[:12+len(headerJSON(nil))]), 0x7f, 0xff, 0xff, 0xff), 0), "ciphertext length 2147483647 exceeds"},
		{"ErrTruncatedCiphertext", good[:12+len(headerJSON(nil))+4+100], "truncated ciphertext (100 of 1136 bytes)"},
		{"ErrShortCiphertext", frame(headerJSON(nil), ct[:100], sig), "ciphertext length 100 is below the minimum 1136"},
		{"ErrTruncatedSignature", good[:len(good)-1], "truncated signature (63 of 64 bytes)"},
		{"ErrTrailing", append(bytes.Clone(good), 0), "1 bytes after the signature"},
		{"ErrHeaderJSON", rawHdr(`{"v":1`), "header: unexpected end of JSON"},
		{"ErrHeaderNotObject", rawHdr(`[]`), "header: JSON array where an object belongs"},
		{"ErrHeaderTrailing", rawHdr(string(headerJSON(nil)) + `{}`), "header: data after the JSON value"},
		{"ErrUnknownField", hdrWith(map[string]any{"x": 1}), `header: unknown field "x"`},
		{"ErrFieldCase", rawHdr(strings.Replace(string(headerJSON(nil)), `"from"`, `"From"`, 1)), `header: unknown field "From"`},
		{"ErrDuplicateField", rawHdr(strings.Replace(string(headerJSON(nil)), `"to":"ca"`, `"to":"ca","to":"us"`, 1)), `header: duplicate key "to"`},
		{"ErrType", hdrWith(map[string]any{"first": "1"}), "header: first: wrong JSON type string"},
		{"ErrVersion", hdrWith(map[string]any{"v": 2}), "version 2 is not 1"},
		{"ErrID", hdrWith(map[string]any{"id": "abc"}), `id "abc" is not a UUIDv7`},
		{"ErrIDv4", hdrWith(map[string]any{"id": "2f1b8a52-3c7e-4f6a-9b1d-0e2c4a6b8d0f"}), "is not a UUIDv7"},
		{"ErrIDUpper", hdrWith(map[string]any{"id": "01960E3A-7B2C-7D4E-8F00-0123456789AB"}), "is not a UUIDv7"},
		{"ErrFrom", hdrWith(map[string]any{"from": "IN"}), `from "IN" is not a party code`},
		{"ErrTo", hdrWith(map[string]any{"to": nil}), `to "" is not a party code`},
		{"ErrSelf", hdrWith(map[string]any{"to": "in"}), `from and to are both "in"`},
		{"ErrArrangement", hdrWith(map[string]any{"arrangement": "xyz"}), `arrangement "xyz" is not a SHA-256 hex`},
		{"ErrFirst", hdrWith(map[string]any{"first": 0}), "first 0 is below 1"},
		{"ErrLast", hdrWith(map[string]any{"first": 5, "last": 4}), "last 4 is below first 5"},
		{"ErrItems", hdrWith(map[string]any{"first": 1, "last": 10001}), "10001 items exceeds 10000"},
		{"ErrItemsHuge", hdrWith(map[string]any{"first": 1, "last": int64(1) << 62}), "items exceeds 10000"},
		{"ErrCreated", hdrWith(map[string]any{"created": nil}), "created is missing"},
		{"ErrCreatedFormat", hdrWith(map[string]any{"created": "yesterday"}), "header: "},
		{"ErrDigest", hdrWith(map[string]any{"digest": strings.Repeat("A", 64)}), "is not a SHA-256 hex"},
		{"OKCheckpoint", hdrWith(map[string]any{"checkpoint": testCheckpoint()}), ""},
		{"OKCheckpointNoNote", hdrWith(map[string]any{"checkpoint": map[string]any{"size": 0, "root": strings.Repeat("e3", 32)}}), ""},
		{"ErrCheckpointRoot", hdrWith(map[string]any{"checkpoint": map[string]any{"size": 3, "root": "zz"}}), `checkpoint root "zz" is not a SHA-256 hex`},
		{"ErrCheckpointSize", hdrWith(map[string]any{"checkpoint": map[string]any{"size": -1, "root": strings.Repeat("e3", 32)}}), "checkpoint size -1 is negative"},
		{"ErrCheckpointField", hdrWith(map[string]any{"checkpoint": map[string]any{"size": 1, "root": strings.Repeat("e3", 32), "sig": "x"}}), `header: checkpoint: unknown field "sig"`},
		{"ErrCheckpointType", hdrWith(map[string]any{"checkpoint": "liaison/in"}), "header: checkpoint: wrong JSON type string"},
		{"ErrCheckpointLong", hdrWith(map[string]any{"checkpoint": map[string]any{"size": 1, "root": strings.Repeat("e3", 32), "note": strings.Repeat("x", MaxHeader)}}), "header length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Decode(tt.wire)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if e.Header.Last != 2 || len(e.Sig) != 64 || len(e.Ciphertext) != minCiphertext {
					t.Errorf("Decode = %+v", e)
				}
				return
			}
			wantErr(t, err, liaison.EINVALID, tt.want)
			if err != nil && !strings.HasPrefix(err.Error(), "envelope: ") {
				t.Errorf("err = %q, want prefix \"envelope: \"", err)
			}
		})
	}
}
