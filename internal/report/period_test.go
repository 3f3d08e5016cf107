package report_test

import (
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/report"
)

func TestParsePeriod(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p, err := report.ParsePeriod("2024-02-28", "2024-03-01")
		if err != nil {
			t.Fatal(err)
		}
		if p.Days() != 3 || p.String() != "2024-02-28 to 2024-03-01" {
			t.Errorf("ParsePeriod = %s, %d days; want 3 days", p, p.Days())
		}
		if !p.Contains(day("2024-03-01").Add(23*3600e9)) || p.Contains(day("2024-03-02")) || p.Contains(day("2024-02-27")) {
			t.Error("Contains does not take the to date whole and nothing after it")
		}
		if _, err := report.ParsePeriod("2020-01-01", "2024-12-31"); err != nil {
			t.Errorf("five calendar years: %v", err)
		}
	})
	for _, tc := range []struct {
		name, from, to, field string
	}{
		{"ErrNoFrom", "", "2025-01-01", "from"},
		{"ErrBadFrom", "2025-13-01", "2025-12-31", "from"},
		{"ErrBadTo", "2025-01-01", "31/12/2025", "to"},
		{"ErrTimeNotDate", "2025-01-01T00:00:00Z", "2025-01-02", "from"},
		{"ErrBackwards", "2025-02-01", "2025-01-31", "to"},
		{"ErrTooLong", "2019-01-01", "2025-01-01", "to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.ParsePeriod(tc.from, tc.to)
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("ParsePeriod(%q, %q) = %v, want invalid", tc.from, tc.to, err)
			}
			if fs := liaison.ErrorFields(err); len(fs) == 0 || fs[0].Field != tc.field {
				t.Errorf("ParsePeriod(%q, %q) fields %+v, want %s first", tc.from, tc.to, fs, tc.field)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]report.Format{"": report.HTML, "csv": report.CSV, "JSON": report.JSON, "html": report.HTML} {
		if got, err := report.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := report.ParseFormat("pdf")
	if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "format" || len(fs[0].Allowed) != 3 {
		t.Errorf("ParseFormat(pdf) = %v, want an invalid format with the allowed ones", err)
	}
}

// FuzzParsePeriod feeds query parameters to ParsePeriod: it never panics,
// and what it accepts is a valid period that renders back to its input.
func FuzzParsePeriod(f *testing.F) {
	f.Add("2025-01-01", "2025-12-31")
	f.Add("2025-02-30", "2025-03-01")
	f.Add("0000-01-01", "9999-12-31")
	f.Add("2025-1-1", "")
	f.Fuzz(func(t *testing.T, from, to string) {
		p, err := report.ParsePeriod(from, to)
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("ParsePeriod(%q, %q) = %v, want invalid", from, to, err)
			}
			return
		}
		if p.Validate() != nil || p.Days() < 1 || p.Days() > report.MaxPeriodDays {
			t.Fatalf("ParsePeriod(%q, %q) accepted %s, %d days", from, to, p, p.Days())
		}
		if got := p.From.Format(report.DateLayout) + "/" + p.To.Format(report.DateLayout); got != from+"/"+to {
			t.Fatalf("ParsePeriod(%q, %q) reads back as %s", from, to, got)
		}
	})
}
