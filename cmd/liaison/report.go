package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/report"
)

func runReport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "report", "--dir DIR --from DATE --to DATE [--format html|csv|json] [--out FILE]",
		"Compute the oversight report of a period from the node's stored history: messages sent\n"+
			"and received by direction, crime area, agency, classification, TLP and handling code;\n"+
			"every transfer of personal data with its legal basis and risk assessment; refusals by\n"+
			"reason; recalls and purges; request timeliness; release approvals. Metadata only, never\n"+
			"content. The report states the audit checkpoint it was computed from, signed for it;\n"+
			"its generation is audited as report.read. Dates are YYYY-MM-DD in UTC, --to included.\n"+
			"Without --format, the format follows the extension of --out, else html.")
	dir := fs.String("dir", "", "the node's directory")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (UTC)")
	to := fs.String("to", "", "last day of the period, included, YYYY-MM-DD (UTC)")
	format := fs.String("format", "", "html, csv or json (default: from --out's extension, else html)")
	out := fs.String("out", "", "write the report to this file (mode 0600) instead of standard output")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir, "from", *from, "to", *to); err != nil {
		return err
	}
	if *format == "" && *out != "" {
		switch ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."); ext {
		case "csv", "json", "html":
			*format = ext
		}
	}
	// Bad dates and formats are usage errors, found before the node is
	// opened; the node checks them again.
	f, err := report.ParseFormat(*format)
	if err == nil {
		_, err = report.ParsePeriod(*from, *to)
	}
	if err != nil {
		for _, fe := range liaison.ErrorFields(err) {
			fmt.Fprintf(fs.Output(), "liaison report: --%s: %s\n", fe.Field, fe.Problem)
		}
		printAllowed(fs.Output(), err)
		return errUsage
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	r, err := h.node.OversightReport(ctx, nil, node.ReportInput{From: *from, To: *to, Format: string(f)})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := r.Write(&buf, f); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if *out == "" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	// The report names transfers of personal data: owner only.
	return os.WriteFile(*out, buf.Bytes(), 0o600)
}
