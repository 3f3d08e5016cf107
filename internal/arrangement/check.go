package arrangement

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/liaison-project/liaison"
)

// Bounds on free text in the file: enough for any real title, short enough
// to show in a form.
const (
	maxName          = 200
	maxLabel         = 64
	maxRetentionDays = 36525 // a century: beyond, date arithmetic is not worth trusting
)

// An instrument id is cited in every handling that rests on it: lower-case
// letters, digits, dots and dashes ("ca-in-mlat-1995").
var instrumentID = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,63}$`)

// priorities are the deadline keys, in the order problems are reported.
var priorities = []liaison.Priority{liaison.PriorityUrgent, liaison.PriorityHigh, liaison.PriorityRoutine}

// check validates the decoded file, records every problem in f, and returns
// the arrangement the file describes (meaningful only when f stays empty).
func (d *file) check(f *liaison.Fields) *liaison.Arrangement {
	a := &liaison.Arrangement{
		Name:          d.Name,
		Version:       d.Version,
		Parties:       d.Parties,
		Instrument:    d.Instruments,
		Levels:        d.Levels,
		Schemes:       d.Schemes,
		Ceiling:       d.Ceiling,
		Evaluation:    d.Evaluation,
		RetentionDays: d.RetentionDays,
		ReadReceipts:  d.ReadReceipts,
	}
	if problem := text(d.Name, maxName); problem != "" {
		f.Add("name", problem)
	}
	if d.Version < 1 {
		f.Add("version", fmt.Sprintf("must be 1 or more, not %d", d.Version))
	}
	d.checkParties(f)
	a.CrimeAreas = d.checkAreas(f)
	d.checkInstruments(f)
	d.checkLevels(f)
	d.checkSchemes(f)
	switch {
	case d.Ceiling == "":
		f.Add("ceiling", "required", d.Levels...)
	case !slices.Contains(d.Levels, d.Ceiling):
		f.Add("ceiling", "unknown level "+strconv.Quote(d.Ceiling), d.Levels...)
	}
	switch d.Evaluation {
	case "":
		a.Evaluation = liaison.EvalAdmiralty
	case liaison.EvalAdmiralty, liaison.EvalEuropol:
	default:
		f.Add("evaluation", "unknown evaluation scheme "+strconv.Quote(d.Evaluation), liaison.EvalAdmiralty, liaison.EvalEuropol)
	}
	a.Deadlines = d.checkDeadlines(f)
	a.Transfers = d.checkTransfers(f, a.CrimeAreas)
	if d.RetentionDays < 1 || d.RetentionDays > maxRetentionDays {
		f.Add("retention_days", fmt.Sprintf("must be between 1 and %d, not %d", maxRetentionDays, d.RetentionDays))
	}
	return a
}

// text says what is wrong with a required single-line text, or "".
func text(s string, max int) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "required"
	case len(s) > max:
		return fmt.Sprintf("longer than %d bytes", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	case s != strings.TrimSpace(s):
		return "has leading or trailing space"
	}
	return ""
}

func (d *file) checkParties(f *liaison.Fields) {
	if len(d.Parties) < 2 {
		f.Add("parties", fmt.Sprintf("an arrangement needs at least two parties, got %d", len(d.Parties)))
	}
	for i, p := range d.Parties {
		field := fmt.Sprintf("parties[%d]", i)
		switch {
		case !liaison.ValidParty(p):
			f.Add(field, fmt.Sprintf("party code %q is not 2 to 8 lower-case letters", p))
		case slices.Contains(d.Parties[:i], p):
			f.Add(field, fmt.Sprintf("duplicate party %q", p))
		}
	}
}

func (d *file) checkAreas(f *liaison.Fields) []liaison.CrimeArea {
	known := make([]string, len(liaison.CrimeAreas))
	for i, c := range liaison.CrimeAreas {
		known[i] = string(c)
	}
	if len(d.CrimeAreas) == 0 {
		f.Add("crime_areas", "at least one crime area is required", known...)
	}
	areas := make([]liaison.CrimeArea, len(d.CrimeAreas))
	for i, s := range d.CrimeAreas {
		areas[i] = liaison.CrimeArea(s)
		field := fmt.Sprintf("crime_areas[%d]", i)
		switch {
		case !areas[i].Valid():
			f.Add(field, fmt.Sprintf("unknown crime area %q", s), known...)
		case slices.Contains(d.CrimeAreas[:i], s):
			f.Add(field, fmt.Sprintf("duplicate crime area %q", s))
		}
	}
	return areas
}

func (d *file) checkInstruments(f *liaison.Fields) {
	var seen []string
	for i, in := range d.Instruments {
		field := fmt.Sprintf("instruments[%d]", i)
		switch {
		case in.ID == "":
			f.Add(field+".id", "required")
		case !instrumentID.MatchString(in.ID):
			f.Add(field+".id", fmt.Sprintf("id %q is not lower-case letters, digits, dots and dashes, at most 64", in.ID))
		case slices.Contains(seen, in.ID):
			f.Add(field+".id", fmt.Sprintf("duplicate instrument id %q", in.ID))
		}
		seen = append(seen, in.ID)
		if problem := text(in.Title, maxName); problem != "" {
			f.Add(field+".title", problem)
		}
		if in.Party != "" && !slices.Contains(d.Parties, in.Party) {
			f.Add(field+".party", fmt.Sprintf("%q is not a party to the arrangement", in.Party), d.Parties...)
		}
		if len(in.Cite) > 2*maxName {
			f.Add(field+".cite", fmt.Sprintf("longer than %d bytes", 2*maxName))
		}
	}
}

func (d *file) checkLevels(f *liaison.Fields) {
	if len(d.Levels) == 0 {
		f.Add("levels", "at least one level is required")
	}
	for i, l := range d.Levels {
		field := fmt.Sprintf("levels[%d]", i)
		if problem := text(l, maxLabel); problem != "" {
			f.Add(field, problem)
		} else if slices.Contains(d.Levels[:i], l) {
			f.Add(field, fmt.Sprintf("duplicate level %q", l))
		}
	}
}

func (d *file) checkSchemes(f *liaison.Fields) {
	for _, p := range d.Parties {
		if len(d.Schemes[p]) == 0 && liaison.ValidParty(p) {
			f.Add("schemes."+p, fmt.Sprintf("party %q has no classification scheme", p))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(d.Schemes)) {
		if !slices.Contains(d.Parties, p) {
			f.Add("schemes."+p, fmt.Sprintf("%q is not a party to the arrangement", p), d.Parties...)
			continue
		}
		ms := d.Schemes[p]
		for i, m := range ms {
			field := fmt.Sprintf("schemes.%s[%d]", p, i)
			if problem := text(m.Label, maxLabel); problem != "" {
				f.Add(field+".label", problem)
			} else if slices.ContainsFunc(ms[:i], func(o liaison.Marking) bool { return o.Label == m.Label }) {
				f.Add(field+".label", fmt.Sprintf("duplicate label %q", m.Label))
			}
			switch {
			case m.Level == "":
				f.Add(field+".level", "required", d.Levels...)
			case !slices.Contains(d.Levels, m.Level):
				f.Add(field+".level", fmt.Sprintf("unknown level %q", m.Level), d.Levels...)
			}
		}
	}
}

func (d *file) checkDeadlines(f *liaison.Fields) map[liaison.Priority]time.Duration {
	names := make([]string, len(priorities))
	for i, p := range priorities {
		names[i] = string(p)
	}
	out := make(map[liaison.Priority]time.Duration, len(priorities))
	for _, p := range priorities {
		field := "deadlines." + string(p)
		s, ok := d.Deadlines[string(p)]
		if !ok {
			f.Add(field, "required: a duration such as \"72h\"")
			continue
		}
		dur, err := time.ParseDuration(s)
		switch {
		case err != nil:
			f.Add(field, fmt.Sprintf("%q is not a duration such as \"72h\"", s))
		case dur <= 0:
			f.Add(field, fmt.Sprintf("must be positive, not %s", s))
		default:
			out[p] = dur
		}
	}
	for _, k := range slices.Sorted(maps.Keys(d.Deadlines)) {
		if !slices.Contains(names, k) {
			f.Add("deadlines."+k, fmt.Sprintf("unknown priority %q", k), names...)
		}
	}
	return out
}

func (d *file) checkTransfers(f *liaison.Fields, areas []liaison.CrimeArea) []liaison.Transfer {
	var ids []string
	for _, in := range d.Instruments {
		ids = append(ids, in.ID)
	}
	names := make([]string, len(areas))
	for i, a := range areas {
		names[i] = string(a)
	}
	for i, t := range d.Transfers {
		field := fmt.Sprintf("transfers[%d]", i)
		if len(t.Areas) == 0 {
			f.Add(field+".areas", "at least one crime area is required", names...)
		}
		for j, a := range t.Areas {
			if !slices.Contains(areas, a) {
				f.Add(fmt.Sprintf("%s.areas[%d]", field, j), fmt.Sprintf("crime area %q is not in the arrangement's crime_areas", a), names...)
			}
		}
		if len(t.Subjects) == 0 {
			f.Add(field+".subjects", "at least one subject category is required", liaison.Subjects...)
		}
		for j, s := range t.Subjects {
			if !slices.Contains(liaison.Subjects, s) {
				f.Add(fmt.Sprintf("%s.subjects[%d]", field, j), fmt.Sprintf("unknown subject category %q", s), liaison.Subjects...)
			}
		}
		if len(t.Bases) == 0 {
			f.Add(field+".bases", "at least one legal basis is required", ids...)
		}
		for j, b := range t.Bases {
			if !slices.Contains(ids, b) {
				f.Add(fmt.Sprintf("%s.bases[%d]", field, j), fmt.Sprintf("unknown instrument %q", b), ids...)
			}
		}
	}
	return d.Transfers
}
