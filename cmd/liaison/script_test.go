package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCommands are the programs the scenarios in testdata/script run:
// the test binary itself, under their names, as testscript.Main arranges.
var scriptCommands = map[string]func(){
	"liaison": func() {
		os.Exit(run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
	},
}

// TestMain runs the tests as testscript needs, and with a PostgreSQL
// server for the tests that ask pgtest for a database.
func TestMain(m *testing.M) {
	testscript.Main(pgtestMain{m}, scriptCommands)
}

// pgtestMain runs the tests through pgtest.Main, which stops the test
// binary's PostgreSQL server, if one was started, when they end; then it
// stops the browser, if a browser test started one.
type pgtestMain struct{ m *testing.M }

func (p pgtestMain) Run() int {
	defer closeBrowser()
	return pgtest.Main(p.m)
}

// TestScript runs the command-line scenarios in testdata/script/*.txtar
// against the real liaison command, each in its own temporary directory.
func TestScript(t *testing.T) {
	arrangement, err := filepath.Abs(filepath.Join("..", "..", "examples", "arrangements", "in-ca.toml"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(arrangement)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	workplan, err := filepath.Abs(filepath.Join("..", "..", "examples", "workplans", "in-ca.toml"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			// The India–Canada arrangement as shipped, and its identity.
			e.Setenv("ARRANGEMENT", arrangement)
			e.Setenv("ARRANGEMENT_SHA256", hex.EncodeToString(sum[:]))
			e.Setenv("WORKPLAN", workplan)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"checkmode": cmdCheckmode,
		},
	})
}

// cmdExits runs a program like exec and checks its exit status:
//
//	exits 2 liaison init --dir a
//
// The program's stdout and stderr are left for the stdout and stderr
// commands, as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits STATUS PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil || want < 0 {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdCheckmode checks the permission bits of files, in octal as for chmod:
//
//	checkmode 600 keys/signing.pem keys/tls.key
func cmdCheckmode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: checkmode MODE FILE...")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	if err != nil {
		ts.Fatalf("checkmode: bad mode %q", args[0])
	}
	for _, name := range args[1:] {
		fi, err := os.Stat(ts.MkAbs(name))
		ts.Check(err)
		got := fi.Mode().Perm()
		switch {
		case !neg && got != os.FileMode(want):
			ts.Fatalf("%s has mode %o, want %o", name, got, want)
		case neg && got == os.FileMode(want):
			ts.Fatalf("%s has mode %o, want another", name, got)
		}
	}
}
