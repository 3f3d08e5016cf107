package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/federation"
)

// cryptoResult is the cost of sealing and opening one envelope size on
// one core.
type cryptoResult struct {
	items, size int
	n           int           // envelopes sealed and opened
	seal, open  time.Duration // total time in each
	cpu         time.Duration // CPU time of the process over the loop
}

func (r cryptoResult) perEnvelope() time.Duration { return (r.seal + r.open) / time.Duration(r.n) }

// runCrypto seals envelopes of items items of about size bytes each from
// one node to another and opens them (Decode, Verify, Open: what the
// receiving node does) for d, on one goroutine with GOMAXPROCS 1, so the
// figure is per core, garbage collection included.
func runCrypto(items, size int, d time.Duration) (cryptoResult, error) {
	res := cryptoResult{items: items, size: size}
	sender, err := federation.GenerateKeys("in", "Bench node in", nil)
	if err != nil {
		return res, err
	}
	receiver, err := federation.GenerateKeys("ca", "Bench node ca", nil)
	if err != nil {
		return res, err
	}
	pub := sender.Signing.Public().(ed25519.PublicKey)
	to := receiver.HPKE.PublicKey()
	arr := sha256.Sum256([]byte("arrangement"))
	its := make([]federation.Item, items)
	for i := range its {
		its[i] = federation.Item{Seq: int64(i + 1), Kind: liaison.KindMessage, ID: uuid.Must(uuid.NewV7()).String(), Body: itemBody(size)}
	}

	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	runtime.GC()
	cpu0 := selfCPU()
	end := time.Now().Add(d)
	for res.n == 0 || time.Now().Before(end) {
		h := federation.Header{V: federation.Version, ID: uuid.Must(uuid.NewV7()).String(), From: "in", To: "ca",
			Arrangement: hex.EncodeToString(arr[:]), First: 1, Last: int64(items), Created: time.Now().UTC()}
		t0 := time.Now()
		wire, err := federation.Seal(h, its, sender.Signing, to)
		if err != nil {
			return res, err
		}
		t1 := time.Now()
		env, err := federation.Decode(wire)
		if err != nil {
			return res, err
		}
		if err := env.Verify(pub); err != nil {
			return res, err
		}
		got, err := env.Open(receiver.HPKE)
		if err != nil {
			return res, err
		}
		t2 := time.Now()
		if len(got) != items {
			return res, fmt.Errorf("opened %d items, sealed %d", len(got), items)
		}
		res.seal += t1.Sub(t0)
		res.open += t2.Sub(t1)
		res.n++
	}
	res.cpu = selfCPU() - cpu0
	return res, nil
}

// itemBody is a message as it travels, about size bytes of JSON.
func itemBody(size int) json.RawMessage {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	m := liaison.Message{
		ID: uuid.Must(uuid.NewV7()).String(), CaseID: uuid.Must(uuid.NewV7()).String(), Subject: "Container CSQU 305438-3",
		Handling: liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, Codes: []string{liaison.CodeLawEnforcementOnly},
			CrimeArea: liaison.AreaDrugs, SourceReliability: "B", InfoCredibility: "2"},
		Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "CSQU3054383"}},
		From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: "Priya Sharma"},
		Created:  at,
	}
	raw, _ := json.Marshal(m)
	if pad := size - len(raw); pad > 0 {
		m.Body = strings.Repeat("x", pad)
		raw, _ = json.Marshal(m)
	}
	return raw
}
