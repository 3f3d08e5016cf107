package federation

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
)

func testReceipt() ReceiptBody {
	return ReceiptBody{
		V:        Version,
		ID:       uuid.Must(uuid.NewV7()).String(),
		Envelope: uuid.Must(uuid.NewV7()).String(),
		From:     "ca",
		To:       "in",
		Items: []Outcome{
			{Seq: 7, ID: "m1", Status: liaison.InboundStored},
			{Seq: 8, ID: "m2", Status: liaison.InboundRefused, Reason: "crime area <fraud> is outside the arrangement"},
			{Seq: 9, ID: "m3", Status: liaison.InboundDuplicate},
		},
		LastSeq: 9,
		Time:    time.Date(2026, 3, 1, 9, 31, 0, 0, time.UTC),
		Checkpoint: &Checkpoint{Size: 1234, Root: strings.Repeat("c0", 32),
			Note: "liaison/ca/0123456789abcdef\n1234\nwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=\n\n\u2014 liaison/ca/0123456789abcdef AAAAAQ==\n"},
	}
}

func TestReceiptRoundTrip(t *testing.T) {
	k := MustFixedKeys(t)
	b := testReceipt()
	wire, err := SignReceipt(b, k.receiverSign)
	if err != nil {
		t.Fatalf("SignReceipt: %v", err)
	}
	got, body, sig, err := DecodeReceipt(wire)
	if err != nil {
		t.Fatalf("DecodeReceipt: %v", err)
	}
	if diff := cmp.Diff(b, got); diff != "" {
		t.Errorf("DecodeReceipt (-signed +got):\n%s", diff)
	}
	if err := VerifyReceipt(body, sig, k.receiverPub); err != nil {
		t.Errorf("VerifyReceipt: %v", err)
	}
	if !bytes.Contains(body, []byte("<fraud>")) {
		t.Errorf("body escapes HTML: %s", body)
	}
	wantErr(t, VerifyReceipt(body, sig, k.senderPub), liaison.EINVALID, "receipt: bad signature")
	wantErr(t, VerifyReceipt(body, sig, nil), liaison.EINVALID, "not Ed25519")
}

func TestReceiptTamper(t *testing.T) {
	k := MustFixedKeys(t)
	wire, err := SignReceipt(testReceipt(), k.receiverSign)
	if err != nil {
		t.Fatal(err)
	}
	pub := k.receiverPub
	// Change the checkpoint size 1234 to 1235: the body still decodes,
	// only the signature can tell.
	at := bytes.Index(wire, []byte(`"size":1234`)) + len(`"size":123`)
	for _, tt := range []struct {
		name string
		pos  int
	}{{"Body", at}, {"Signature", len(wire) - 1}} {
		t.Run(tt.name, func(t *testing.T) {
			w := bytes.Clone(wire)
			w[tt.pos] ^= 0x01
			_, body, sig, err := DecodeReceipt(w)
			if err != nil {
				t.Fatalf("DecodeReceipt: %v", err)
			}
			wantErr(t, VerifyReceipt(body, sig, pub), liaison.EINVALID, "receipt: bad signature")
		})
	}
}

func TestSignReceiptTruncatesReason(t *testing.T) {
	k := MustFixedKeys(t)
	b := testReceipt()
	b.Items[1].Reason = strings.Repeat("é", MaxReason) // 2 bytes each
	wire, err := SignReceipt(b, k.receiverSign)
	if err != nil {
		t.Fatalf("SignReceipt: %v", err)
	}
	got, _, _, err := DecodeReceipt(wire)
	if err != nil {
		t.Fatalf("DecodeReceipt: %v", err)
	}
	if r := got.Items[1].Reason; len(r) != MaxReason || r != strings.Repeat("é", MaxReason/2) {
		t.Errorf("reason = %d bytes, want %d whole runes", len(r), MaxReason)
	}
	if len(testReceipt().Items[1].Reason) == MaxReason*2 {
		t.Error("SignReceipt changed the caller's items")
	}
}

func receiptFrame(body []byte, sig []byte) []byte {
	w := []byte(receiptMagic)
	w = binary.BigEndian.AppendUint32(w, uint32(len(body)))
	return append(append(w, body...), sig...)
}

func TestDecodeReceipt(t *testing.T) {
	sig := make([]byte, 64)
	good := `{"v":1,"id":"01960e3a-7b2c-7d4e-8f00-0123456789ab","envelope":"01960e3a-7b2c-7d4e-8f00-0123456789ac","from":"ca","to":"in","items":[{"seq":1,"id":"a","status":"stored"}],"last_seq":1,"time":"2026-03-01T09:31:00Z"}`
	edit := func(old, new string) []byte { return receiptFrame([]byte(strings.Replace(good, old, new, 1)), sig) }
	tests := []struct {
		name string
		wire []byte
		want string
	}{
		{"OK", receiptFrame([]byte(good), sig), ""},
		{"ErrMagic", []byte("LSNENV1\n"), "bad magic"},
		{"ErrOversize", make([]byte, MaxReceipt+1), "exceeds 4194304"},
		{"ErrTruncatedLength", []byte(receiptMagic + "\x00\x00"), "truncated body length"},
		{"ErrTruncatedBody", receiptFrame([]byte(good), sig)[:50], "truncated body"},
		{"ErrTruncatedSignature", receiptFrame([]byte(good), sig[:10]), "truncated signature (10 of 64 bytes)"},
		{"ErrTrailing", receiptFrame([]byte(good), append(sig, 1, 2)), "2 bytes after the signature"},
		{"ErrJSON", receiptFrame([]byte(`{"v":`), sig), "receipt: body: v: unexpected end of JSON"},
		{"ErrUnknownField", edit(`"v":1`, `"v":1,"extra":true`), `unknown field "extra"`},
		{"ErrDuplicate", edit(`"from":"ca"`, `"from":"ca","from":"us"`), `duplicate key "from"`},
		{"ErrNestedField", edit(`"status":"stored"`, `"status":"stored","Status":"refused"`), `body: items[0]: unknown field "Status"`},
		{"ErrVersion", edit(`"v":1`, `"v":0`), "version 0 is not 1"},
		{"ErrID", edit(`"id":"01960e3a-7b2c-7d4e-8f00-0123456789ab"`, `"id":"x"`), `id "x" is not a UUIDv7`},
		{"ErrEnvelope", edit(`"envelope":"01960e3a-7b2c-7d4e-8f00-0123456789ac"`, `"envelope":""`), "envelope \"\" is not a UUIDv7"},
		{"ErrFrom", edit(`"from":"ca"`, `"from":"c"`), `from "c" is not a party code`},
		{"ErrSelf", edit(`"to":"in"`, `"to":"ca"`), "from and to are both"},
		{"ErrSeqOrder", edit(`[{"seq":1,"id":"a","status":"stored"}]`, `[{"seq":2,"id":"a","status":"stored"},{"seq":2,"id":"b","status":"stored"}]`), "item 1: seq 2 does not follow 2"},
		{"ErrStatus", edit(`"stored"`, `"lost"`), `unknown status "lost"`},
		{"ErrRefusedNoReason", edit(`"stored"`, `"refused"`), "refused without a reason"},
		{"ErrReasonLong", edit(`"stored"`, `"refused","reason":"`+strings.Repeat("r", MaxReason+1)+`"`), "reason longer than 300 bytes"},
		{"ErrItemID", edit(`"id":"a"`, `"id":""`), "id must be 1 to 64 bytes"},
		{"ErrLastSeq", edit(`"last_seq":1`, `"last_seq":-1`), "last_seq -1 is negative"},
		{"ErrTime", edit(`,"time":"2026-03-01T09:31:00Z"`, ``), "time is missing"},
		{"ErrCheckpoint", edit(`"last_seq":1`, `"last_seq":1,"checkpoint":{"size":3,"root":"zz"}`), `checkpoint root "zz" is not a SHA-256 hex`},
		{"ErrCheckpointNote", edit(`"last_seq":1`, `"last_seq":1,"checkpoint":{"size":3,"root":"`+strings.Repeat("ab", 32)+`","note":"`+strings.Repeat("x", MaxCheckpointNote+1)+`"}`), `checkpoint note longer than 4096 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body, gotSig, err := DecodeReceipt(tt.wire)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("DecodeReceipt: %v", err)
				}
				if string(body) != good || len(gotSig) != 64 {
					t.Errorf("DecodeReceipt body = %s, sig %d bytes", body, len(gotSig))
				}
				return
			}
			wantErr(t, err, liaison.EINVALID, tt.want)
			if err != nil && !strings.HasPrefix(err.Error(), "receipt: ") {
				t.Errorf("err = %q, want prefix \"receipt: \"", err)
			}
		})
	}
}

func TestSignReceiptRefuses(t *testing.T) {
	k := MustFixedKeys(t)
	b := testReceipt()
	b.Items[0].Status = "maybe"
	_, err := SignReceipt(b, k.receiverSign)
	wantErr(t, err, liaison.EINVALID, `unknown status "maybe"`)
	_, err = SignReceipt(testReceipt(), nil)
	wantErr(t, err, liaison.EINVALID, "signing key is not Ed25519")
}
