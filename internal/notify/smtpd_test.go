package notify_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpd is a small SMTP server on loopback, speaking enough of RFC 5321
// for net/smtp: EHLO, STARTTLS (when given a certificate), MAIL, RCPT,
// DATA, RSET, NOOP, QUIT. It keeps what it received.
type smtpd struct {
	ln   net.Listener
	tls  *tls.Config // nil: STARTTLS is not offered
	mu   sync.Mutex
	got  []received
	fail int // refuse the next fail RCPTs with 451
	wg   sync.WaitGroup
}

type received struct {
	From, To string
	Data     string
	TLS      bool
}

func startSMTP(tb testing.TB, tc *tls.Config) *smtpd {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &smtpd{ln: ln, tls: tc}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	tb.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpd) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpd) mails() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpd) serve(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 smtpd.test ESMTP")
	var (
		cur    received
		secure bool
	)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			if s.tls != nil && !secure {
				say("250-smtpd.test")
				say("250-8BITMIME")
				say("250 STARTTLS")
			} else {
				say("250-smtpd.test")
				say("250 8BITMIME")
			}
		case "STARTTLS":
			if s.tls == nil || secure {
				say("502 not offered")
				continue
			}
			say("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure = tc, true
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
		case "MAIL":
			cur = received{From: strings.TrimSuffix(strings.TrimPrefix(arg, "FROM:<"), ">"), TLS: secure}
			if i := strings.Index(cur.From, ">"); i >= 0 {
				cur.From = cur.From[:i]
			}
			say("250 ok")
		case "RCPT":
			s.mu.Lock()
			refuse := s.fail > 0
			if refuse {
				s.fail--
			}
			s.mu.Unlock()
			if refuse {
				say("451 try again later")
				continue
			}
			cur.To = strings.TrimSuffix(strings.TrimPrefix(arg, "TO:<"), ">")
			say("250 ok")
		case "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = b.String()
			s.mu.Lock()
			s.got = append(s.got, cur)
			s.mu.Unlock()
			say("250 queued")
		case "RSET", "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("500 unknown command")
		}
	}
}

// selfSigned returns a server configuration for 127.0.0.1 and a client
// configuration that trusts it.
func selfSigned(tb testing.TB) (server, client *tls.Config) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtpd.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}
