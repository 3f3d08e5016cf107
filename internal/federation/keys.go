package federation

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hpke"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// certValidity is how long a node's self-signed certificate is valid. Peers
// pin the certificate, not a CA, so expiry is a rotation reminder more than
// a defence; five years matches how long arrangements usually run.
const certValidity = 5 * 365 * 24 * time.Hour

// Keys are a node's secrets: what signs envelopes and receipts, what opens
// envelopes sealed to the node, and what authenticates it in TLS.
type Keys struct {
	// Signing signs envelopes, receipts and checkpoints.
	Signing ed25519.PrivateKey
	// HPKE opens envelopes sealed to this node (MLKEM768-X25519).
	HPKE hpke.PrivateKey
	// TLS authenticates the node as server and as client on federation
	// links. Leaf is set.
	TLS tls.Certificate
}

// GenerateKeys makes a new set of keys for the node name of party. The TLS
// certificate names party and name, is valid for five years, and lists
// hosts (IP addresses or DNS names) as well as 127.0.0.1, ::1 and localhost.
// It returns EINVALID for a bad party code, name or host.
func GenerateKeys(party, name string, hosts []string) (*Keys, error) {
	if !liaison.ValidParty(party) {
		return nil, liaison.Errorf(liaison.EINVALID, "generate keys: party %q is not a party code", party)
	}
	if name == "" || len(name) > maxCardName {
		return nil, liaison.Errorf(liaison.EINVALID, "generate keys: name must be 1 to %d bytes", maxCardName)
	}
	_, signing, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate keys: %w", err)
	}
	hk, err := hpke.MLKEM768X25519().GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("generate keys: %w", err)
	}
	cert, err := selfSigned(party, name, hosts, time.Now())
	if err != nil {
		return nil, fmt.Errorf("generate keys: %w", err)
	}
	return &Keys{Signing: signing, HPKE: hk, TLS: cert}, nil
}

// selfSigned makes the node's TLS certificate. The key is ECDSA P-256:
// Go's TLS 1.3 supports it as server and client, and unlike Ed25519 so do
// the reverse proxies and load balancers an operator may put in front.
func selfSigned(party, name string, hosts []string, now time.Time) (tls.Certificate, error) {
	var ips []net.IP
	var dns []string
	for _, h := range append(slices.Clone(hosts), "127.0.0.1", "::1", "localhost") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil {
			if !slices.ContainsFunc(ips, ip.Equal) {
				ips = append(ips, ip)
			}
			continue
		}
		if !validDNSName(h) {
			return tls.Certificate{}, liaison.Errorf(liaison.EINVALID, "host %q is neither an IP address nor a DNS name", h)
		}
		if h = strings.ToLower(h); !slices.Contains(dns, h) {
			dns = append(dns, h)
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   party + " " + name,
			Organization: []string{party},
		},
		NotBefore:             now.Add(-time.Hour), // tolerate a peer's clock being a little behind
		NotAfter:              now.Add(certValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IPAddresses:           ips,
		DNSNames:              dns,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// validDNSName accepts host names of letters, digits, dashes and dots
// (and a leading "*." wildcard), at most 253 bytes.
func validDNSName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	h = strings.TrimPrefix(h, "*.")
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Card returns the node's card: what a peer imports to trust it.
func (k *Keys) Card(party, name, federationURL string) liaison.Card {
	return liaison.Card{
		Party:         party,
		Name:          name,
		FederationURL: federationURL,
		SigningKey:    slices.Clone([]byte(k.Signing.Public().(ed25519.PublicKey))),
		HPKEKey:       k.HPKE.PublicKey().Bytes(),
		CertSHA256:    Fingerprint(k.TLS.Leaf.Raw),
	}
}
