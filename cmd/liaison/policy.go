package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

func runPolicyCheck(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "policy check", "--dir DIR | PATH",
		"Check the party's own rules: every Cedar file in DIR/policies, or in the directory PATH\n(to check an edit before putting it in place). Each problem is printed with its file,\nline and column; a running node keeps its last good rules until the files are fixed.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, -1); err != nil {
		return err
	}
	var path string
	switch {
	case *dir != "" && fs.NArg() == 0:
		path = filepath.Join(*dir, policyDir)
	case *dir == "" && fs.NArg() == 1:
		path = fs.Arg(0)
		// A node without a policies directory has no rules of its own;
		// a directory named to be checked must exist.
		if st, err := os.Stat(path); err != nil {
			return err
		} else if !st.IsDir() {
			return fmt.Errorf("%s is not a directory", path)
		}
	default:
		fmt.Fprintf(fs.Output(), "liaison policy check: give --dir DIR or one directory PATH\n")
		fs.Usage()
		return errUsage
	}
	set, err := policy.Load(path)
	if err != nil {
		for _, f := range liaison.ErrorFields(err) {
			fmt.Fprintf(e.stderr, "%s: %s\n", f.Field, f.Problem)
		}
		if len(liaison.ErrorFields(err)) == 0 {
			return err
		}
		return fmt.Errorf("%s: %d problem(s)", path, len(liaison.ErrorFields(err)))
	}
	fmt.Fprintf(e.stderr, "%s: %d policies, ok\n", path, set.Len())
	return nil
}
