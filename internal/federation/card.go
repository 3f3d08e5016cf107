package federation

import (
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"unicode/utf8"

	"github.com/liaison-project/liaison"
)

// Limits on a card from outside.
const (
	// MaxCard is the largest card JSON DecodeCard reads.
	MaxCard     = 64 << 10
	maxCardName = 200
)

// Fingerprint returns the lower-case hex SHA-256 of a DER certificate: how
// cards and TLS pinning name a node's certificate.
func Fingerprint(certDER []byte) string {
	sum := sha256.Sum256(certDER)
	return hex.EncodeToString(sum[:])
}

// CheckCard checks a card received from outside before it is trusted. It
// returns EINVALID listing every field that is wrong, by its JSON name.
func CheckCard(c liaison.Card) error {
	var f liaison.Fields
	if !liaison.ValidParty(c.Party) {
		f.Add("party", fmt.Sprintf("%q is not a party code (2 to 8 lower-case letters)", short(c.Party)))
	}
	switch {
	case c.Name == "":
		f.Add("name", "is empty")
	case len(c.Name) > maxCardName:
		f.Add("name", fmt.Sprintf("longer than %d bytes", maxCardName))
	case !utf8.ValidString(c.Name):
		f.Add("name", "is not UTF-8")
	}
	if problem := checkFederationURL(c.FederationURL); problem != "" {
		f.Add("federation_url", problem)
	}
	if len(c.SigningKey) != ed25519.PublicKeySize {
		f.Add("signing_key", fmt.Sprintf("is %d bytes, want an Ed25519 key of %d", len(c.SigningKey), ed25519.PublicKeySize))
	}
	if _, err := hpke.MLKEM768X25519().NewPublicKey(c.HPKEKey); err != nil {
		f.Add("hpke_key", fmt.Sprintf("is not an HPKE MLKEM768-X25519 public key (%d bytes)", len(c.HPKEKey)))
	}
	if !validHex64(c.CertSHA256) {
		f.Add("cert_sha256", "is not 64 lower-case hex digits")
	}
	return f.Err()
}

func checkFederationURL(s string) string {
	if s == "" {
		return "is empty"
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "https":
		return "must be https://"
	case u.Host == "" || u.Hostname() == "":
		return "has no host"
	case u.User != nil:
		return "must not carry a user name or password"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a query or fragment"
	}
	return ""
}

// DecodeCard reads a card (JSON, at most [MaxCard] bytes, no unknown or
// repeated fields) and checks it with [CheckCard]. Errors are EINVALID.
func DecodeCard(r io.Reader) (liaison.Card, error) {
	var c liaison.Card
	data, err := io.ReadAll(io.LimitReader(r, MaxCard+1))
	if err != nil {
		return c, fmt.Errorf("decode card: %w", err)
	}
	if len(data) > MaxCard {
		return c, liaison.Errorf(liaison.EINVALID, "card: larger than %d bytes", MaxCard)
	}
	if err := decodeStrict(data, &c); err != nil {
		return liaison.Card{}, liaison.Errorf(liaison.EINVALID, "card: %v", err)
	}
	if err := CheckCard(c); err != nil {
		return liaison.Card{}, err
	}
	return c, nil
}
