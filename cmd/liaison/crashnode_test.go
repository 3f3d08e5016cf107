//go:build linux

package main

// The real liaison serve processes that crash_test.go starts and kills.

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// crashNode is a liaison serve process on a node directory, started and
// killed by the test.
type crashNode struct {
	t      *testing.T
	bin    string
	dir    string
	party  string
	api    string // base URL of the officers' API
	token  string
	log    string // serve's output, every start appended
	client *http.Client
	// serveArgs follow serve --dir DIR: --api and --federation for one of
	// several processes of a node.
	serveArgs []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	starts int
}

// buildLiaison builds the liaison binary from this directory.
func buildLiaison(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "liaison")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freeAddrs returns n loopback addresses whose ports were free a moment
// ago. They are taken below the kernel's range of ephemeral ports where it
// is known: a port from that range may, while its node is down, become the
// local port of some outgoing connection and keep the node from
// restarting.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	lo := 0
	if raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		fmt.Sscan(string(raw), &lo)
	}
	var addrs []string
	var lns []net.Listener
	for tries := 0; len(addrs) < n; tries++ {
		addr := "127.0.0.1:0"
		if lo > 10000 && tries < 200 {
			addr = fmt.Sprintf("127.0.0.1:%d", lo/2+rand.IntN(lo-lo/2))
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			if addr == "127.0.0.1:0" {
				t.Fatal(err)
			}
			continue
		}
		lns = append(lns, ln)
		addrs = append(addrs, ln.Addr().String())
	}
	for _, ln := range lns {
		ln.Close()
	}
	return addrs
}

// liaisonCmd runs the binary and returns its standard output.
func liaisonCmd(t *testing.T, bin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("liaison %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

func newCrashNode(t *testing.T, bin, work, party, name string) *crashNode {
	t.Helper()
	addrs := freeAddrs(t, 2)
	n := &crashNode{
		t: t, bin: bin, dir: filepath.Join(work, party), party: party,
		api: "http://" + addrs[0], log: filepath.Join(work, party+".log"),
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashPosters + 2}},
	}
	liaisonCmd(t, bin, "init", "--dir", n.dir, "--party", party, "--name", name, "--api", addrs[0], "--federation", addrs[1])
	// A failed push waits at most 1s, not 30s, before the next: the nodes
	// come back within a second and the test should not sit out the cap.
	setFederation(t, n.dir, `backoff_max = "1s"`)
	t.Cleanup(func() {
		n.kill()
		if t.Failed() {
			t.Logf("%s: tail of %s:\n%s", party, n.log, tail(n.log, 40))
		}
	})
	return n
}

// setFederation adds settings (key = value lines) to the [federation]
// table of the node's liaison.toml.
func setFederation(t *testing.T, dir string, settings ...string) {
	t.Helper()
	cfgPath := filepath.Join(dir, configFile)
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	var add strings.Builder
	for _, kv := range settings {
		add.WriteString("  " + kv + "\n")
	}
	edited := strings.Replace(string(raw), "[federation]\n", "[federation]\n"+add.String(), 1)
	if edited == string(raw) {
		t.Fatalf("%s: no [federation] table:\n%s", cfgPath, raw)
	}
	if err := os.WriteFile(cfgPath, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
}

// linkCrashNodes exchanges the nodes' cards and applies the example
// arrangement on both, through the CLI as administrators would.
func linkCrashNodes(t *testing.T, work string, nodes ...*crashNode) {
	t.Helper()
	for _, n := range nodes {
		card := filepath.Join(work, n.party+".card.json")
		if err := os.WriteFile(card, []byte(liaisonCmd(t, n.bin, "card", "--dir", n.dir)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range nodes {
		for _, p := range nodes {
			if p != n {
				liaisonCmd(t, n.bin, "peer", "add", "--dir", n.dir, filepath.Join(work, p.party+".card.json"))
			}
		}
		liaisonCmd(t, n.bin, "arrangement", "apply", "--dir", n.dir, filepath.Join("..", "..", "examples", "arrangements", "in-ca.toml"))
	}
}

// officer creates a liaison officer whose token the test uses.
func (n *crashNode) officer(name, agency, areas string) {
	n.t.Helper()
	n.token = strings.TrimSpace(liaisonCmd(n.t, n.bin, "user", "add", "--dir", n.dir,
		"--name", name, "--agency", agency, "--role", "liaison", "--areas", areas))
}

func (n *crashNode) dbPath() string { return filepath.Join(n.dir, "liaison.db") }

func (n *crashNode) mustStart() {
	n.t.Helper()
	if err := n.start(); err != nil {
		n.t.Fatal(err)
	}
}

// start runs liaison serve in its own process group and waits until its
// API answers. A start that exits at once (the port of the killed process
// not yet free) is tried again.
func (n *crashNode) start() error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := n.startOnce(deadline)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (n *crashNode) startOnce(deadline time.Time) error {
	f, err := os.OpenFile(n.log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.starts++
	fmt.Fprintf(f, "=== test: start %d\n", n.starts)
	n.mu.Unlock()
	cmd := exec.Command(n.bin, append([]string{"serve", "--dir", n.dir}, n.serveArgs...)...)
	cmd.Stdout, cmd.Stderr = f, f
	// Its own process group, so a kill reaches only it; killed with the
	// test binary, should that die before the cleanup runs (a -timeout).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	f.Close() // the child has its own descriptor
	if err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	n.mu.Lock()
	n.cmd, n.exited = cmd, exited
	n.mu.Unlock()
	for {
		select {
		case <-exited:
			n.mu.Lock()
			n.cmd = nil
			n.mu.Unlock()
			return fmt.Errorf("%s: liaison serve exited at start (%v); log:\n%s", n.party, cmd.ProcessState, tail(n.log, 10))
		default:
		}
		if status, _ := n.call("GET", "/api/v1/me", nil, nil); status == http.StatusOK {
			return nil
		}
		if time.Now().After(deadline) {
			n.kill()
			return fmt.Errorf("%s: API did not answer within 30s", n.party)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill SIGKILLs the process group, if running, and waits for the process.
func (n *crashNode) kill() {
	n.mu.Lock()
	cmd, exited := n.cmd, n.exited
	n.cmd = nil
	n.mu.Unlock()
	if cmd == nil {
		return
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-exited
}

// stop asks the process to stop with SIGTERM and reports how it ended.
func (n *crashNode) stop() error {
	n.mu.Lock()
	cmd, exited := n.cmd, n.exited
	n.cmd = nil
	n.mu.Unlock()
	if cmd == nil {
		return errors.New("not running")
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		return errors.New("still running 20s after SIGTERM")
	}
	if !cmd.ProcessState.Success() {
		return fmt.Errorf("exit %v", cmd.ProcessState)
	}
	return nil
}

// awaitUp waits until the node's API answers again, after a kill.
func (n *crashNode) awaitUp() error {
	deadline := time.Now().Add(time.Minute)
	for {
		if status, _ := n.call("GET", "/api/v1/me", nil, nil); status == http.StatusOK {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: API not back within a minute", n.party)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// call sends a request to the node's API and decodes a 2xx answer into
// out. The status is 0 when no answer came (err says why); an error with a
// status is the node's problem answer.
func (n *crashNode) call(method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, n.api+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+n.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return 0, err
	}
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s", method, path, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decode %q: %w", method, path, raw, err)
		}
	}
	return resp.StatusCode, nil
}

func (n *crashNode) mustCall(method, path string, in, out any) {
	n.t.Helper()
	if _, err := n.call(method, path, in, out); err != nil {
		n.t.Fatalf("%s: %v", n.party, err)
	}
}

// list reads every page of a list endpoint.
func (n *crashNode) list(path string) []liaison.Message {
	n.t.Helper()
	var all []liaison.Message
	after := ""
	for {
		var page struct {
			Items []liaison.Message `json:"items"`
			Next  string            `json:"next"`
		}
		n.mustCall("GET", path+"?after="+after, nil, &page)
		all = append(all, page.Items...)
		if page.Next == "" {
			return all
		}
		after = page.Next
	}
}

func (n *crashNode) link(peer string) liaison.Link {
	n.t.Helper()
	var links struct{ Items []liaison.Link }
	n.mustCall("GET", "/api/v1/peers", nil, &links)
	i := slices.IndexFunc(links.Items, func(l liaison.Link) bool { return l.Party == peer })
	if i < 0 {
		n.t.Fatalf("%s: no link to %s", n.party, peer)
	}
	return links.Items[i]
}

// integrityCheck runs SQLite's integrity and foreign key checks on a
// stopped node's store.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Errorf("%s: integrity_check = %q, %v", path, res, err)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Errorf("%s: foreign_key_check finds violations", path)
	}
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}
