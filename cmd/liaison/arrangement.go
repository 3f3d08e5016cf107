package main

import (
	"context"
	"fmt"
	"io"
	"os"
)

// maxArrangementFile bounds what arrangement apply reads.
const maxArrangementFile = 256 << 10

func runArrangementApply(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "arrangement apply", "--dir DIR FILE", "Apply the arrangement in FILE (TOML). Both parties apply the same file; its SHA-256\ntravels in every envelope sent under it.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxArrangementFile+1))
	if err != nil {
		return err
	}
	if len(raw) > maxArrangementFile {
		return fmt.Errorf("%s: larger than %d KiB", fs.Arg(0), maxArrangementFile>>10)
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	a, err := h.node.ApplyArrangement(ctx, raw)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	fmt.Fprintf(e.stderr, "applied %q version %d, sha256:%s\n", a.Name, a.Version, a.ID)
	return nil
}
