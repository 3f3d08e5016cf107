package liaison

import (
	"testing"
	"time"
)

func TestDigestNext(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	toronto, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 22, 20, 10, 0, 0, time.UTC) // 01:40 on the 23rd in Kolkata, 15:10 in Toronto
	tests := []struct {
		name string
		d    Digest
		loc  *time.Location
		want time.Time
	}{
		{"NoneIsNow", DigestNone, kolkata, at},
		{"HourlyUTC", DigestHourly, nil, time.Date(2026, 11, 22, 21, 0, 0, 0, time.UTC)},
		{"HourlyKolkataOnTheHalfHour", DigestHourly, kolkata, time.Date(2026, 11, 22, 20, 30, 0, 0, time.UTC)},
		{"DailyUTC", DigestDaily, time.UTC, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"DailyKolkataMidnight", DigestDaily, kolkata, time.Date(2026, 11, 23, 18, 30, 0, 0, time.UTC)},
		{"DailyTorontoMidnight", DigestDaily, toronto, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Next(at, tt.loc); !got.Equal(tt.want) {
				t.Errorf("%s.Next(%v) = %v, want %v", tt.d, at, got, tt.want)
			}
		})
	}
}
