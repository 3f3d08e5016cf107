package federation

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/liaison-project/liaison"
)

var update = flag.Bool("update", false, "rewrite the generated fuzz seeds under testdata/fuzz")

// TestWriteSeeds writes the seeds that need keys to make (a sealed
// envelope, a signed receipt, a card) with the fixed test keys. HPKE
// sealing is randomised, so they are generated once and checked in:
//
//	go test -run TestWriteSeeds -update ./internal/federation
func TestWriteSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seeds")
	}
	k := MustFixedKeys(t)
	items := []Item{
		{Seq: 3, Kind: liaison.KindCase, ID: "01960e3a-7b2c-7d4e-8f00-000000000001", Body: json.RawMessage(`{"title":"Precursor shipment","crime_area":"drugs"}`)},
		{Seq: 4, Kind: liaison.KindMessage, ID: "01960e3a-7b2c-7d4e-8f00-000000000002", Body: json.RawMessage(`{"subject":"Container MSCU1234565","body":"Arrives Vancouver 12 March."}`)},
	}
	h := testHeader(3, 4)
	h.ID = "01960e3a-7b2c-7d4e-8f00-0123456789ab"
	writeSeed(t, "FuzzDecodeEnvelope", "sealed", MustSeal(t, h, items))
	h.Checkpoint = testCheckpoint()
	writeSeed(t, "FuzzDecodeEnvelope", "sealed-checkpoint", MustSeal(t, h, items))

	pt, _ := json.Marshal(plaintext{Items: items})
	writeSeed(t, "FuzzDecodeItems", "valid", int64(3), int64(1), pt)

	r := testReceipt()
	r.ID, r.Envelope = "01960e3a-7b2c-7d4e-8f00-0123456789ac", h.ID
	wire, err := SignReceipt(r, k.receiverSign)
	if err != nil {
		t.Fatal(err)
	}
	writeSeed(t, "FuzzDecodeReceipt", "signed", wire)

	card, _ := json.MarshalIndent(liaison.Card{
		Party: "ca", Name: "Ottawa liaison node", FederationURL: "https://liaison.example.ca:8443",
		SigningKey: k.receiverPub, HPKEKey: k.receiverHPKE.PublicKey().Bytes(),
		CertSHA256: strings.Repeat("ab", 32),
	}, "", "  ")
	writeSeed(t, "FuzzDecodeCard", "valid", card)
}

// writeSeed writes one corpus file in the format of go test -fuzz.
func writeSeed(t *testing.T, target, name string, values ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case int64:
			fmt.Fprintf(&b, "int64(%d)\n", v)
		default:
			t.Fatalf("writeSeed: unsupported %T", v)
		}
	}
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSeedsValid checks that the generated seeds still verify, so the
// fuzzers start from inputs that reach the deepest code.
func TestSeedsValid(t *testing.T) {
	k := MustFixedKeys(t)
	for _, name := range []string{"sealed", "sealed-checkpoint"} {
		wire := readSeed(t, "FuzzDecodeEnvelope", name)
		e, err := Decode(wire)
		if err != nil {
			t.Fatalf("Decode(seed %s): %v", name, err)
		}
		if err := e.Verify(k.senderPub); err != nil {
			t.Fatalf("Verify(seed %s): %v", name, err)
		}
		if _, err := e.Open(k.receiverHPKE); err != nil {
			t.Fatalf("Open(seed %s): %v", name, err)
		}
		if got, want := e.Header.Checkpoint != nil, name == "sealed-checkpoint"; got != want {
			t.Errorf("seed %s carries a checkpoint: %v, want %v", name, got, want)
		}
	}
	_, body, sig, err := DecodeReceipt(readSeed(t, "FuzzDecodeReceipt", "signed"))
	if err != nil {
		t.Fatalf("DecodeReceipt(seed): %v", err)
	}
	if err := VerifyReceipt(body, sig, k.receiverPub); err != nil {
		t.Fatalf("VerifyReceipt(seed): %v", err)
	}
	if _, err := DecodeCard(bytes.NewReader(readSeed(t, "FuzzDecodeCard", "valid"))); err != nil {
		t.Fatalf("DecodeCard(seed): %v", err)
	}
}

// readSeed returns the last []byte value of a corpus file.
func readSeed(t *testing.T, target, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fuzz", target, name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	last := lines[len(lines)-1]
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(last, "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s/%s: %v", target, name, err)
	}
	return []byte(s)
}

func FuzzDecodeEnvelope(f *testing.F) {
	k := MustFixedKeys(f)
	ct := make([]byte, minCiphertext)
	f.Add(frame(headerJSON(nil), ct, make([]byte, 64)))
	f.Add(frame(headerJSON(map[string]any{"first": 1, "last": 10000}), ct, make([]byte, 64)))
	f.Add([]byte(envelopeMagic + "\x00\x00\x00\x02{}"))
	f.Add([]byte("LSNENV1\n"))
	f.Add(frame(headerJSON(map[string]any{"checkpoint": testCheckpoint()}), ct, make([]byte, 64)))
	f.Add(frame(headerJSON(map[string]any{"checkpoint": map[string]any{"size": 0, "root": strings.Repeat("e3", 32), "note": ""}}), ct, make([]byte, 64)))
	pub := k.senderPub
	f.Fuzz(func(t *testing.T, wire []byte) {
		e, err := Decode(wire)
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Decode error code %s: %v", liaison.ErrorCode(err), err)
			}
			return
		}
		if got := frame(e.HeaderBytes, e.Ciphertext, e.Sig); !bytes.Equal(got, wire) {
			t.Fatal("Decode parts do not frame back to the input")
		}
		if err := checkHeader(e.Header); err != nil {
			t.Fatalf("Decode accepted a header checkHeader refuses: %v", err)
		}
		verr := e.Verify(pub)
		items, oerr := e.Open(k.receiverHPKE)
		if oerr == nil && int64(len(items)) != e.Header.Last-e.Header.First+1 {
			t.Fatalf("Open returned %d items for seqs %d..%d", len(items), e.Header.First, e.Header.Last)
		}
		for _, err := range []error{verr, oerr} {
			if err != nil && liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("error code %s: %v", liaison.ErrorCode(err), err)
			}
		}
	})
}

// FuzzDecodeItems reaches the parsing of decrypted items, which random
// envelopes never get to through the AEAD.
func FuzzDecodeItems(f *testing.F) {
	f.Add(int64(1), int64(1), []byte(`{"items":[{"seq":1,"kind":"case","id":"a","body":{}}]}`))
	f.Add(int64(1), int64(0), []byte(`{"items":[{"seq":1,"kind":"case","id":"a","body":{"a":[1,{"b":null}]},"seq":2}]}`))
	f.Fuzz(func(t *testing.T, first, extra int64, pt []byte) {
		first = max(1, first%1_000_000_000)
		h := testHeader(first, first+max(0, extra%16))
		items, err := decodeItems(h, pt)
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("error code %s: %v", liaison.ErrorCode(err), err)
			}
			return
		}
		if err := checkItems(h, items); err != nil {
			t.Fatalf("decodeItems accepted items checkItems refuses: %v", err)
		}
		// What was accepted must survive a Seal and Open unchanged.
		k := MustFixedKeys(t)
		wire, err := Seal(h, items, k.senderSign, k.receiverHPKE.PublicKey())
		if err != nil {
			t.Fatalf("Seal of accepted items: %v", err)
		}
		e, err := Decode(wire)
		if err != nil {
			t.Fatalf("Decode of sealed items: %v", err)
		}
		got, err := e.Open(k.receiverHPKE)
		if err != nil {
			t.Fatalf("Open of sealed items: %v", err)
		}
		if len(got) != len(items) {
			t.Fatalf("Open returned %d items, sealed %d", len(got), len(items))
		}
	})
}

func FuzzDecodeReceipt(f *testing.F) {
	k := MustFixedKeys(f)
	f.Add(receiptFrame([]byte(`{"v":1}`), make([]byte, 64)))
	f.Add(receiptFrame([]byte(`{"v":1,"id":"01960e3a-7b2c-7d4e-8f00-0123456789ab","envelope":"01960e3a-7b2c-7d4e-8f00-0123456789ac","from":"ca","to":"in","items":[],"last_seq":0,"time":"2026-03-01T09:31:00Z"}`), make([]byte, 64)))
	pub := k.receiverPub
	f.Fuzz(func(t *testing.T, wire []byte) {
		body, bodyBytes, sig, err := DecodeReceipt(wire)
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("DecodeReceipt error code %s: %v", liaison.ErrorCode(err), err)
			}
			return
		}
		if got := receiptFrame(bodyBytes, sig); !bytes.Equal(got, wire) {
			t.Fatal("DecodeReceipt parts do not frame back to the input")
		}
		if err := checkReceipt(body); err != nil {
			t.Fatalf("DecodeReceipt accepted a body checkReceipt refuses: %v", err)
		}
		if err := VerifyReceipt(bodyBytes, sig, pub); err != nil && liaison.ErrorCode(err) != liaison.EINVALID {
			t.Fatalf("VerifyReceipt error code %s: %v", liaison.ErrorCode(err), err)
		}
		// An accepted body re-signed decodes to the same body.
		again, err := SignReceipt(body, k.receiverSign)
		if err != nil {
			t.Fatalf("SignReceipt of an accepted body: %v", err)
		}
		got, _, _, err := DecodeReceipt(again)
		if err != nil {
			t.Fatalf("DecodeReceipt of a re-signed body: %v", err)
		}
		if diff := cmp.Diff(body, got, cmpopts.EquateEmpty(), cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Fatalf("re-signed body differs (-first +second):\n%s", diff)
		}
	})
}

func FuzzDecodeCard(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"party":"in","name":"n","federation_url":"https://a","signing_key":"","hpke_key":"","cert_sha256":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCard(bytes.NewReader(data))
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("DecodeCard error code %s: %v", liaison.ErrorCode(err), err)
			}
			return
		}
		if err := CheckCard(c); err != nil {
			t.Fatalf("DecodeCard accepted a card CheckCard refuses: %v", err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeCard(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("DecodeCard of a re-encoded card: %v", err)
		}
		if diff := cmp.Diff(c, again); diff != "" {
			t.Fatalf("re-encoded card differs (-first +second):\n%s", diff)
		}
	})
}
