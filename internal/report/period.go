package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
)

// DateLayout is how a report's dates are written: YYYY-MM-DD, in UTC.
const DateLayout = "2006-01-02"

// MaxPeriodDays bounds the period of one report: five years, leap days
// included. A longer one is almost always a typing error, and would read
// the whole history for nothing.
const MaxPeriodDays = 5*365 + 2

// Period is the days a report covers, From to To inclusive, in UTC.
type Period struct {
	From, To time.Time
}

// ParsePeriod reads the dates from and to (YYYY-MM-DD, UTC, to
// inclusive). It returns EINVALID naming the field at fault: "from" or
// "to" when missing or not a date, "to" when before from or more than
// MaxPeriodDays after it.
func ParsePeriod(from, to string) (Period, error) {
	var (
		p Period
		f liaison.Fields
	)
	parse := func(field, v string, t *time.Time) {
		switch d, err := time.Parse(DateLayout, v); {
		case v == "":
			f.Add(field, "required, a date YYYY-MM-DD")
		case err != nil:
			f.Add(field, "not a date YYYY-MM-DD: "+strconv.Quote(short(v)))
		default:
			*t = d
		}
	}
	parse("from", from, &p.From)
	parse("to", to, &p.To)
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	if err := p.Validate(); err != nil {
		return Period{}, err
	}
	return p, nil
}

// Validate checks that the period runs forward and is not longer than
// MaxPeriodDays; EINVALID naming the field "to" otherwise.
func (p Period) Validate() error {
	switch days := p.Days(); {
	case p.To.Before(p.From):
		return liaison.Invalid(liaison.FieldError{Field: "to", Problem: fmt.Sprintf("%s is before from %s", p.To.Format(DateLayout), p.From.Format(DateLayout))})
	case days > MaxPeriodDays:
		return liaison.Invalid(liaison.FieldError{Field: "to", Problem: fmt.Sprintf("the period is %d days; a report covers at most %d (five years)", days, MaxPeriodDays)})
	}
	return nil
}

// Days is the number of days in the period, both ends included.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours()/24) + 1 }

// Start is the first instant of the period, and End the first instant
// after it: a time t is in the period when Start <= t < End.
func (p Period) Start() time.Time { return p.From.UTC() }

// End is the first instant after the period: midnight after To.
func (p Period) End() time.Time { return p.To.UTC().AddDate(0, 0, 1) }

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start()) && t.Before(p.End()) }

// String renders the period as "2025-01-01 to 2025-03-31".
func (p Period) String() string {
	return p.From.Format(DateLayout) + " to " + p.To.Format(DateLayout)
}

// period is how a Period reads in JSON.
type period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// MarshalJSON writes the period as {"from": "YYYY-MM-DD", "to": ...}.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(period{p.From.Format(DateLayout), p.To.Format(DateLayout)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Period) UnmarshalJSON(b []byte) error {
	var v period
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	q, err := ParsePeriod(v.From, v.To)
	if err != nil {
		return err
	}
	*p = q
	return nil
}
