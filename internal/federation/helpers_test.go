package federation

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hpke"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
)

// fixedKeys are deterministic keys for the sender ("in") and the receiver
// ("ca"), so checked-in fuzz seeds stay valid.
type fixedKeys struct {
	senderSign   ed25519.PrivateKey
	senderPub    ed25519.PublicKey
	receiverSign ed25519.PrivateKey
	receiverPub  ed25519.PublicKey
	receiverHPKE hpke.PrivateKey
	otherHPKE    hpke.PrivateKey
}

// MustFixedKeys returns the deterministic test keys.
func MustFixedKeys(tb testing.TB) fixedKeys {
	tb.Helper()
	seed := func(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
	kem := hpke.MLKEM768X25519()
	rh, err := kem.NewPrivateKey(seed(3))
	if err != nil {
		tb.Fatal(err)
	}
	oh, err := kem.NewPrivateKey(seed(4))
	if err != nil {
		tb.Fatal(err)
	}
	k := fixedKeys{
		senderSign:   ed25519.NewKeyFromSeed(seed(1)),
		receiverSign: ed25519.NewKeyFromSeed(seed(2)),
		receiverHPKE: rh,
		otherHPKE:    oh,
	}
	k.senderPub = k.senderSign.Public().(ed25519.PublicKey)
	k.receiverPub = k.receiverSign.Public().(ed25519.PublicKey)
	return k
}

const testArrangement = "5f1c4c8a0d0a7c4b8b6e8f2e7a3d1c9b0a1f2e3d4c5b6a798877665544332211"

// testHeader returns a complete header for items first..last from in to ca.
func testHeader(first, last int64) Header {
	return Header{
		V:           Version,
		ID:          uuid.Must(uuid.NewV7()).String(),
		From:        "in",
		To:          "ca",
		Arrangement: testArrangement,
		First:       first,
		Last:        last,
		Created:     time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
	}
}

// testItems returns n message items from seq first, each with a body of
// about size bytes.
func testItems(first int64, n, size int) []Item {
	items := make([]Item, n)
	for i := range items {
		body, _ := json.Marshal(map[string]string{"subject": fmt.Sprint("item ", i), "body": strings.Repeat("x", max(size-40, 0))})
		items[i] = Item{
			Seq:  first + int64(i),
			Kind: liaison.KindMessage,
			ID:   uuid.Must(uuid.NewV7()).String(),
			Body: body,
		}
	}
	return items
}

// MustSeal seals items under h from the fixed sender to the fixed receiver.
func MustSeal(tb testing.TB, h Header, items []Item) []byte {
	tb.Helper()
	k := MustFixedKeys(tb)
	wire, err := Seal(h, items, k.senderSign, k.receiverHPKE.PublicKey())
	if err != nil {
		tb.Fatalf("Seal: %v", err)
	}
	return wire
}

// wantErr fails unless err is an EINVALID error whose text contains want.
func wantErr(tb testing.TB, err error, code, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("err = nil, want %s error containing %q", code, want)
	}
	if got := liaison.ErrorCode(err); got != code {
		tb.Errorf("code = %s, want %s (err: %v)", got, code, err)
	}
	if !strings.Contains(err.Error(), want) {
		tb.Errorf("err = %q, want it to contain %q", err, want)
	}
}
