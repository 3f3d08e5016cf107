package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
	"time"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"stamp": stamp,
	"date":  func(t time.Time) string { return t.UTC().Format(DateLayout) },
	"hours": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return ftoa(f) + " h"
	},
	"percent": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return strconv.FormatFloat(*f*100, 'f', 1, 64) + " %"
	},
}).Parse(pageText))

// style is the page's only style, in one <style> element; StyleSource
// hashes exactly these bytes.
const style = `
body{font:14px/1.45 system-ui,sans-serif;color:#1b1f24;margin:2em auto;max-width:60em;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{text-align:left;padding:.2em .5em;border-bottom:1px solid #e3e3ea;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#4a4f57}.muted{color:#6a707a}code,pre{font-family:ui-monospace,monospace;font-size:12px}
pre{background:#f5f5f8;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
svg{display:block;margin:.5em 0}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}
.sent{fill:#2f6db5}.received{fill:#e08a1e}.one{fill:#8a3ab9}
.key{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}.key.sent{background:#2f6db5}.key.received{background:#e08a1e}
.none{color:#a4161a;font-weight:600}
@media print{h2{break-after:avoid}table,svg{break-inside:avoid}}
`

// StyleSource returns the CSP source expression that allows the HTML
// report's style element and nothing else: "'sha256-…'". Serve the page
// with Content-Security-Policy: default-src 'none'; style-src SOURCE.
func StyleSource() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// WriteHTML writes r as one self-contained HTML page: no script, no
// external assets, charts as inline SVG.
func (r *Report) WriteHTML(w io.Writer) error {
	r = r.normalized()
	v := htmlView{Report: r, Style: template.CSS(style), AssessmentNone: AssessmentNone}
	for _, b := range r.breakdowns() {
		v.Breakdowns = append(v.Breakdowns, htmlBreakdown{breakdown: b, Chart: stackedChart(b.rows)})
	}
	for _, x := range r.Refusals {
		v.RefusalBars = append(v.RefusalBars, Row{Key: x.Action + ": " + x.Reason, Sent: x.Count, Total: x.Count})
	}
	v.RefusalChart = singleChart(v.RefusalBars)
	a := r.Approvals
	v.ApprovalChart = singleChart([]Row{
		{Key: "held", Sent: a.Held, Total: a.Held},
		{Key: "approved", Sent: a.Approved, Total: a.Approved},
		{Key: "rejected", Sent: a.Rejected, Total: a.Rejected},
		{Key: "escalated", Sent: a.Escalated, Total: a.Escalated},
		{Key: "pending", Sent: a.Pending, Total: a.Pending},
	})
	for _, x := range r.ByDirection {
		switch x.Key {
		case Sent:
			v.Sent = x.Total
		case Received:
			v.Received = x.Total
		}
	}
	for _, x := range r.Refusals {
		v.RefusalTotal += x.Count
	}
	return page.Execute(w, v)
}

type htmlView struct {
	*Report
	Style          template.CSS
	AssessmentNone string
	Sent, Received int
	RefusalTotal   int
	Breakdowns     []htmlBreakdown
	RefusalBars    []Row
	RefusalChart   chart
	ApprovalChart  chart
}

type htmlBreakdown struct {
	breakdown
	Chart chart
}

// Name, Title, Key and Rows expose the breakdown to the template.
func (b htmlBreakdown) Name() string  { return b.name }
func (b htmlBreakdown) Title() string { return b.title }
func (b htmlBreakdown) Key() string   { return b.key }
func (b htmlBreakdown) Rows() []Row   { return b.rows }
