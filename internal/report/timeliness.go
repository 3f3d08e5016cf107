package report

import (
	"math"
	"slices"
	"time"
)

// NoRequests is what the timeliness section says of a period without
// requests for information.
const NoRequests = "no requests in the period"

// Timeliness is how quickly requests for information asked in the period
// were answered. The durations are in hours; they and OnTimeShare are nil
// when there is nothing to measure.
type Timeliness struct {
	Requests int `json:"requests"`
	Answered int `json:"answered"`
	// OnTime are the requests answered by their deadline; OnTimeShare is
	// OnTime over Requests, between 0 and 1.
	OnTime      int      `json:"answered_on_time"`
	OnTimeShare *float64 `json:"on_time_share"`
	// MedianHours and P90Hours are the median and the 90th percentile
	// (nearest rank) of the time to answer, over the answered requests.
	MedianHours *float64 `json:"median_hours"`
	P90Hours    *float64 `json:"p90_hours"`
	// Note says why there are no figures.
	Note string `json:"note,omitempty"`
}

// RequestTiming is what timeliness needs of one request: when it was
// asked, its deadline, and when it was answered (nil while open).
type RequestTiming struct {
	Asked    time.Time
	Due      time.Time
	Answered *time.Time
}

// NewTimeliness measures the requests rs.
func NewTimeliness(rs []RequestTiming) Timeliness {
	t := Timeliness{Requests: len(rs)}
	if len(rs) == 0 {
		t.Note = NoRequests
		return t
	}
	var hours []float64
	for _, r := range rs {
		if r.Answered == nil {
			continue
		}
		t.Answered++
		if !r.Answered.After(r.Due) {
			t.OnTime++
		}
		hours = append(hours, r.Answered.Sub(r.Asked).Hours())
	}
	share := float64(t.OnTime) / float64(t.Requests)
	t.OnTimeShare = &share
	if len(hours) == 0 {
		t.Note = "no request of the period was answered"
		return t
	}
	slices.Sort(hours)
	med, p90 := median(hours), nearestRank(hours, 0.9)
	t.MedianHours, t.P90Hours = &med, &p90
	return t
}

// median returns the median of sorted xs (not empty): the middle value,
// or the mean of the two middle ones.
func median(xs []float64) float64 {
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// nearestRank returns the p-th percentile (0 < p <= 1) of sorted xs (not
// empty) by the nearest-rank method: the smallest value with at least p
// of the values at or below it.
func nearestRank(xs []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(xs)))) - 1
	return xs[max(i, 0)]
}
