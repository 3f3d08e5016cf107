package selector

import (
	"fmt"
	"strings"
)

// Bech32 (BIP-173) and bech32m (BIP-350), as used by Bitcoin segwit
// addresses.
const (
	bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	bech32Const   = 1
	bech32mConst  = 0x2bc830a3
)

// segwit checks a mainnet segwit address ("bc1...") and returns it in lower
// case: the checksum, the witness version, the program length, and that
// version 0 uses bech32 and later versions bech32m.
func segwit(v string) (string, string) {
	if len(v) > 90 {
		return "", fmt.Sprintf("a bech32 address has at most 90 characters, %s has %d", quote(v), len(v))
	}
	lower := strings.ToLower(v)
	if lower != v && strings.ToUpper(v) != v {
		return "", fmt.Sprintf("%s mixes upper and lower case, which bech32 forbids", quote(v))
	}
	sep := strings.LastIndexByte(lower, '1')
	hrp, rest := lower[:sep], lower[sep+1:]
	if len(rest) < 7 {
		return "", fmt.Sprintf("%s is too short for a bech32 address", quote(v))
	}
	data := make([]byte, len(rest))
	for i := 0; i < len(rest); i++ {
		d := strings.IndexByte(bech32Charset, rest[i])
		if d < 0 {
			return "", fmt.Sprintf("%s has %q, which is not a bech32 character", quote(v), rune(rest[i]))
		}
		data[i] = byte(d)
	}
	if hrp != "bc" {
		return "", fmt.Sprintf("%s is not a Bitcoin mainnet address (prefix %q, want \"bc\")", quote(v), hrp)
	}
	version := data[0]
	var want uint32 = bech32Const
	if version > 0 {
		want = bech32mConst
	}
	if got := bech32Polymod(hrp, data); got != want {
		if got == bech32Const || got == bech32mConst {
			return "", fmt.Sprintf("%s has a %s checksum, but witness version %d needs %s", quote(v), variant(got), version, variant(want))
		}
		return "", fmt.Sprintf("invalid bech32 checksum in %s: a character is wrong", quote(v))
	}
	if version > 16 {
		return "", fmt.Sprintf("%s has witness version %d; the highest is 16", quote(v), version)
	}
	program, ok := convertBits(data[1 : len(data)-6])
	switch {
	case !ok:
		return "", fmt.Sprintf("%s has a witness program that does not decode to whole bytes", quote(v))
	case len(program) < 2 || len(program) > 40:
		return "", fmt.Sprintf("%s has a witness program of %d bytes; it must be 2 to 40", quote(v), len(program))
	case version == 0 && len(program) != 20 && len(program) != 32:
		return "", fmt.Sprintf("%s has a version 0 witness program of %d bytes; it must be 20 or 32", quote(v), len(program))
	}
	return lower, ""
}

func variant(c uint32) string {
	if c == bech32Const {
		return "bech32"
	}
	return "bech32m"
}

// bech32Polymod computes the BCH checksum over the expanded prefix and the
// data, checksum included: the result is the variant's constant when the
// checksum is right.
func bech32Polymod(hrp string, data []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v byte) {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range gen {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] >> 5)
	}
	step(0)
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] & 31)
	}
	for _, v := range data {
		step(v)
	}
	return chk
}

// convertBits regroups 5-bit values into bytes, refusing padding of more
// than four bits or padding that is not zero.
func convertBits(data []byte) ([]byte, bool) {
	var acc uint32
	var bits uint
	var out []byte
	for _, v := range data {
		acc = acc<<5 | uint32(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || (acc<<(8-bits))&0xff != 0 {
		return nil, false
	}
	return out, true
}
