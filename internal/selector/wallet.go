package selector

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
)

// walletForms names the supported address forms, for error messages.
var walletForms = []string{
	"Bitcoin legacy (1... or 3..., base58check)",
	"Bitcoin segwit (bc1..., bech32 or bech32m)",
	"Ethereum (0x and 40 hex digits)",
	"Tron (T..., base58check)",
}

// Version bytes of base58check addresses.
const (
	versionP2PKH = 0x00 // Bitcoin, "1..."
	versionP2SH  = 0x05 // Bitcoin, "3..."
	versionTron  = 0x41 // Tron, "T..."
)

// wallet recognises the address by its form and verifies its checksum.
// Base58 addresses are case-sensitive and kept as written; bech32 is
// written in lower case and Ethereum in lower-case hex (EIP-55 mixed-case
// checksums are not verified: that needs Keccak-256).
func wallet(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := e.Value
	var out, problem string
	switch {
	case len(v) > 128:
		problem = fmt.Sprintf("a wallet address of %d bytes, longer than any supported form", len(v))
	case strings.HasPrefix(v, "0x") || strings.HasPrefix(v, "0X"):
		out, problem = ethereum(v)
	case strings.HasPrefix(strings.ToLower(v), "bc1"):
		out, problem = segwit(v)
	case strings.HasPrefix(v, "T"):
		out, problem = base58Address(v, "Tron", versionTron)
	case strings.HasPrefix(v, "1"):
		out, problem = base58Address(v, "Bitcoin", versionP2PKH)
	case strings.HasPrefix(v, "3"):
		out, problem = base58Address(v, "Bitcoin", versionP2SH)
	default:
		problem = fmt.Sprintf("%s is not a supported wallet address", quote(v))
	}
	if problem != "" {
		f.Add("value", problem, walletForms...)
		return
	}
	e.Value = out
}

func ethereum(v string) (string, string) {
	hex := v[2:]
	if len(hex) != 40 {
		return "", fmt.Sprintf("an Ethereum address has 40 hex digits after 0x, %s has %d", quote(v), len(hex))
	}
	for i := 0; i < len(hex); i++ {
		if !isHex(hex[i]) {
			return "", fmt.Sprintf("%s has %q, which is not a hex digit", quote(v), rune(hex[i]))
		}
	}
	return "0x" + strings.ToLower(hex), ""
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// base58Address checks a base58check address of 25 bytes: a version byte,
// a 20-byte hash and a 4-byte checksum (the first bytes of SHA-256 twice).
func base58Address(v, network string, version byte) (string, string) {
	if len(v) < 26 || len(v) > 35 {
		return "", fmt.Sprintf("a %s address has 26 to 35 characters, %s has %d", network, quote(v), len(v))
	}
	b, bad := base58Decode(v)
	if bad >= 0 {
		return "", fmt.Sprintf("%s has %q, which is not a base58 character", quote(v), rune(v[bad]))
	}
	if len(b) != 25 {
		return "", fmt.Sprintf("%s decodes to %d bytes, not the 25 of a %s address", quote(v), len(b), network)
	}
	if b[0] != version {
		return "", fmt.Sprintf("%s has version byte 0x%02x, not the 0x%02x of a %s address", quote(v), b[0], version, network)
	}
	if !bytes.Equal(checksum(b[:21]), b[21:]) {
		return "", fmt.Sprintf("invalid base58check checksum in %s: a character is wrong", quote(v))
	}
	return v, ""
}

// checksum is the base58check checksum: the first four bytes of
// SHA-256(SHA-256(payload)).
func checksum(payload []byte) []byte {
	h := sha256.Sum256(payload)
	h = sha256.Sum256(h[:])
	return h[:4]
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Decode decodes Bitcoin's base58. It returns the index of the first
// character outside the alphabet, or -1.
func base58Decode(s string) ([]byte, int) {
	var out []byte // big-endian, without the leading zeros
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base58Alphabet, s[i])
		if d < 0 {
			return nil, i
		}
		carry := d
		for j := len(out) - 1; j >= 0; j-- {
			carry += int(out[j]) * 58
			out[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			out = append([]byte{byte(carry)}, out...)
			carry >>= 8
		}
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	return append(make([]byte, zeros), out...), -1
}
