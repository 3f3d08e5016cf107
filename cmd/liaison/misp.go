package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/misp"
)

// errUnmapped makes liaison misp import --strict exit non-zero when part
// of an event was not carried whole.
var errUnmapped = errors.New("parts of the events were not mapped (see the report's unmapped list)")

func runMISPImport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "misp import", "--dir DIR --as OFFICER_ID [--collection ID] [--strict] FILE...",
		"Convert MISP event JSON files (an event, a list of events, or MISP's {\"response\": [...]})\n"+
			"to STIX 2.1 and add them to a TAXII collection of the node, as the officer --as, under the\n"+
			"same rules as a TAXII add. Prints, per file, a JSON report: counts, every part not mapped\n"+
			"with its JSON path and why, and the add's status. With --strict, exits 1 when any part\n"+
			"was not mapped or any object was refused.")
	dir := fs.String("dir", "", "the node's directory")
	as := fs.String("as", "", "the id of the officer (cyber) the import acts as")
	coll := fs.String("collection", "", "the TAXII collection id (default: the node's local collection)")
	strict := fs.Bool("strict", false, "exit 1 when anything could not be mapped")
	if err := parse(e, fs, args, -1); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir, "as", *as); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(fs.Output(), "liaison misp import: name at least one FILE\n")
		return errUsage
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	actor, err := h.store.Officer(ctx, *as)
	if err != nil {
		return fmt.Errorf("--as %s: %w", *as, err)
	}
	incomplete := false
	for _, file := range fs.Args() {
		data, err := readFileMax(file, misp.MaxBytes)
		if err != nil {
			return err
		}
		imp, err := h.node.ImportMISP(ctx, actor, *coll, data)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if len(imp.Report.Unmapped) > 0 || len(imp.Status.Failures) > 0 {
			incomplete = true
		}
		out, err := json.MarshalIndent(struct {
			File   string             `json:"file"`
			Report liaison.MISPReport `json:"report"`
			Status mispStatus         `json:"status"`
		}{file, imp.Report, mispStatus{imp.Status.ID, imp.Status.Collection, imp.Status.TotalCount,
			len(imp.Status.Successes), imp.Status.Failures}}, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", out)
	}
	if *strict && incomplete {
		return errUnmapped
	}
	return nil
}

// mispStatus is what the import prints of the TAXII status: the counts,
// and each refused object with why.
type mispStatus struct {
	ID         string                     `json:"id"`
	Collection string                     `json:"collection"`
	Total      int                        `json:"total_count"`
	Successes  int                        `json:"success_count"`
	Failures   []liaison.STIXStatusDetail `json:"failures"`
}

func runMISPExport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "misp export", "--dir DIR --as OFFICER_ID [--collection ID]",
		"Print the objects of a TAXII collection that the officer --as may read as MISP event JSON\n"+
			"({\"response\": [{\"Event\": ...}]}) on standard output, and the report of what has no\n"+
			"MISP form on standard error. The reads are audited as misp.export.")
	dir := fs.String("dir", "", "the node's directory")
	as := fs.String("as", "", "the id of the officer (cyber) the export acts as")
	coll := fs.String("collection", "", "the TAXII collection id (default: the node's local collection)")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir, "as", *as); err != nil {
		return err
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	actor, err := h.store.Officer(ctx, *as)
	if err != nil {
		return fmt.Errorf("--as %s: %w", *as, err)
	}
	out, rep, err := h.node.ExportMISP(ctx, actor, *coll)
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(out); err != nil {
		return err
	}
	r, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s\n", r)
	return nil
}

// readFileMax reads a file of at most max bytes.
func readFileMax(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return data, nil
}
