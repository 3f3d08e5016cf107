package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/liaison-project/liaison/internal/taxii"
)

// taxiiFlags are the flags liaison taxii pull and push share: the server,
// the collection and how to authenticate.
type taxiiFlags struct {
	url, collection, user, ca string
	passwordStdin, tokenStdin bool
	timeout                   time.Duration
}

func (f *taxiiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "url", "", "the TAXII 2.1 server: an API root's URL, or a discovery URL whose default API root is used")
	fs.StringVar(&f.collection, "collection", "", "the server's collection id")
	fs.StringVar(&f.user, "user", "", "HTTP Basic user name (the password is read with --password-stdin)")
	fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read the Basic password from the first line of standard input")
	fs.BoolVar(&f.tokenStdin, "token-stdin", false, "read a bearer token from the first line of standard input")
	fs.StringVar(&f.ca, "ca", "", "trust the certificates in this PEM file (as well as the system's) for https")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up on one HTTP request after this long")
}

// client checks the flags and returns a TAXII client; a wrong
// combination is a usage error.
func (f *taxiiFlags) client(e *env, fs *flag.FlagSet) (*taxii.Client, error) {
	if err := required(fs, "url", f.url, "collection", f.collection); err != nil {
		return nil, err
	}
	switch {
	case f.passwordStdin && f.tokenStdin:
		fmt.Fprintf(fs.Output(), "liaison %s: --password-stdin and --token-stdin exclude each other\n", fs.Name())
		return nil, errUsage
	case f.passwordStdin && f.user == "":
		fmt.Fprintf(fs.Output(), "liaison %s: --password-stdin needs --user\n", fs.Name())
		return nil, errUsage
	case f.user != "" && !f.passwordStdin:
		fmt.Fprintf(fs.Output(), "liaison %s: --user needs --password-stdin (a password is never a flag)\n", fs.Name())
		return nil, errUsage
	}
	c := &taxii.Client{User: f.user}
	if f.passwordStdin || f.tokenStdin {
		secret, err := readStdinLine(e.stdin)
		if err != nil {
			return nil, err
		}
		if f.tokenStdin {
			c.Token = secret
		} else {
			c.Password = secret
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if f.ca != "" {
		pem, err := os.ReadFile(f.ca)
		if err != nil {
			return nil, fmt.Errorf("--ca: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca: %s holds no PEM certificate", f.ca)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	c.HTTP = &http.Client{Transport: tr, Timeout: f.timeout}
	return c, nil
}

// readStdinLine reads a secret: the first line of r, at most 4 KiB,
// without its line end.
func readStdinLine(r io.Reader) (string, error) {
	line, err := bufio.NewReaderSize(io.LimitReader(r, 4097), 4097).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read standard input: %w", err)
	}
	if len(line) > 4096 {
		return "", fmt.Errorf("standard input: the secret is longer than 4096 bytes")
	}
	s := strings.TrimRight(line, "\r\n")
	if s == "" {
		return "", fmt.Errorf("standard input: no secret on the first line")
	}
	return s, nil
}
