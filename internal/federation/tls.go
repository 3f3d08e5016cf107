package federation

import (
	"crypto/tls"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// keyExchanges is the only TLS key exchange federation links accept:
// hybrid X25519 + ML-KEM-768, so a recording of today's traffic stays
// secret from a future quantum computer. Both ends run this software, so
// there is no older peer to fall back for.
var keyExchanges = []tls.CurveID{tls.X25519MLKEM768}

// ServerTLS returns the TLS configuration of the federation listener: TLS
// 1.3 only, hybrid post-quantum key exchange only, and a client
// certificate required whose SHA-256 fingerprint trusted maps to a known
// peer. trusted is asked on every handshake, resumptions included, so a
// peer removed from the trust list is refused from then on.
func ServerTLS(k *Keys, trusted func(fingerprint string) (party string, ok bool)) *tls.Config {
	return &tls.Config{
		MinVersion:       tls.VersionTLS13,
		MaxVersion:       tls.VersionTLS13,
		CurvePreferences: keyExchanges,
		Certificates:     []tls.Certificate{k.TLS},
		// Any certificate is requested and none is checked against a CA:
		// peers are pinned by fingerprint in VerifyConnection instead.
		ClientAuth: tls.RequireAnyClientCert,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return liaison.Errorf(liaison.EUNAUTHORIZED, "federation: no client certificate")
			}
			fp := Fingerprint(cs.PeerCertificates[0].Raw)
			if _, ok := trusted(fp); !ok {
				return liaison.Errorf(liaison.EUNAUTHORIZED, "federation: client certificate sha256:%s is not a known peer", fp)
			}
			return nil
		},
	}
}

// serverTLS is ServerTLS with failed handshakes limited per remote
// address (see limitHandshakes).
func (f *Federation) serverTLS() *tls.Config {
	return limitHandshakes(ServerTLS(f.keys, f.trusted), f.handshakes, f.opts.Now, f.log)
}

// limitHandshakes returns base, a configuration from ServerTLS, with
// failed handshakes counted per remote address in l: an address out of
// allowance is refused at its hello, before the key exchange costs
// anything, and logged once per episode. A hello without a certificate
// is let through to base's VerifyConnection, which refuses it as before,
// so that it is counted too.
func limitHandshakes(base *tls.Config, l *node.Limiter, now func() time.Time, log *slog.Logger) *tls.Config {
	cfg := base.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		remote := hello.Conn.RemoteAddr().String()
		key := node.AddressKey(remote)
		if wait, first := l.Check(key, now()); wait > 0 {
			if first {
				log.Warn("federation: refusing handshakes from an address that failed too often", "remote", remote, "for", wait)
			}
			return nil, errors.New("federation: too many failed handshakes from " + key)
		}
		c := base.Clone()
		c.ClientAuth = tls.RequestClientCert
		c.VerifyConnection = func(cs tls.ConnectionState) error {
			err := base.VerifyConnection(cs)
			if err != nil {
				l.Spend(key, now())
			}
			return err
		}
		return c, nil
	}
	return cfg
}

// PeerParty returns the party of the peer on an accepted connection, by
// the fingerprint of its client certificate.
func PeerParty(cs tls.ConnectionState, trusted func(fingerprint string) (party string, ok bool)) (string, bool) {
	if len(cs.PeerCertificates) == 0 {
		return "", false
	}
	return trusted(Fingerprint(cs.PeerCertificates[0].Raw))
}

// ClientTLS returns the TLS configuration for connecting to the peer whose
// card gave peerFingerprint. It presents this node's certificate and
// accepts the server only if its certificate has exactly that fingerprint.
//
// InsecureSkipVerify turns off CA chain and host name checks, which mean
// nothing here: peers use self-signed certificates exchanged out of band
// in their cards, and no public CA has a say in who is the other party.
// The pin in VerifyConnection is the whole of server authentication, and
// it is stricter than a CA check: only one certificate is accepted.
func ClientTLS(k *Keys, peerFingerprint string) *tls.Config {
	pin := strings.ToLower(peerFingerprint)
	return &tls.Config{
		MinVersion:         tls.VersionTLS13,
		MaxVersion:         tls.VersionTLS13,
		CurvePreferences:   keyExchanges,
		Certificates:       []tls.Certificate{k.TLS},
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return liaison.Errorf(liaison.EUNAUTHORIZED, "federation: server sent no certificate")
			}
			if fp := Fingerprint(cs.PeerCertificates[0].Raw); fp != pin {
				return liaison.Errorf(liaison.EUNAUTHORIZED, "federation: server certificate sha256:%s does not match the pinned sha256:%s", fp, pin)
			}
			return nil
		},
	}
}
