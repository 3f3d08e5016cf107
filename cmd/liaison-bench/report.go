package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// goal is what the backbone issue asks of a value.
type goal struct {
	atLeast bool    // the value must be at least limit; otherwise below it
	limit   float64 // in the value's unit
	zero    bool    // the goal is zero (a count of failures)
}

func (g *goal) met(v float64) bool {
	if g.atLeast {
		return v >= g.limit
	}
	return v < g.limit
}

func (g *goal) String() string {
	if g.atLeast {
		return "≥ " + format(g.limit)
	}
	if g.zero {
		return "0"
	}
	return "< " + format(g.limit)
}

// row is one line of the report: the median of a value over the runs.
type row struct {
	Section, Name, Unit string
	Median, Min, Max    float64
	N                   int  // values the median is over
	ZeroOK              bool // zero is a sane value (a count of failures, a share)
	Goal                *goal
}

// report collects the values of every run, by section and name, in the
// order they were first added.
type report struct {
	keys   []string
	values map[string]*row
	all    map[string][]float64
}

// add adds a value of a row and returns the row.
func (r *report) add(section, name string, v float64, unit string, g *goal) *row {
	if r.values == nil {
		r.values, r.all = map[string]*row{}, map[string][]float64{}
	}
	key := section + "\x00" + name
	if _, ok := r.values[key]; !ok {
		r.keys = append(r.keys, key)
		r.values[key] = &row{Section: section, Name: name, Unit: unit, Goal: g}
	}
	r.all[key] = append(r.all[key], v)
	return r.values[key]
}

func (r *report) rows() []row {
	var out []row
	for _, k := range r.keys {
		row := *r.values[k]
		vs := slices.Clone(r.all[k])
		slices.Sort(vs)
		row.N, row.Min, row.Max = len(vs), vs[0], vs[len(vs)-1]
		row.Median = median(vs)
		out = append(out, row)
	}
	return out
}

// median of sorted values.
func median(vs []float64) float64 {
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// percentile returns the p-th percentile (nearest rank) of ds; 0 for none.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }
func mb(b int64) float64         { return float64(b) / (1 << 20) }

// format prints a value with as many digits as mean something.
func format(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 10000:
		return thousands(int64(math.Round(v)))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a == 0:
		return "0"
	}
	return fmt.Sprintf("%.2f", v)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// printReport writes the machine, the sizes and the table.
func printReport(w io.Writer, b *bench, m machine, rows []row) {
	fmt.Fprintf(w, "\nLiaison benchmark: two real nodes over loopback mTLS 1.3\n\n")
	fmt.Fprintf(w, "machine:   %d CPUs (%s), %s, Linux %s, %s\n", m.cpus, m.model, m.mem, m.kernel, m.goVersion)
	fmt.Fprintf(w, "disk:      fdatasync of 4 KiB in %s: median %.2f ms (%s)\n", b.dir, m.fsync.Seconds()*1000, m.fs)
	fmt.Fprintf(w, "binary:    %s\n", b.bin)
	fmt.Fprintf(w, "runs:      %d (each value is the median over the runs; [min–max] when more than one)\n\n", b.runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, r := range rows {
		if r.Section != section {
			if section != "" {
				fmt.Fprintln(tw, "\t\t\t\t")
			}
			section = r.Section
			fmt.Fprintf(tw, "%s\t\t\t\t\n", section)
		}
		spread := ""
		if r.N > 1 {
			spread = fmt.Sprintf("[%s–%s]", format(r.Min), format(r.Max))
		}
		g := ""
		if r.Goal != nil {
			verdict := "MET"
			if !r.Goal.met(r.Median) {
				verdict = "NOT MET"
			}
			g = fmt.Sprintf("goal %s %s: %s", r.Goal, r.Unit, verdict)
		}
		fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\t\n", r.Name, format(r.Median), r.Unit, spread, g)
	}
	tw.Flush()
}
