package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/report"
)

// testPlan is a small plan with every case the report shows: done, open,
// dropped and overdue actions, notes and changes before and after the
// report's day, and text that must be escaped.
func testPlan() []liaison.Objective {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 30, 0, 0, time.UTC) }
	in := liaison.Sender{Party: "in", Agency: "ncb", Officer: "Priya Sharma"}
	ca := liaison.Sender{Party: "ca", Agency: "cbsa", Officer: "Daniel Singh"}
	return []liaison.Objective{
		{ID: "obj-1", Title: "Drug and fentanyl-precursor information sharing", Lead: liaison.Side{Party: "ca", Agency: "cbsa"},
			CreatedBy: ca, Created: day(1), Actions: []liaison.Action{
				{ID: "act-1", Title: "Agree the precursor list", Owner: liaison.Side{Party: "ca", Agency: "cbsa"},
					Counterpart: liaison.Side{Party: "in", Agency: "ncb", Officer: "Priya Sharma"}, Due: "2026-03-10",
					Status: liaison.ActionDone, Version: 3, Created: day(1), Updated: day(9), UpdatedBy: ca,
					Notes: []liaison.Note{{ID: "n-1", Time: day(8), Author: in, Text: "List | received <b>today</b>\nthanks"}}},
				{ID: "act-2", Title: "Share seizure data monthly", Owner: liaison.Side{Party: "in", Agency: "ncb"},
					Counterpart: liaison.Side{Party: "ca", Agency: "cbsa"}, Due: "2026-03-12",
					Status: liaison.ActionInProgress, Version: 1, Created: day(2), Updated: day(2), UpdatedBy: in},
				{ID: "act-3", Title: "Dropped idea", Owner: liaison.Side{Party: "in", Agency: "ncb"},
					Counterpart: liaison.Side{Party: "ca", Agency: "cbsa"}, Due: "2026-03-05",
					Status: liaison.ActionDropped, Version: 2, Created: day(2), Updated: day(3), UpdatedBy: in},
			}},
		{ID: "obj-2", Title: "Cyber <script>alert(1)</script> information sharing", Lead: liaison.Side{Party: "in", Agency: "cert-in"},
			CreatedBy: in, Created: day(6), Actions: []liaison.Action{
				{ID: "act-4", Title: "Weekly indicator exchange", Owner: liaison.Side{Party: "in", Agency: "cert-in"},
					Counterpart: liaison.Side{Party: "ca", Agency: "cccs"}, Due: "2026-03-11",
					Status: liaison.ActionBlocked, Version: 2, Created: day(6), Updated: day(7), UpdatedBy: in},
			}},
		{ID: "obj-3", Title: "Immigration enforcement", Lead: liaison.Side{Party: "ca", Agency: "cbsa"}, CreatedBy: ca, Created: day(1)},
	}
}

func TestWorkplanGolden(t *testing.T) {
	w := report.NewWorkplan("in", "India liaison node", testPlan(),
		time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC))
	w.GeneratedBy = "operator at the console"
	if w.Done != 1 || w.Total != 3 {
		t.Errorf("done %d of %d, want 1 of 3 (the dropped action not counted)", w.Done, w.Total)
	}
	if len(w.Overdue) != 2 || w.Overdue[0].Owner != "in/cert-in" || w.Overdue[1].Actions[0].DaysLate != 3 {
		t.Errorf("overdue = %+v, want in/cert-in then in/ncb (act-2, 3 days late)", w.Overdue)
	}
	for _, f := range []struct {
		ext   string
		write func(*bytes.Buffer) error
	}{
		{"html", func(b *bytes.Buffer) error { return w.WriteHTML(b) }},
		{"md", func(b *bytes.Buffer) error { return w.WriteMarkdown(b) }},
	} {
		t.Run(f.ext, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "<script>") {
				t.Errorf("the %s report holds an unescaped <script>", f.ext)
			}
			golden := filepath.Join("testdata", "workplan.golden."+f.ext)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s differs from %s (-want +got; go test -update rewrites it):\n%s", f.ext, golden, diff)
			}
		})
	}
}
