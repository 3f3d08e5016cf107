// Command liaison-bench measures Liaison on this machine with real nodes:
// the cost of sealing and opening envelopes, end-to-end delivery between
// two liaison serve processes over loopback mutual TLS, latency at a fixed
// rate, cold start with a million stored messages, idle memory, and the
// inbox query over a million stored messages. It prints one table of
// medians, the machine, and what each goal asks.
//
//	go run ./cmd/liaison-bench                  # the full run (a few minutes)
//	go run ./cmd/liaison-bench --runs 3         # each measurement 3 times, medians
//	go run ./cmd/liaison-bench --quick          # small sizes, seconds
//	go run ./cmd/liaison-bench --only delivery,latency --messages 50000
//	go run ./cmd/liaison-bench --only delivery --store postgres --replicas 2
//	go run ./cmd/liaison-bench --only inbox --store postgres
//
// With --store postgres the bench starts a throwaway PostgreSQL from the
// machine's binaries (fsync on) and puts the measured node's store in a
// database of it: the sender in delivery and latency, the node holding
// messages in coldstart, memory and inbox. The other node stays on
// SQLite. With --replicas 2 the sender runs as two liaison serve
// processes of one node directory, with their own listeners, behind a TCP
// balancer in the bench that is the card's federation URL; the officers'
// posts go to both APIs in turn.
//
// It builds the liaison binary from the module it runs in (or takes
// --liaison PATH) and drives it as an administrator would: liaison init,
// card, peer add, arrangement apply, user add, serve. Messages go through
// the officers' REST API. Only the stored messages of the cold-start and inbox node
// are written to its store directly, before it starts, with this module's
// internal/sqlite or internal/postgres: a --liaison binary must come from
// the same source.
//
// With --cpuprofile FILE the nodes run inside the bench process instead,
// wired as liaison serve wires them, so that go tool pprof FILE shows where
// both nodes spend their time.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison/examples/arrangements"
)

func main() {
	if _, err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "liaison-bench: %v\n", err)
		}
		os.Exit(1)
	}
}

// sections are the measurements, in the order they run.
var sections = []string{"crypto", "delivery", "latency", "coldstart", "memory", "inbox"}

// config is what the flags set.
type config struct {
	liaison        string // --liaison
	dir            string
	keep           bool
	runs           int
	only           []string
	messages       int
	senders        int
	messagesSingle int
	rate           float64
	duration       time.Duration
	coldMessages   int
	coldStarts     int
	idle           time.Duration
	cryptoTime     time.Duration
	cpuprofile     string
	inProcess      bool // the nodes run in this process (--cpuprofile)
	store          string
	replicas       int
	inboxMessages  int
	inboxRequests  int
	policies       string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("liaison-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.liaison, "liaison", "", "the liaison binary to measure, built from the same source as the bench (default: build ./cmd/liaison of this module)")
	fs.StringVar(&c.dir, "dir", "", "directory for the nodes (default: a new temporary directory)")
	fs.BoolVar(&c.keep, "keep", false, "keep the nodes' directory (with each serve.log) afterwards")
	fs.IntVar(&c.runs, "runs", 1, "run each measurement this many times and report the median")
	only := fs.String("only", strings.Join(sections, ","), "the measurements to run, comma-separated")
	fs.IntVar(&c.messages, "messages", 20_000, "messages to deliver with --senders concurrent senders")
	fs.IntVar(&c.senders, "senders", 64, "concurrent API clients posting messages")
	fs.IntVar(&c.messagesSingle, "messages-single", 5_000, "messages to deliver with one sender")
	fs.Float64Var(&c.rate, "rate", 0, "latency: messages per second (default: half the delivery rate measured with --senders, or 1000)")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "latency: how long to send at the fixed rate")
	fs.IntVar(&c.coldMessages, "cold-messages", 1_000_000, "cold start and memory: received messages the node holds")
	fs.IntVar(&c.coldStarts, "cold-starts", 5, "cold start: starts per node per run (the median is reported)")
	fs.DurationVar(&c.idle, "idle", 5*time.Second, "memory: how long a node idles after start before its RSS is read")
	fs.DurationVar(&c.cryptoTime, "crypto-time", 2*time.Second, "crypto: how long to seal and open each envelope size")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile to `FILE`; the nodes then run inside the bench process (delivery and latency only)")
	fs.StringVar(&c.store, "store", "sqlite", "the store of the measured node (the sender in delivery and latency, the receiver holding messages in coldstart, memory and inbox): sqlite, or postgres on a throwaway server started from this machine's binaries; the other node stays on SQLite")
	fs.IntVar(&c.replicas, "replicas", 1, "delivery and latency: liaison serve processes of the sending node (2 only with --store postgres), behind a TCP balancer, API posts spread over them")
	fs.IntVar(&c.inboxMessages, "inbox-messages", 1_000_000, "inbox: received messages the node holds")
	fs.IntVar(&c.inboxRequests, "inbox-requests", 2_000, "inbox: GET /api/v1/inbox?limit=50 requests at random cursors")
	fs.StringVar(&c.policies, "policies", "example", "the parties' own rules each node starts with (liaison init --policies): example or none; compare the two to see what the rules cost")
	quick := fs.Bool("quick", false, "small sizes for a run of seconds (flags given explicitly still apply)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: liaison-bench [flags]\n\nMeasure two real Liaison nodes on this machine and print a table of medians.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		small := map[string]string{
			"messages": "400", "senders": "16", "messages-single": "50", "duration": "1s",
			"cold-messages": "20000", "cold-starts": "2", "idle": "500ms", "crypto-time": "100ms",
			"inbox-messages": "20000", "inbox-requests": "200",
		}
		for name, v := range small {
			if !set[name] {
				fs.Set(name, v)
			}
		}
	}
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(sections, s) {
			return nil, fmt.Errorf("--only: unknown measurement %q; choose from %s", s, strings.Join(sections, ","))
		}
		c.only = append(c.only, s)
	}
	if c.cpuprofile != "" {
		c.inProcess = true
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "only" })
		if !set {
			c.only = []string{"delivery"}
		}
		for _, s := range c.only {
			if s != "delivery" && s != "latency" && s != "crypto" {
				return nil, fmt.Errorf("--cpuprofile: %s measures separate processes; profile crypto, delivery or latency", s)
			}
		}
	}
	switch {
	case c.runs < 1:
		return nil, fmt.Errorf("--runs must be at least 1")
	case c.messages < 1 || c.messagesSingle < 1 || c.senders < 1:
		return nil, fmt.Errorf("--messages, --messages-single and --senders must be at least 1")
	case c.coldMessages < 0 || c.coldStarts < 1:
		return nil, fmt.Errorf("--cold-messages must be at least 0 and --cold-starts at least 1")
	case c.duration <= 0 || c.cryptoTime <= 0 || c.idle < 0:
		return nil, fmt.Errorf("--duration and --crypto-time must be positive")
	case c.store != "sqlite" && c.store != "postgres":
		return nil, fmt.Errorf("--store: %q, want sqlite or postgres", c.store)
	case c.replicas < 1 || c.replicas > 2:
		return nil, fmt.Errorf("--replicas must be 1 or 2")
	case c.replicas > 1 && c.store != "postgres":
		return nil, fmt.Errorf("--replicas 2 needs --store postgres: replicas share one PostgreSQL database")
	case c.policies != "example" && c.policies != "none":
		return nil, fmt.Errorf("--policies must be example or none, not %q", c.policies)
	case c.replicas > 1 && c.inProcess:
		return nil, fmt.Errorf("--cpuprofile runs one process; it cannot profile --replicas 2")
	case c.inboxMessages < 1 || c.inboxRequests < 1:
		return nil, fmt.Errorf("--inbox-messages and --inbox-requests must be at least 1")
	}
	return c, nil
}

// bench is one run of the command.
type bench struct {
	*config
	bin         string
	arrangement string // the example India–Canada arrangement, as a file
	log         io.Writer
	cold        map[int]*coldNode
	n           int
	pg          *pgServer // the throwaway PostgreSQL of --store postgres
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "liaison-bench: "+format+"\n", args...)
}

// seq numbers the node directories.
func (b *bench) seq() int { b.n++; return b.n }

func (b *bench) want(section string) bool { return slices.Contains(b.only, section) }

// run runs the measurements the flags ask for, prints the report on
// stdout and returns its rows.
func run(args []string, stdout, stderr io.Writer) ([]row, error) {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return nil, err
	}
	b := &bench{config: cfg, log: stderr, cold: map[int]*coldNode{}}
	defer func() {
		if err := b.stopPostgres(); err != nil {
			b.logf("stop PostgreSQL: %v", err)
		}
	}()
	if b.dir == "" {
		if b.dir, err = os.MkdirTemp("", "liaison-bench-"); err != nil {
			return nil, err
		}
		if !b.keep {
			defer os.RemoveAll(b.dir)
		}
	} else if err := os.MkdirAll(b.dir, 0o700); err != nil {
		return nil, err
	}
	if b.keep {
		b.logf("nodes in %s", b.dir)
	}
	if b.bin, err = liaisonBinary(cfg.liaison, b.dir); err != nil {
		return nil, err
	}
	b.arrangement = filepath.Join(b.dir, "in-ca.toml")
	if err := os.WriteFile(b.arrangement, arrangements.InCA, 0o600); err != nil {
		return nil, err
	}
	m := describeMachine(b.dir)
	if b.cpuprofile != "" {
		f, err := os.Create(b.cpuprofile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	rep := &report{}
	for r := 1; r <= b.runs; r++ {
		if b.runs > 1 {
			b.logf("run %d of %d", r, b.runs)
		}
		if err := b.measure(rep); err != nil {
			return nil, err
		}
	}
	rows := rep.rows()
	printReport(stdout, b, m, rows)
	return rows, nil
}

// liaisonBinary returns bin, or builds ./cmd/liaison of the module the
// current directory is in.
func liaisonBinary(bin, dir string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("cannot find the module to build liaison from (run inside it, or pass --liaison PATH): %v", err)
	}
	bin = filepath.Join(dir, "liaison")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/liaison")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/liaison: %v\n%s", err, out)
	}
	return bin, nil
}
