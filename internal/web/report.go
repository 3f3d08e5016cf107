package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/liaison-project/liaison/internal/node"
)

// breakdown is one table of the oversight report.
type breakdown struct {
	Key  string // catalog key of its title
	Rows []reportRow
}

// reportRow is one line of a breakdown.
type reportRow struct {
	Key                   string
	Sent, Received, Total int
}

// oversightView is the oversight report of a period as the page shows it.
type oversightView struct {
	From, To    string
	Generated   time.Time
	GeneratedBy string
	Size        int64
	Root        string
	Signed      bool
	Breakdowns  []breakdown
}

// reportInput reads the period of ?from=&to=, the last 30 days by
// default.
func (s *Server) reportInput(r *http.Request, format string) node.ReportInput {
	q := r.URL.Query()
	to := s.node.Now().UTC()
	in := node.ReportInput{From: q.Get("from"), To: q.Get("to"), Format: format}
	if in.To == "" {
		in.To = to.Format(time.DateOnly)
	}
	if in.From == "" {
		in.From = to.AddDate(0, 0, -30).Format(time.DateOnly)
	}
	return in
}

// getOversightCSV answers the report of the period as CSV, the same
// document the API gives, for a spreadsheet.
func (s *Server) getOversightCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	in := s.reportInput(r, "csv")
	rep, err := s.node.OversightReport(r.Context(), ss.Officer, in)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	var buf bytes.Buffer
	if err := rep.WriteCSV(&buf); err != nil {
		s.error(w, r, ss, fmt.Errorf("render report: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="oversight-`+s.node.Party()+"-"+in.From+"-"+in.To+`.csv"`)
	w.Write(buf.Bytes())
}

// getOversight shows the oversight report of ?from=&to= (the last 30 days
// by default): counts only, computed by the node from its history.
func (s *Server) getOversight(w http.ResponseWriter, r *http.Request, ss *session) {
	in := s.reportInput(r, "html")
	rep, err := s.node.OversightReport(r.Context(), ss.Officer, in)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := oversightView{From: in.From, To: in.To, Generated: rep.Generated, GeneratedBy: rep.GeneratedBy,
		Size: rep.Checkpoint.Size, Root: rep.Checkpoint.Root, Signed: rep.Checkpoint.Signed()}
	add := func(key string, rows []reportRow) {
		v.Breakdowns = append(v.Breakdowns, breakdown{Key: key, Rows: rows})
	}
	var rows []reportRow
	for _, x := range rep.ByDirection {
		rows = append(rows, reportRow{x.Key, x.Sent, x.Received, x.Total})
	}
	add("report.by_direction", rows)
	rows = nil
	for _, x := range rep.ByCrimeArea {
		rows = append(rows, reportRow{x.Key, x.Sent, x.Received, x.Total})
	}
	add("report.by_area", rows)
	rows = nil
	for _, x := range rep.ByAgency {
		rows = append(rows, reportRow{x.Key, x.Sent, x.Received, x.Total})
	}
	add("report.by_agency", rows)
	rows = nil
	for _, x := range rep.ByTLP {
		rows = append(rows, reportRow{x.Key, x.Sent, x.Received, x.Total})
	}
	add("report.by_tlp", rows)
	rows = nil
	for _, x := range rep.ByHandlingCode {
		rows = append(rows, reportRow{x.Key, x.Sent, x.Received, x.Total})
	}
	add("report.by_code", rows)
	s.render(w, http.StatusOK, "oversight", "", s.view(r, ss, "report.title", v))
}
