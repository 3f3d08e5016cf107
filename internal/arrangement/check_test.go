package arrangement

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/liaison-project/liaison"
)

// base is a small valid arrangement; each case edits it.
const base = `name = "Test arrangement"
version = 2
parties = ["in", "ca"]
crime_areas = ["drugs", "cyber"]
levels = ["LOW", "MID", "HIGH"]
ceiling = "MID"
retention_days = 30

[deadlines]
urgent = "8h"
high = "72h"
routine = "168h"

[[instruments]]
id = "treaty"
title = "A treaty"

[schemes]
in = [{ label = "R", level = "LOW" }, { label = "C", level = "MID" }]
ca = [{ label = "PA", level = "LOW" }, { label = "S", level = "HIGH" }]
`

var (
	levels = []string{"LOW", "MID", "HIGH"}
	areas  = []string{"drugs", "organised_crime", "cyber", "fraud", "immigration", "terrorism"}
)

func TestParseBase(t *testing.T) {
	a, err := Parse([]byte(base))
	if err != nil {
		t.Fatalf("Parse(base) = %v", err)
	}
	if a.Evaluation != liaison.EvalAdmiralty || a.ReadReceipts || a.Version != 2 {
		t.Errorf("defaults: evaluation %q, read receipts %v, version %d; want %q, false, 2",
			a.Evaluation, a.ReadReceipts, a.Version, liaison.EvalAdmiralty)
	}
	if len(a.ID) != 64 || a.Applied.IsZero() == false {
		t.Errorf("ID %q, Applied %v: want 64 hex digits and zero time", a.ID, a.Applied)
	}
}

func TestParseFields(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // edit of base; old "" appends new
		tail     string // appended to the [schemes] table
		want     []liaison.FieldError
	}{
		{name: "OKTransfer", new: "[[transfers]]\nareas = [\"drugs\"]\nsubjects = [\"suspect\", \"victim\"]\nbases = [\"treaty\"]\n"},
		{name: "ErrTransferTerms", new: "[[transfers]]\nareas = [\"fraud\"]\nsubjects = [\"informant\"]\nbases = []\n",
			want: []liaison.FieldError{
				{Field: "transfers[0].areas[0]", Problem: `crime area "fraud" is not in the arrangement's crime_areas`, Allowed: []string{"drugs", "cyber"}},
				{Field: "transfers[0].subjects[0]", Problem: `unknown subject category "informant"`, Allowed: liaison.Subjects},
				{Field: "transfers[0].bases", Problem: "at least one legal basis is required", Allowed: []string{"treaty"}},
			}},
		{name: "ErrTransferUnknownBasis", new: "[[transfers]]\nareas = [\"drugs\"]\nsubjects = [\"suspect\"]\nbases = [\"gdpr\"]\nmood = 1\n",
			want: []liaison.FieldError{
				{Field: "transfers.mood", Problem: "unknown key"},
				{Field: "transfers[0].bases[0]", Problem: `unknown instrument "gdpr"`, Allowed: []string{"treaty"}},
			}},
		{name: "OKEuropol", new: `evaluation = "europol-4x4"` + "\n"},
		{name: "OKPartyInstrument", old: `title = "A treaty"`, new: "title = \"A treaty\"\n[[instruments]]\nid = \"in-law\"\nparty = \"in\"\ntitle = \"A law\""},
		{name: "OKThreeParties", old: `parties = ["in", "ca"]`, new: `parties = ["in", "ca", "europol"]`,
			tail: `europol = [{ label = "EU RESTRICTED", level = "LOW" }]`},
		{name: "ErrThirdPartyWithoutScheme", old: `parties = ["in", "ca"]`, new: `parties = ["in", "ca", "europol"]`,
			tail: `europol = []`,
			want: []liaison.FieldError{{Field: "schemes.europol", Problem: `party "europol" has no classification scheme`}}},
		{name: "ErrUnknownKey", old: `retention_days = 30`, new: "retention_days = 30\ncolour = \"blue\"",
			want: []liaison.FieldError{{Field: "colour", Problem: "unknown key"}}},
		{name: "ErrUnknownNestedKey", old: `title = "A treaty"`, new: "title = \"A treaty\"\nurl = \"x\"",
			want: []liaison.FieldError{{Field: "instruments.url", Problem: "unknown key"}}},
		{name: "ErrUnknownMarkingKey", old: `{ label = "R", level = "LOW" }`, new: `{ label = "R", level = "LOW", rank = 1 }`,
			want: []liaison.FieldError{{Field: "schemes.in.rank", Problem: "unknown key"}}},
		{name: "ErrNameRequired", old: `name = "Test arrangement"`, new: `name = " "`,
			want: []liaison.FieldError{{Field: "name", Problem: "required"}}},
		{name: "ErrNameControl", old: `name = "Test arrangement"`, new: `name = "a\tb"`,
			want: []liaison.FieldError{{Field: "name", Problem: "contains a control character"}}},
		{name: "ErrVersion", old: "version = 2", new: "version = 0",
			want: []liaison.FieldError{{Field: "version", Problem: "must be 1 or more, not 0"}}},
		{name: "ErrOneParty", old: `parties = ["in", "ca"]`, new: `parties = ["in"]`,
			want: []liaison.FieldError{
				{Field: "parties", Problem: "at least two parties, got 1"},
				{Field: "schemes.ca", Problem: `"ca" is not a party to the arrangement`, Allowed: []string{"in"}},
			}},
		{name: "ErrPartyCode", old: `parties = ["in", "ca"]`, new: `parties = ["in", "CA"]`,
			want: []liaison.FieldError{
				{Field: "parties[1]", Problem: `party code "CA" is not 2 to 8 lower-case letters`},
				{Field: "schemes.ca", Problem: `"ca" is not a party`, Allowed: []string{"in", "CA"}},
			}},
		{name: "ErrPartyDuplicate", old: `parties = ["in", "ca"]`, new: `parties = ["in", "ca", "in"]`,
			want: []liaison.FieldError{{Field: "parties[2]", Problem: `duplicate party "in"`}}},
		{name: "ErrNoAreas", old: `crime_areas = ["drugs", "cyber"]`, new: `crime_areas = []`,
			want: []liaison.FieldError{{Field: "crime_areas", Problem: "at least one crime area is required", Allowed: areas}}},
		{name: "ErrAreaUnknown", old: `crime_areas = ["drugs", "cyber"]`, new: `crime_areas = ["drugs", "piracy"]`,
			want: []liaison.FieldError{{Field: "crime_areas[1]", Problem: `unknown crime area "piracy"`, Allowed: areas}}},
		{name: "ErrAreaDuplicate", old: `crime_areas = ["drugs", "cyber"]`, new: `crime_areas = ["drugs", "drugs"]`,
			want: []liaison.FieldError{{Field: "crime_areas[1]", Problem: `duplicate crime area "drugs"`}}},
		{name: "ErrInstrumentID", old: `id = "treaty"`, new: `id = "Treaty 1"`,
			want: []liaison.FieldError{{Field: "instruments[0].id", Problem: `id "Treaty 1" is not lower-case letters`}}},
		{name: "ErrInstrumentIDRequired", old: `id = "treaty"`, new: ``,
			want: []liaison.FieldError{{Field: "instruments[0].id", Problem: "required"}}},
		{name: "ErrInstrumentDuplicate", old: `title = "A treaty"`, new: "title = \"A treaty\"\n[[instruments]]\nid = \"treaty\"\ntitle = \"Again\"",
			want: []liaison.FieldError{{Field: "instruments[1].id", Problem: `duplicate instrument id "treaty"`}}},
		{name: "ErrInstrumentTitle", old: `title = "A treaty"`, new: ``,
			want: []liaison.FieldError{{Field: "instruments[0].title", Problem: "required"}}},
		{name: "ErrInstrumentParty", old: `title = "A treaty"`, new: "title = \"A treaty\"\nparty = \"us\"",
			want: []liaison.FieldError{{Field: "instruments[0].party", Problem: `"us" is not a party`, Allowed: []string{"in", "ca"}}}},
		{name: "ErrNoLevels", old: `levels = ["LOW", "MID", "HIGH"]`, new: `levels = []`,
			want: []liaison.FieldError{
				{Field: "levels", Problem: "at least one level is required"},
				{Field: "schemes.ca[0].level", Problem: `unknown level "LOW"`},
				{Field: "schemes.ca[1].level", Problem: `unknown level "HIGH"`},
				{Field: "schemes.in[0].level", Problem: `unknown level "LOW"`},
				{Field: "schemes.in[1].level", Problem: `unknown level "MID"`},
				{Field: "ceiling", Problem: `unknown level "MID"`},
			}},
		{name: "ErrLevelDuplicate", old: `levels = ["LOW", "MID", "HIGH"]`, new: `levels = ["LOW", "MID", "HIGH", "MID"]`,
			want: []liaison.FieldError{{Field: "levels[3]", Problem: `duplicate level "MID"`}}},
		{name: "ErrLevelBlank", old: `levels = ["LOW", "MID", "HIGH"]`, new: `levels = ["LOW", "MID", "HIGH", ""]`,
			want: []liaison.FieldError{{Field: "levels[3]", Problem: "required"}}},
		{name: "ErrSchemeMissing", old: `ca = [{ label = "PA", level = "LOW" }, { label = "S", level = "HIGH" }]`, new: ``,
			want: []liaison.FieldError{{Field: "schemes.ca", Problem: `party "ca" has no classification scheme`}}},
		{name: "ErrSchemeNotParty", new: `us = [{ label = "X", level = "LOW" }]` + "\n",
			want: []liaison.FieldError{{Field: "schemes.us", Problem: `"us" is not a party`, Allowed: []string{"in", "ca"}}}},
		{name: "ErrMarkingLevel", old: `{ label = "S", level = "HIGH" }`, new: `{ label = "S", level = "SECRET" }`,
			want: []liaison.FieldError{{Field: "schemes.ca[1].level", Problem: `unknown level "SECRET"`, Allowed: levels}}},
		{name: "ErrMarkingLevelRequired", old: `{ label = "S", level = "HIGH" }`, new: `{ label = "S" }`,
			want: []liaison.FieldError{{Field: "schemes.ca[1].level", Problem: "required", Allowed: levels}}},
		{name: "ErrMarkingLabelDuplicate", old: `{ label = "S", level = "HIGH" }`, new: `{ label = "PA", level = "HIGH" }`,
			want: []liaison.FieldError{{Field: "schemes.ca[1].label", Problem: `duplicate label "PA"`}}},
		{name: "ErrMarkingLabelRequired", old: `{ label = "S", level = "HIGH" }`, new: `{ level = "HIGH" }`,
			want: []liaison.FieldError{{Field: "schemes.ca[1].label", Problem: "required"}}},
		{name: "ErrCeilingRequired", old: `ceiling = "MID"`, new: ``,
			want: []liaison.FieldError{{Field: "ceiling", Problem: "required", Allowed: levels}}},
		{name: "ErrCeilingUnknown", old: `ceiling = "MID"`, new: `ceiling = "PROTECTED B"`,
			want: []liaison.FieldError{{Field: "ceiling", Problem: `unknown level "PROTECTED B"`, Allowed: levels}}},
		{name: "ErrEvaluation", new: `evaluation = "nato"` + "\n",
			want: []liaison.FieldError{{Field: "evaluation", Problem: `unknown evaluation scheme "nato"`,
				Allowed: []string{liaison.EvalAdmiralty, liaison.EvalEuropol}}}},
		{name: "ErrDeadlineMissing", old: `high = "72h"`, new: ``,
			want: []liaison.FieldError{{Field: "deadlines.high", Problem: "required"}}},
		{name: "ErrDeadlineDays", old: `routine = "168h"`, new: `routine = "7d"`,
			want: []liaison.FieldError{{Field: "deadlines.routine", Problem: `"7d" is not a duration such as "72h"`}}},
		{name: "ErrDeadlineZero", old: `urgent = "8h"`, new: `urgent = "0s"`,
			want: []liaison.FieldError{{Field: "deadlines.urgent", Problem: "must be positive, not 0s"}}},
		{name: "ErrDeadlineNegative", old: `urgent = "8h"`, new: `urgent = "-8h"`,
			want: []liaison.FieldError{{Field: "deadlines.urgent", Problem: "must be positive, not -8h"}}},
		{name: "ErrDeadlineUnknown", old: `routine = "168h"`, new: "routine = \"168h\"\nweekly = \"1h\"",
			want: []liaison.FieldError{{Field: "deadlines.weekly", Problem: `unknown priority "weekly"`,
				Allowed: []string{"urgent", "high", "routine"}}}},
		{name: "ErrNoDeadlines", old: "[deadlines]\nurgent = \"8h\"\nhigh = \"72h\"\nroutine = \"168h\"\n", new: "",
			want: []liaison.FieldError{
				{Field: "deadlines.urgent", Problem: "required"},
				{Field: "deadlines.high", Problem: "required"},
				{Field: "deadlines.routine", Problem: "required"},
			}},
		{name: "ErrRetention", old: "retention_days = 30", new: "retention_days = 0",
			want: []liaison.FieldError{{Field: "retention_days", Problem: "must be between 1 and 36525, not 0"}}},
		{name: "ErrRetentionHuge", old: "retention_days = 30", new: "retention_days = 9999999",
			want: []liaison.FieldError{{Field: "retention_days", Problem: "not 9999999"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := edit(t, tt.old, tt.new) + tt.tail
			_, err := Parse([]byte(doc))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Parse() = %v, want nil", err)
				}
				return
			}
			if liaison.ErrorCode(err) != liaison.EINVALID || liaison.ErrorMessage(err) != "invalid arrangement" {
				t.Fatalf("Parse() = %v, want an %s error %q", err, liaison.EINVALID, "invalid arrangement")
			}
			got := liaison.ErrorFields(err)
			// Problems are prose: compare their gist, fields and allowed values exactly.
			opt := cmp.Comparer(func(a, b liaison.FieldError) bool {
				return a.Field == b.Field && cmp.Equal(a.Allowed, b.Allowed, cmpopts.EquateEmpty()) &&
					(strings.Contains(a.Problem, b.Problem) || strings.Contains(b.Problem, a.Problem))
			})
			if diff := cmp.Diff(tt.want, got, opt); diff != "" {
				t.Errorf("Parse() = %v\nfields (-want +got):\n%s", err, diff)
			}
		})
	}
}

// edit returns base with old replaced by new, or with new appended when old
// is empty. It fails the test when old is not in base.
func edit(tb testing.TB, old, new string) string {
	tb.Helper()
	if old == "" {
		// Top-level keys must come before the first table; schemes last.
		if strings.HasPrefix(new, "evaluation") {
			return new + base
		}
		return base + new
	}
	if !strings.Contains(base, old) {
		tb.Fatalf("base has no %q", old)
	}
	return strings.Replace(base, old, new, 1)
}
