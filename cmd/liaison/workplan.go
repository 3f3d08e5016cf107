package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/arrangement"
)

func runWorkplanReport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "workplan report", "--dir DIR [--format html|md] [--since DATE] [--out FILE]",
		"Report the shared workplan this node holds: progress by objective (done of the actions\n"+
			"not dropped), overdue actions by owning party and agency, and what changed since a day\n"+
			"(objectives and actions created, actions changed, notes added). Overdue actions are told\n"+
			"to the officers concerned, once per action and due day. The generation is audited as\n"+
			"workplan.report. --since is YYYY-MM-DD in UTC, 30 days ago when absent. Without --format,\n"+
			"the format follows the extension of --out, else html.")
	dir := fs.String("dir", "", "the node's directory")
	format := fs.String("format", "", "html or md (default: from --out's extension, else html)")
	since := fs.String("since", "", "list changes from this day on, YYYY-MM-DD (UTC)")
	out := fs.String("out", "", "write the report to this file (mode 0600) instead of standard output")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	if *format == "" && *out != "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	switch *format {
	case "", "html", "md":
	default:
		fmt.Fprintf(fs.Output(), "liaison workplan report: --format: unknown format %q; html or md\n", *format)
		return errUsage
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	w, err := h.node.WorkplanReport(ctx, nil, *since)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if *format == "md" {
		err = w.WriteMarkdown(&buf)
	} else {
		err = w.WriteHTML(&buf)
	}
	if err != nil {
		return fmt.Errorf("render workplan report: %w", err)
	}
	if *out == "" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o600)
}

func runWorkplanSeed(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "workplan seed", "--dir DIR [--arrangement SHA256] [--start DATE] FILE",
		"Load a starter workplan file (examples/workplans/in-ca.toml) into this node's shared plan:\n"+
			"every objective, and the actions this node's party owns, queued to the other parties.\n"+
			"Run it on each party's node; the objectives come out the same on every side and seeding\n"+
			"again changes nothing. --start (YYYY-MM-DD) replaces the file's start date for the due\n"+
			"dates of this party's actions.")
	dir := fs.String("dir", "", "the node's directory")
	arr := fs.String("arrangement", "", "the arrangement's SHA-256 (default: the latest applied)")
	start := fs.String("start", "", "count due dates from this day, YYYY-MM-DD (default: the file's start)")
	if err := parse(e, fs, args, 1); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	raw, err := readLimited(fs.Arg(0))
	if err != nil {
		return err
	}
	seed, err := arrangement.ParseWorkplan(raw)
	if err != nil {
		return err
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	r, err := h.node.SeedWorkplan(ctx, seed, *arr, *start)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: created %d objectives and %d actions; %d held already; %d actions left to the other parties' nodes\n",
		seed.Name, r.Objectives, r.Actions, r.Held, r.Others)
	return nil
}

// readLimited reads a file of at most 256 KiB.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, arrangement.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > arrangement.MaxSize {
		return nil, liaison.Errorf(liaison.EINVALID, "%s is larger than %d bytes", path, arrangement.MaxSize)
	}
	return raw, nil
}
