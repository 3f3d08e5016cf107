package federation

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison/internal/node"
)

// handshake runs a real TLS handshake over loopback TCP between a server
// with serverCfg and a client with clientCfg. It returns both ends'
// errors; on success the client has written "ping" and read "pong".
func handshake(t *testing.T, serverCfg, clientCfg *tls.Config) (server, client tls.ConnectionState, serr, cerr error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	type result struct {
		cs  tls.ConnectionState
		err error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			done <- result{err: err}
			return
		}
		defer conn.Close()
		tc := tls.Server(conn, serverCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			done <- result{err: err}
			return
		}
		buf := make([]byte, 4)
		if _, err := io.ReadFull(tc, buf); err != nil {
			done <- result{tc.ConnectionState(), err}
			return
		}
		_, err = tc.Write([]byte("pong"))
		done <- result{tc.ConnectionState(), err}
	}()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tc := tls.Client(conn, clientCfg)
	cerr = tc.HandshakeContext(ctx)
	if cerr == nil {
		// In TLS 1.3 the server judges the client certificate after the
		// client's handshake is done: its verdict shows on the first read.
		if _, cerr = tc.Write([]byte("ping")); cerr == nil {
			buf := make([]byte, 4)
			_, cerr = io.ReadFull(tc, buf)
		}
		client = tc.ConnectionState()
	}
	if cerr != nil {
		conn.Close() // unblock the server
	}
	r := <-done
	return r.cs, client, r.err, cerr
}

func TestMutualTLS(t *testing.T) {
	in, ca, stranger := MustKeys(t, 0), MustKeys(t, 1), MustKeys(t, 2)
	// The server is ca's node; it trusts only in.
	trusted := func(fp string) (string, bool) {
		if fp == Fingerprint(in.TLS.Leaf.Raw) {
			return "in", true
		}
		return "", false
	}
	caFP := Fingerprint(ca.TLS.Leaf.Raw)

	t.Run("OK", func(t *testing.T) {
		s, c, serr, cerr := handshake(t, ServerTLS(ca, trusted), ClientTLS(in, caFP))
		if serr != nil || cerr != nil {
			t.Fatalf("handshake: server %v, client %v", serr, cerr)
		}
		for side, cs := range map[string]tls.ConnectionState{"server": s, "client": c} {
			if cs.Version != tls.VersionTLS13 {
				t.Errorf("%s Version = %x, want TLS 1.3", side, cs.Version)
			}
			if cs.CurveID != tls.X25519MLKEM768 {
				t.Errorf("%s CurveID = %v, want X25519MLKEM768", side, cs.CurveID)
			}
		}
		if party, ok := PeerParty(s, trusted); !ok || party != "in" {
			t.Errorf("PeerParty = %q, %v, want in, true", party, ok)
		}
		if len(c.PeerCertificates) == 0 || Fingerprint(c.PeerCertificates[0].Raw) != caFP {
			t.Error("client did not see the server's certificate")
		}
	})

	t.Run("ErrUnknownClient", func(t *testing.T) {
		_, _, serr, cerr := handshake(t, ServerTLS(ca, trusted), ClientTLS(stranger, caFP))
		want := "client certificate sha256:" + Fingerprint(stranger.TLS.Leaf.Raw) + " is not a known peer"
		if serr == nil || !strings.Contains(serr.Error(), want) {
			t.Errorf("server err = %v, want %q", serr, want)
		}
		if cerr == nil {
			t.Error("client err = nil, want the server's refusal")
		}
	})

	t.Run("ErrNoClientCert", func(t *testing.T) {
		cfg := ClientTLS(in, caFP)
		cfg.Certificates = nil
		_, _, serr, cerr := handshake(t, ServerTLS(ca, trusted), cfg)
		if serr == nil || cerr == nil {
			t.Errorf("handshake without client certificate: server %v, client %v; want both to fail", serr, cerr)
		}
	})

	t.Run("ErrWrongPin", func(t *testing.T) {
		wrong := Fingerprint(stranger.TLS.Leaf.Raw)
		_, _, serr, cerr := handshake(t, ServerTLS(ca, trusted), ClientTLS(in, wrong))
		want := "server certificate sha256:" + caFP + " does not match the pinned sha256:" + wrong
		if cerr == nil || !strings.Contains(cerr.Error(), want) {
			t.Errorf("client err = %v, want %q", cerr, want)
		}
		if serr == nil {
			t.Error("server err = nil, want the handshake to fail")
		}
	})

	t.Run("ErrClassicalKeyExchange", func(t *testing.T) {
		cfg := ClientTLS(in, caFP)
		cfg.CurvePreferences = []tls.CurveID{tls.X25519}
		_, _, serr, cerr := handshake(t, ServerTLS(ca, trusted), cfg)
		if serr == nil || cerr == nil {
			t.Errorf("X25519-only client: server %v, client %v; want both to fail", serr, cerr)
		}
	})

	t.Run("ErrTLS12", func(t *testing.T) {
		cfg := ClientTLS(in, caFP)
		cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
		cfg.CurvePreferences = nil
		_, _, serr, cerr := handshake(t, ServerTLS(ca, trusted), cfg)
		if serr == nil || cerr == nil {
			t.Errorf("TLS 1.2 client: server %v, client %v; want both to fail", serr, cerr)
		}
	})
}

// TestHandshakeLimit: an address whose handshakes failed too often (a
// stranger's certificate, none at all) is refused at its hello, a known
// peer's too, until its allowance comes back on the injected clock.
func TestHandshakeLimit(t *testing.T) {
	in, ca, stranger := MustKeys(t, 0), MustKeys(t, 1), MustKeys(t, 2)
	trusted := func(fp string) (string, bool) { return "in", fp == Fingerprint(in.TLS.Leaf.Raw) }
	caFP := Fingerprint(ca.TLS.Leaf.Raw)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	server := limitHandshakes(ServerTLS(ca, trusted), node.NewLimiter(2, time.Minute), func() time.Time { return now }, slog.New(slog.DiscardHandler))
	noCert := ClientTLS(in, caFP)
	noCert.Certificates = nil

	if _, _, serr, cerr := handshake(t, server, ClientTLS(in, caFP)); serr != nil || cerr != nil {
		t.Fatalf("peer's handshake: server %v, client %v", serr, cerr)
	}
	for _, c := range []*tls.Config{ClientTLS(stranger, caFP), noCert} {
		_, _, serr, _ := handshake(t, server, c)
		if serr == nil || strings.Contains(serr.Error(), "too many") {
			t.Fatalf("failing handshake: server %v, want it refused by VerifyConnection", serr)
		}
	}
	_, _, serr, cerr := handshake(t, server, ClientTLS(in, caFP))
	if serr == nil || !strings.Contains(serr.Error(), "too many failed handshakes from 127.0.0.1") || cerr == nil {
		t.Fatalf("peer's handshake after 2 failures: server %v, client %v; want both refused", serr, cerr)
	}
	now = now.Add(30 * time.Second)
	if _, _, serr, cerr := handshake(t, server, ClientTLS(in, caFP)); serr != nil || cerr != nil {
		t.Fatalf("peer's handshake 30 s later: server %v, client %v", serr, cerr)
	}
}
