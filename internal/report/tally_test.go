package report_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison/internal/report"
)

func TestTally(t *testing.T) {
	var ty report.Tally
	ty.Add("fraud", "", report.Sent)
	ty.Add("cyber", "", report.Received)
	ty.Add("cyber", "", report.Sent)
	ty.Add("zeta", "", report.Received)
	ty.Add("alpha", "", report.Received)
	ty.Add("alpha", "", report.Received)
	got := ty.Rows("drugs", "cyber")
	want := []report.Row{
		{Key: "drugs"},
		{Key: "cyber", Sent: 1, Received: 1, Total: 2},
		{Key: "alpha", Received: 2, Total: 2},
		{Key: "fraud", Sent: 1, Total: 1},
		{Key: "zeta", Received: 1, Total: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rows (-want +got):\n%s", diff)
	}
}

func TestTimeliness(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	answered := func(h int) *time.Time { a := t0.Add(time.Duration(h) * time.Hour); return &a }
	var rs []report.RequestTiming
	for h := 1; h <= 10; h++ { // answered after 1..10 hours, due after 8
		rs = append(rs, report.RequestTiming{Asked: t0, Due: t0.Add(8 * time.Hour), Answered: answered(h)})
	}
	rs = append(rs, report.RequestTiming{Asked: t0, Due: t0.Add(8 * time.Hour)}) // open
	got := report.NewTimeliness(rs)
	want := report.Timeliness{
		Requests: 11, Answered: 10, OnTime: 8, OnTimeShare: ptr(8.0 / 11),
		MedianHours: ptr(5.5), P90Hours: ptr(9.0),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewTimeliness (-want +got):\n%s", diff)
	}
	if none := report.NewTimeliness(nil); none.Note != report.NoRequests || none.MedianHours != nil {
		t.Errorf("NewTimeliness(nil) = %+v, want the note %q and no figures", none, report.NoRequests)
	}
}
