package web

import (
	"fmt"
	"strconv"
	"time"
)

// monthKeys are the catalog keys of the months' short names.
var monthKeys = [12]string{"month.1", "month.2", "month.3", "month.4", "month.5", "month.6",
	"month.7", "month.8", "month.9", "month.10", "month.11", "month.12"}

// DateTime formats t in loc the locale's way: "23 Nov 2026, 14:05",
// "23 nov. 2026, 14 h 05", "23 नवंबर 2026, 14:05". The pattern and the
// month names are catalog data ("time.datetime", "month.N").
func (l *locale) DateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return l.T("time.datetime", t.Day(), l.T(monthKeys[t.Month()-1]), t.Year(),
		fmt.Sprintf("%02d", t.Hour()), fmt.Sprintf("%02d", t.Minute()))
}

// Date formats the day of t in loc: "23 Nov 2026".
func (l *locale) Date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return l.T("time.date", t.Day(), l.T(monthKeys[t.Month()-1]), t.Year())
}

// Day formats a YYYY-MM-DD day (a workplan due date) the locale's way; a
// string that is no such day comes back unchanged.
func (l *locale) Day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return l.Date(t, time.UTC)
}

// Remaining is the time left until due as a clock, "2 d 03:12:05 left",
// or how long ago it passed, "overdue by 00:04:10", as the page shows it
// before app.js takes over.
func (l *locale) Remaining(due, now time.Time) string {
	d := due.Sub(now).Truncate(time.Second)
	if d < 0 {
		return l.T("clock.overdue", l.span(-d))
	}
	return l.T("clock.left", l.span(d))
}

func (l *locale) span(d time.Duration) string {
	s := int64(d / time.Second)
	days, s := s/86400, s%86400
	hms := fmt.Sprintf("%02d:%02d:%02d", s/3600, s%3600/60, s%60)
	if days > 0 {
		return l.T("clock.days", strconv.FormatInt(days, 10), hms)
	}
	return hms
}
