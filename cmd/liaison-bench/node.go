package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// proc is a node directory and, while it serves, the liaison serve child
// process running it.
type proc struct {
	b      *bench
	party  string
	dir    string
	apiURL string
	token  string // a liaison officer's token, every crime area
	cmd    *exec.Cmd
	exited chan error
	inproc func() error // stops the node served in this process (--cpuprofile)
	client *http.Client
	// serveArgs follow serve --dir DIR: --api and --federation for the
	// second process of a node (--replicas 2).
	serveArgs []string
}

// initNode runs liaison init for party in dir, on free loopback ports,
// with extra arguments for init (--store, --federation-url).
func (b *bench) initNode(dir, party string, extra ...string) (*proc, error) {
	apiAddr, err := freePort()
	if err != nil {
		return nil, err
	}
	fedAddr, err := freePort()
	if err != nil {
		return nil, err
	}
	return b.initNodeAt(dir, party, apiAddr, fedAddr, extra...)
}

// initNodeAt runs liaison init for party in dir with the given listen
// addresses.
func (b *bench) initNodeAt(dir, party, apiAddr, fedAddr string, extra ...string) (*proc, error) {
	args := append([]string{"init", "--dir", dir, "--party", party, "--name", "Bench node " + party,
		"--api", apiAddr, "--federation", fedAddr, "--policies", b.policies}, extra...)
	if _, err := b.liaison("", args...); err != nil {
		return nil, err
	}
	return &proc{b: b, party: party, dir: dir, apiURL: "http://" + apiAddr, client: newClient(4)}, nil
}

// addUser creates a liaison officer and keeps the token.
func (p *proc) addUser() error {
	out, err := p.b.liaison("", "user", "add", "--dir", p.dir, "--name", "Bench officer "+p.party,
		"--agency", "police", "--role", "liaison", "--areas", "drugs,organised_crime,cyber,fraud,immigration,terrorism")
	p.token = strings.TrimSpace(out)
	return err
}

// freePort returns a loopback address whose port was free a moment ago.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// liaison runs the liaison binary to completion and returns its standard
// output.
func (b *bench) liaison(stdin string, args ...string) (string, error) {
	cmd := exec.Command(b.bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("liaison %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// link makes the nodes trust each other and apply the example arrangement,
// through the CLI as administrators do, and creates an officer on each.
func (b *bench) link(arrangement string, nodes ...*proc) error {
	for _, n := range nodes {
		card, err := b.liaison("", "card", "--dir", n.dir)
		if err != nil {
			return err
		}
		for _, p := range nodes {
			if p == n {
				continue
			}
			if _, err := b.liaison(card, "peer", "add", "--dir", p.dir, "-"); err != nil {
				return err
			}
		}
	}
	for _, n := range nodes {
		if _, err := b.liaison("", "arrangement", "apply", "--dir", n.dir, arrangement); err != nil {
			return err
		}
		if err := n.addUser(); err != nil {
			return err
		}
	}
	return nil
}

// start execs liaison serve (or, with --cpuprofile, serves the node in
// this process) and returns the time from exec until GET /api/v1/me
// answers 200.
func (p *proc) start() (time.Duration, error) {
	// A fresh client: no idle connection from a previous process.
	p.client = newClient(4)
	t0 := time.Now()
	if p.b.inProcess {
		stop, err := p.serveInProcess()
		if err != nil {
			return 0, err
		}
		p.inproc = stop
	} else if err := p.exec(); err != nil {
		return 0, err
	}
	deadline := t0.Add(2 * time.Minute)
	for {
		select {
		case err := <-p.exited:
			p.cmd = nil
			return 0, fmt.Errorf("liaison serve --dir %s exited: %v (see %s)", p.dir, err, filepath.Join(p.dir, "serve.log"))
		default:
		}
		if code, err := p.do(http.MethodGet, "/api/v1/me", nil, nil); err == nil && code == http.StatusOK {
			return time.Since(t0), nil
		}
		if time.Now().After(deadline) {
			p.stop()
			return 0, fmt.Errorf("liaison serve --dir %s: API not answering after 2 minutes", p.dir)
		}
		time.Sleep(time.Millisecond)
	}
}

// exec starts liaison serve as a child process, its output appended to
// serve.log in the node's directory.
func (p *proc) exec() error {
	logf, err := os.OpenFile(filepath.Join(p.dir, "serve.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close() // the child holds its own descriptor
	cmd := exec.Command(p.b.bin, append([]string{"serve", "--dir", p.dir}, p.serveArgs...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return err
	}
	p.cmd = cmd
	p.exited = make(chan error, 1)
	go func() { p.exited <- cmd.Wait() }()
	return nil
}

// stop sends SIGTERM and waits for the process to exit (or stops the node
// served in this process).
func (p *proc) stop() error {
	if p.client != nil {
		p.client.CloseIdleConnections()
	}
	if p.inproc != nil {
		err := p.inproc()
		p.inproc = nil
		return err
	}
	if p.cmd == nil {
		return nil
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case err = <-p.exited:
	case <-time.After(30 * time.Second):
		// SIGQUIT makes the Go runtime write every goroutine's stack to
		// serve.log before it exits: the record of what hung.
		p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case err = <-p.exited:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			err = <-p.exited
		}
		err = fmt.Errorf("liaison serve --dir %s did not stop within 30 s of SIGTERM (%v); its goroutines are in %s",
			p.dir, err, filepath.Join(p.dir, "serve.log"))
	}
	p.cmd = nil
	return err
}
