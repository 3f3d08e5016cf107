package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/report"
)

// getOversightReport answers the oversight report of a period in the
// format asked for. The node refuses anyone but auditors and supervisors
// and audits every generation.
func (s *Server) getOversightReport(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	q := r.URL.Query()
	in := node.ReportInput{From: q.Get("from"), To: q.Get("to"), Format: q.Get("format")}
	rep, err := s.node.OversightReport(r.Context(), actor, in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, err := report.ParseFormat(in.Format) // the node checked it
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Rendered whole before the status is written, so that a failure is
	// still a problem document.
	var buf bytes.Buffer
	if err := rep.Write(&buf, f); err != nil {
		s.error(w, r, fmt.Errorf("render report: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	name := fmt.Sprintf("oversight-%s-%s-%s.%s", rep.Party,
		rep.Period.From.Format(report.DateLayout), rep.Period.To.Format(report.DateLayout), f)
	switch f {
	case report.HTML:
		// The page's one style element, and nothing else, may apply.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src "+report.StyleSource()+"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	case report.CSV:
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.log.Debug("api: write report", "err", err)
	}
}
