package web

import (
	"time"

	"github.com/liaison-project/liaison"
)

// clock is a request's deadline as the clock partial shows it.
type clock struct {
	ID       string
	Due, Now time.Time
	Open     bool
	Overdue  bool
	State    liaison.RequestState
}

// clockOf is the clock of rq at now: running while the request is open.
func clockOf(rq liaison.Request, now time.Time) clock {
	open := rq.State.Open()
	return clock{ID: rq.ID, Due: rq.Due, Now: now, Open: open, Overdue: open && now.After(rq.Due), State: rq.State}
}
