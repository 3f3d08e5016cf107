package report

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// Workplan is the progress report of a shared workplan, computed from the
// plan a node holds: progress by objective, overdue actions by owner, and
// what changed since a day. It names agencies, officers and dates, never
// case content.
type Workplan struct {
	Party       string          `json:"party"`
	Node        string          `json:"node"`
	Generated   time.Time       `json:"generated"`
	GeneratedBy string          `json:"generated_by"`
	Since       time.Time       `json:"since"`
	Done        int             `json:"done"`
	Total       int             `json:"total"`
	Objectives  []PlanObjective `json:"objectives"`
	Overdue     []OwnerOverdue  `json:"overdue"`
	Changes     []PlanChange    `json:"changes"`
}

// PlanObjective is an objective's progress: actions done of those not
// dropped.
type PlanObjective struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Lead    string       `json:"lead"`
	Done    int          `json:"done"`
	Total   int          `json:"total"`
	Actions []PlanAction `json:"actions"`
}

// Percent is Done of Total in whole per cent, 0 for no actions.
func (o PlanObjective) Percent() int {
	if o.Total == 0 {
		return 0
	}
	return o.Done * 100 / o.Total
}

// PlanAction is one action as the report shows it.
type PlanAction struct {
	ID          string `json:"id"`
	Objective   string `json:"objective"`
	Title       string `json:"title"`
	Owner       string `json:"owner"`
	Counterpart string `json:"counterpart"`
	Due         string `json:"due"`
	Status      string `json:"status"`
	DaysLate    int    `json:"days_late,omitempty"`
	Notes       int    `json:"notes"`
}

// OwnerOverdue is the overdue actions of one owning party and agency,
// most late first.
type OwnerOverdue struct {
	Owner   string       `json:"owner"`
	Actions []PlanAction `json:"actions"`
}

// PlanChange is one change since the report's day: an objective or action
// created, an action changed by its owner, a note added.
type PlanChange struct {
	Time   time.Time `json:"time"`
	What   string    `json:"what"`
	Object string    `json:"object"`
	Title  string    `json:"title"`
	By     string    `json:"by"`
	Detail string    `json:"detail"`
}

// NewWorkplan computes the report of the plan os at now, listing the
// changes from since on. An action changed several times shows once, as
// it stands: the plan keeps each action's latest version, not its history.
func NewWorkplan(party, node string, os []liaison.Objective, now, since time.Time) *Workplan {
	w := &Workplan{Party: party, Node: node, Generated: now.UTC(), Since: since.UTC()}
	today := now.UTC().Format(DateLayout)
	late := map[string][]PlanAction{}
	for _, o := range os {
		po := PlanObjective{ID: o.ID, Title: o.Title, Lead: side(o.Lead)}
		if !o.Created.Before(since) {
			w.Changes = append(w.Changes, PlanChange{Time: o.Created, What: "objective created", Object: o.ID, Title: o.Title, By: by(o.CreatedBy)})
		}
		for _, a := range o.Actions {
			pa := PlanAction{
				ID: a.ID, Objective: o.Title, Title: a.Title, Owner: side(a.Owner), Counterpart: side(a.Counterpart),
				Due: a.Due, Status: string(a.Status), Notes: len(a.Notes),
			}
			if a.Status != liaison.ActionDropped {
				po.Total++
				if a.Status == liaison.ActionDone {
					po.Done++
				}
			}
			if a.Overdue(now) {
				if d, err := time.Parse(DateLayout, a.Due); err == nil {
					t, _ := time.Parse(DateLayout, today)
					pa.DaysLate = int(t.Sub(d).Hours() / 24)
				}
				owner := a.Owner.Party + "/" + a.Owner.Agency
				late[owner] = append(late[owner], pa)
			}
			po.Actions = append(po.Actions, pa)
			if !a.Created.Before(since) {
				// The creating officer is not kept past the first change:
				// the owner created it.
				w.Changes = append(w.Changes, PlanChange{Time: a.Created, What: "action created", Object: a.ID, Title: a.Title, By: side(a.Owner),
					Detail: "due " + a.Due + ", counterpart " + side(a.Counterpart)})
			}
			if a.Version > 1 && !a.Updated.Before(since) {
				w.Changes = append(w.Changes, PlanChange{Time: a.Updated, What: "action changed", Object: a.ID, Title: a.Title, By: by(a.UpdatedBy),
					Detail: fmt.Sprintf("now %s, due %s (version %d)", a.Status, a.Due, a.Version)})
			}
			for _, n := range a.Notes {
				if !n.Time.Before(since) {
					w.Changes = append(w.Changes, PlanChange{Time: n.Time, What: "note", Object: n.ID, Title: a.Title, By: by(n.Author), Detail: n.Text})
				}
			}
		}
		w.Done += po.Done
		w.Total += po.Total
		w.Objectives = append(w.Objectives, po)
	}
	for owner, as := range late {
		slices.SortFunc(as, func(x, y PlanAction) int {
			return cmp.Or(cmp.Compare(y.DaysLate, x.DaysLate), cmp.Compare(x.ID, y.ID))
		})
		w.Overdue = append(w.Overdue, OwnerOverdue{Owner: owner, Actions: as})
	}
	slices.SortFunc(w.Overdue, func(x, y OwnerOverdue) int { return cmp.Compare(x.Owner, y.Owner) })
	slices.SortFunc(w.Changes, func(x, y PlanChange) int {
		return cmp.Or(x.Time.Compare(y.Time), cmp.Compare(x.Object, y.Object), cmp.Compare(x.What, y.What))
	})
	return w
}

func side(s liaison.Side) string {
	out := s.Party + "/" + s.Agency
	if s.Officer != "" {
		out += " (" + s.Officer + ")"
	}
	return out
}

func by(s liaison.Sender) string {
	out := s.Party + "/" + s.Agency
	if s.Officer != "" {
		out += " " + s.Officer
	}
	return out
}

//go:embed workplan.html.tmpl
var planText string

var planPage = template.Must(template.New("workplan").Funcs(template.FuncMap{
	"stamp": stamp,
	"date":  func(t time.Time) string { return t.UTC().Format(DateLayout) },
	"bar":   func(o PlanObjective) int { return o.Percent() * 2 },
}).Parse(planText))

// planStyle is the workplan page's only style; PlanStyleSource hashes it.
const planStyle = `
body{font:14px/1.45 system-ui,sans-serif;color:#1b1f24;margin:2em auto;max-width:60em;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccd}h3{font-size:1em;margin:1.2em 0 .2em}
table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{text-align:left;padding:.2em .5em;border-bottom:1px solid #e3e3ea;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#4a4f57}code{font-family:ui-monospace,monospace;font-size:12px}
svg{display:inline-block;vertical-align:middle}.track{fill:#e3e3ea}.bar{fill:#2f6db5}
.late{color:#a4161a;font-weight:600}
@media print{h2{break-after:avoid}table{break-inside:avoid}}
`

// PlanStyleSource returns the CSP source expression that allows the HTML
// workplan report's style element and nothing else.
func PlanStyleSource() string {
	sum := sha256.Sum256([]byte(planStyle))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// WriteHTML writes w as one self-contained HTML page: no script, no
// external assets, progress bars as inline SVG.
func (w *Workplan) WriteHTML(out io.Writer) error {
	return planPage.Execute(out, struct {
		*Workplan
		Style template.CSS
	}{w, template.CSS(planStyle)})
}

// WriteMarkdown writes w as Markdown.
func (w *Workplan) WriteMarkdown(out io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Workplan report\n\nNode **%s** (party `%s`), generated %s by %s.  \n", md(w.Node), w.Party, stamp(w.Generated), md(w.GeneratedBy))
	fmt.Fprintf(&b, "Actions done: **%d of %d** (dropped actions not counted).\n\n", w.Done, w.Total)
	b.WriteString("## Progress by objective\n\n| objective | lead | done | progress |\n|---|---|--:|---|\n")
	for _, o := range w.Objectives {
		fmt.Fprintf(&b, "| %s | %s | %d/%d | `%s` %d %% |\n", md(o.Title), md(o.Lead), o.Done, o.Total, textBar(o.Percent()), o.Percent())
	}
	for _, o := range w.Objectives {
		fmt.Fprintf(&b, "\n### %s\n\n", md(o.Title))
		if len(o.Actions) == 0 {
			b.WriteString("No actions yet.\n")
			continue
		}
		b.WriteString("| action | owner | counterpart | due | status | notes |\n|---|---|---|---|---|--:|\n")
		for _, a := range o.Actions {
			status := a.Status
			if a.DaysLate > 0 {
				status += fmt.Sprintf(" (**%d days late**)", a.DaysLate)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %d |\n", md(a.Title), md(a.Owner), md(a.Counterpart), a.Due, status, a.Notes)
		}
	}
	b.WriteString("\n## Overdue actions by owner\n\n")
	if len(w.Overdue) == 0 {
		b.WriteString("None.\n")
	}
	for _, g := range w.Overdue {
		fmt.Fprintf(&b, "### %s\n\n| action | objective | due | days late | status |\n|---|---|---|--:|---|\n", md(g.Owner))
		for _, a := range g.Actions {
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %s |\n", md(a.Title), md(a.Objective), a.Due, a.DaysLate, a.Status)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n## Changes since %s\n\n", w.Since.Format(DateLayout))
	if len(w.Changes) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| time (UTC) | what | action or objective | by | detail |\n|---|---|---|---|---|\n")
		for _, c := range w.Changes {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", stamp(c.Time), c.What, md(c.Title), md(c.By), md(c.Detail))
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// textBar draws p per cent as ten cells.
func textBar(p int) string {
	n := p / 10
	return strings.Repeat("█", n) + strings.Repeat("░", 10-n)
}

// md escapes text for a Markdown table cell: no pipe, no line break, no
// markup or HTML from a title or note.
var mdEscaper = strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ", "\\", `\\`, "*", `\*`, "_", `\_`, "`", "\\`",
	"<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "#", `\#`)

func md(s string) string { return mdEscaper.Replace(s) }
