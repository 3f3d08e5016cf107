// Command liaison runs a Liaison node: a federated exchange for security
// and law-enforcement liaison officers. Each party runs its own node; nodes
// that share an arrangement exchange cases and messages, signed, end-to-end
// encrypted, exactly once.
//
// Run liaison help for the commands, and liaison demo for two nodes on
// this machine, ready to use.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// Officers' time zones load on hosts without a zoneinfo database
	// (minimal containers, Windows).
	_ "time/tzdata"

	"github.com/liaison-project/liaison"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand: its words, a one-line summary, and its run
// function, which parses its own flags.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may use of the outside world; tests replace it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{
		{"init", "create a node: keys, configuration and store in a directory", runInit},
		{"card", "print this node's card (JSON) for the other party to import", runCard},
		{"peer add", "trust a peer node from its card", runPeerAdd},
		{"arrangement apply", "apply an arrangement file (both parties apply the same file)", runArrangementApply},
		{"user add", "create an officer and print a new API token", runUserAdd},
		{"user password", "set or reset an officer's web UI password", runUserPassword},
		{"serve", "run the node: officers' API and the federation listener", runServe},
		{"audit verify", "recompute the audit log and check it against its leaves and checkpoints", runAuditVerify},
		{"audit prove", "print a stand-alone proof that an audit entry is in the log (JSON)", runAuditProve},
		{"audit check-proof", "check a proof from audit prove with the node's card alone", runAuditCheckProof},
		{"policy check", "check the party's own rules (Cedar files), naming each problem's file and line", runPolicyCheck},
		{"workplan seed", "load a starter workplan file into the shared plan (idempotent, on each party's node)", runWorkplanSeed},
		{"workplan report", "the shared workplan's progress, overdue actions and changes (html or md)", runWorkplanReport},
		{"report", "the oversight report of a period (html, csv or json): what crossed, under which rule", runReport},
		{"misp import", "convert MISP event files to STIX and add them to a TAXII collection, with a report", runMISPImport},
		{"misp export", "print a TAXII collection as MISP events (JSON), with a report of what has no MISP form", runMISPExport},
		{"migrate", "move a node's store from SQLite to PostgreSQL, data and audit log intact", runMigrate},
		{"taxii pull", "pull a collection of a TAXII 2.1 server into this node, from where the last pull stopped", runTAXIIPull},
		{"taxii push", "send a STIX bundle to a collection of a TAXII 2.1 server and print its status", runTAXIIPush},
		{"demo", "run an Indian and a Canadian node on loopback, seeded", runDemo},
		{"version", "print the version", runVersion},
	}
}

func main() {
	os.Exit(run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// errUsage marks an error in the command line; it exits with status 2.
var errUsage = errors.New("usage")

func run(args []string, e *env) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		words := splitWords(c.name)
		if len(args) < len(words) || !equalWords(args[:len(words)], words) {
			continue
		}
		err := c.run(ctx, e, args[len(words):])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(e.stderr, "liaison %s: %v\n", c.name, err)
			printAllowed(e.stderr, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "liaison: unknown command %q\n\n", unknownCommand(args))
	usage(e.stderr)
	return 2
}

// unknownCommand names what was typed: "peer list", not just "peer", when
// the first word starts a command of two words.
func unknownCommand(args []string) string {
	if len(args) > 1 {
		for _, c := range commands() {
			if words := splitWords(c.name); len(words) > 1 && words[0] == args[0] {
				return args[0] + " " + args[1]
			}
		}
	}
	return args[0]
}

// printAllowed lists the values a wrong field may take (a role, a crime
// area, a log level), which the error's text leaves out.
func printAllowed(w io.Writer, err error) {
	for _, f := range liaison.ErrorFields(err) {
		if len(f.Allowed) > 0 {
			fmt.Fprintf(w, "  %s must be one of: %s\n", f.Field, strings.Join(f.Allowed, ", "))
		}
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Liaison: a federated exchange for liaison officers.\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  liaison %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun liaison COMMAND --help for a command's flags.\n")
}

// flags returns a FlagSet for a command whose --help prints its summary
// and flags.
func flags(e *env, name, synopsis, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: liaison %s %s\n\n%s\n\n", name, synopsis, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, mapping flag errors to errUsage. want is the number
// of positional arguments, or -1 for any.
func parse(e *env, fs *flag.FlagSet, args []string, want int) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout) // asked-for help is output, not an error
		}
		if a == "--" {
			break
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if want >= 0 && fs.NArg() != want {
		fmt.Fprintf(fs.Output(), "liaison %s: want %d argument(s), got %d\n", fs.Name(), want, fs.NArg())
		fs.Usage()
		return errUsage
	}
	return nil
}

// required reports a missing required flag as a usage error.
func required(fs *flag.FlagSet, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			fmt.Fprintf(fs.Output(), "liaison %s: --%s is required\n", fs.Name(), pairs[i])
			fs.Usage()
			return errUsage
		}
	}
	return nil
}

func splitWords(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "version", "", "Print the version of this binary.")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "liaison %s\n", version)
	return nil
}
