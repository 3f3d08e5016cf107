package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes r as CSV: one table per section, each with a header row,
// a blank line between them. The first column of a header row is
// "section"; that of every other row names its section.
//
// Text that a spreadsheet would read as a formula (starting with =, +,
// -, @, a tab or a carriage return) is prefixed with a single quote: ids
// and reasons can come from a peer.
func (r *Report) WriteCSV(w io.Writer) error {
	r = r.normalized()
	cw := csv.NewWriter(w)
	table := func(section string, header []string, rows [][]string) {
		if section != "report" {
			cw.Write(nil)
		}
		cw.Write(append([]string{"section"}, header...))
		for _, row := range rows {
			for i := range row {
				row[i] = defuse(row[i])
			}
			cw.Write(append([]string{section}, row...))
		}
	}
	c := r.Checkpoint
	table("report", []string{"field", "value"}, [][]string{
		{"party", r.Party},
		{"node", r.Node},
		{"from", r.Period.From.Format(DateLayout)},
		{"to", r.Period.To.Format(DateLayout)},
		{"generated", stamp(r.Generated)},
		{"generated_by", r.GeneratedBy},
		{"checkpoint_origin", c.Origin},
		{"checkpoint_size", itoa(int(c.Size))},
		{"checkpoint_root", c.Root},
		{"checkpoint_signed", strconv.FormatBool(c.Signed())},
	})
	for _, b := range r.breakdowns() {
		var rows [][]string
		for _, x := range b.rows {
			rows = append(rows, []string{x.Key, x.Note, itoa(x.Sent), itoa(x.Received), itoa(x.Total)})
		}
		table(b.name, []string{"key", "note", "sent", "received", "total"}, rows)
	}
	g := r.PurgedSince
	table("purged_since", []string{"key", "note", "sent", "received", "total"},
		[][]string{{"purged since", g.Note, itoa(g.Sent), itoa(g.Received), itoa(g.Total)}})
	var rows [][]string
	for _, x := range r.Refusals {
		rows = append(rows, []string{x.Action, x.Reason, itoa(x.Count)})
	}
	table("refusals", []string{"action", "reason", "count"}, rows)
	rows = nil
	for _, t := range r.Transfers {
		rows = append(rows, []string{t.Message, t.Case, t.Direction, stamp(t.Date), t.From, strings.Join(t.To, " "),
			t.CrimeArea, strings.Join(t.Subjects, " "), t.LegalBasis, t.LegalBasisTitle, t.Assessment, t.Risk, t.RiskNote})
	}
	table("personal_data_transfers", []string{"message", "case", "direction", "date", "from", "to", "crime_area",
		"subjects", "legal_basis", "legal_basis_title", "assessment", "risk", "risk_note"}, rows)
	rows = nil
	for _, x := range r.RemovalCounts {
		rows = append(rows, []string{x.Key, itoa(x.Count)})
	}
	table("removal_counts", []string{"action", "count"}, rows)
	rows = nil
	for _, x := range r.Removals {
		rows = append(rows, []string{itoa(int(x.Index)), stamp(x.Time), x.Action, x.Object, x.Actor, x.Decision, x.Reason})
	}
	table("removals", []string{"index", "time", "action", "object", "actor", "decision", "reason"}, rows)
	rows = nil
	for _, x := range r.OnwardUse {
		rows = append(rows, []string{x.Key, itoa(x.Count)})
	}
	table("onward_use", []string{"action_decision", "count"}, rows)
	q := r.Requests
	table("requests", []string{"requests", "answered", "answered_on_time", "on_time_share", "median_hours", "p90_hours", "note"},
		[][]string{{itoa(q.Requests), itoa(q.Answered), itoa(q.OnTime), ftoa(q.OnTimeShare), ftoa(q.MedianHours), ftoa(q.P90Hours), q.Note}})
	a := r.Approvals
	table("approvals", []string{"held", "approved", "rejected", "escalated", "pending"},
		[][]string{{itoa(a.Held), itoa(a.Approved), itoa(a.Rejected), itoa(a.Escalated), itoa(a.Pending)}})
	cw.Flush()
	return cw.Error()
}

// breakdown is one table of counts by a key.
type breakdown struct {
	name, title, key string
	rows             []Row
}

// breakdowns lists r's tables of counts, in the order the report shows
// them; name is the JSON field's.
func (r *Report) breakdowns() []breakdown {
	return []breakdown{
		{"by_direction", "By direction", "direction", r.ByDirection},
		{"by_crime_area", "By crime area", "crime area", r.ByCrimeArea},
		{"by_agency", "By agency", "agency (sent: the sender's; received: the originator's)", r.ByAgency},
		{"by_classification", "By classification", "label (common level)", r.ByClassification},
		{"by_tlp", "By TLP label", "TLP", r.ByTLP},
		{"by_handling_code", "By handling code", "code", r.ByHandlingCode},
	}
}

func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// ftoa writes a measured number with up to two decimals, "" for none.
func ftoa(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*f*100)/100, 'f', -1, 64)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
