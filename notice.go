package liaison

import (
	"slices"
	"strings"
	"time"
)

// Notice is one officer's copy of an [Event]: what the officer reads in
// the app, and what e-mail carries. There is at most one notice per event
// and officer, by the store's constraint, however often the event is told.
// A notice holds the event's text and ids, never content.
type Notice struct {
	ID       int64      `json:"id"` // assigned by the store, increasing
	EventID  string     `json:"event_id"`
	Officer  string     `json:"officer"`
	Kind     string     `json:"kind"`
	Object   string     `json:"object"`
	CaseID   string     `json:"case_id,omitempty"`
	Area     CrimeArea  `json:"crime_area,omitempty"`
	Priority Priority   `json:"priority,omitempty"`
	Text     string     `json:"text"`
	Time     time.Time  `json:"time"` // when the event happened
	Created  time.Time  `json:"created"`
	Read     *time.Time `json:"read,omitempty"`
	// Mail is how far e-mail of the notice got; MailAfter is when the
	// dispatcher may send it (the next digest, for a digest).
	Mail      MailState  `json:"-"`
	MailAfter *time.Time `json:"-"`
	MailTries int        `json:"-"`
}

// MailState is where a notice stands with e-mail.
type MailState string

// The states of a notice's e-mail: none asked for; queued to be mailed
// alone, or in a digest; sent; given up after failures; or skipped (no
// address when it came to send).
const (
	MailNone    MailState = ""
	MailQueued  MailState = "queued"
	MailDigest  MailState = "digest"
	MailSent    MailState = "sent"
	MailFailed  MailState = "failed"
	MailSkipped MailState = "skipped"
)

// NoticeFilter selects one officer's notices for a page.
type NoticeFilter struct {
	Officer string // required
	Unread  bool
	After   string // cursor; "" for the first page
	Limit   int
}

// Digest is how often an officer wants e-mail of notices.
type Digest string

// The digests: every notice mailed as it comes (none), or collected into
// one mail an hour or a day.
const (
	DigestNone   Digest = "none"
	DigestHourly Digest = "hourly"
	DigestDaily  Digest = "daily"
)

// Digests lists every digest, for error messages.
var Digests = []Digest{DigestNone, DigestHourly, DigestDaily}

// Next returns when a digest collecting a notice created at t is due: the
// next hour or day boundary on the officer's clock (loc; nil is UTC), so a
// daily digest comes at the officer's midnight and an hourly one on the
// officer's hour (India's is on the half hour of UTC); t itself for none.
func (d Digest) Next(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc)
	y, m, day := local.Date()
	switch d {
	case DigestHourly:
		return time.Date(y, m, day, local.Hour()+1, 0, 0, 0, loc).UTC()
	case DigestDaily:
		return time.Date(y, m, day+1, 0, 0, 0, 0, loc).UTC()
	}
	return t
}

// Subscription is what an officer wants to be told of, and how. Empty
// lists mean everything: by default an officer gets every event addressed
// to them, at once, in the app only.
type Subscription struct {
	Officer    string      `json:"-"`
	Priorities []Priority  `json:"priorities"`
	Areas      []CrimeArea `json:"areas"`
	Cases      []string    `json:"cases"`
	Email      bool        `json:"email"`
	Digest     Digest      `json:"digest"`
	// Address is the officer's e-mail address, set by an administrator
	// (liaison user add --email); officers read it but do not change it.
	Address string `json:"address"`
	// TimeZone is the officer's IANA time zone ("Asia/Kolkata",
	// "America/Toronto"); deadlines and times are shown in it besides UTC.
	// Empty means UTC.
	TimeZone string    `json:"time_zone"`
	Updated  time.Time `json:"updated"`
}

// Location returns the officer's time zone, UTC when none is set or it
// no longer loads.
func (s *Subscription) Location() *time.Location {
	if s.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DefaultSubscription returns the subscription of an officer who chose
// none.
func DefaultSubscription(officer string) Subscription {
	return Subscription{Officer: officer, Priorities: []Priority{}, Areas: []CrimeArea{},
		Cases: []string{}, Digest: DigestNone}
}

// Wants reports whether the officer subscribed to ev. A list filters only
// events that name what it lists: an event without a priority passes any
// priority filter.
func (s *Subscription) Wants(ev *Event) bool {
	if len(s.Priorities) > 0 && ev.Priority != "" && !slices.Contains(s.Priorities, ev.Priority) {
		return false
	}
	if len(s.Areas) > 0 && ev.Area != "" && !slices.Contains(s.Areas, ev.Area) {
		return false
	}
	if len(s.Cases) > 0 && ev.CaseID != "" && !slices.Contains(s.Cases, ev.CaseID) {
		return false
	}
	return true
}

// MaxSubscriptionItems bounds each list of a subscription.
const MaxSubscriptionItems = 100

// Validate checks the fields an officer sets.
func (s *Subscription) Validate() error {
	var f Fields
	if len(s.Priorities) > MaxSubscriptionItems {
		f.Add("priorities", "more than 100")
	}
	for i, p := range s.Priorities {
		if p != PriorityUrgent && p != PriorityHigh && p != PriorityRoutine {
			f.Add(indexed("priorities", i), "unknown priority "+quote(string(p)),
				string(PriorityUrgent), string(PriorityHigh), string(PriorityRoutine))
		}
	}
	if len(s.Areas) > MaxSubscriptionItems {
		f.Add("areas", "more than 100")
	}
	for i, a := range s.Areas {
		if !a.Valid() {
			f.Add(indexed("areas", i), "unknown crime area "+quote(string(a)), areaNames()...)
		}
	}
	if len(s.Cases) > MaxSubscriptionItems {
		f.Add("cases", "more than 100")
	}
	for i, c := range s.Cases {
		if c == "" || len(c) > 64 {
			f.Add(indexed("cases", i), "not a case id")
		}
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil || len(s.TimeZone) > 64 || strings.HasPrefix(s.TimeZone, "/") {
			f.Add("time_zone", "unknown IANA time zone "+quote(s.TimeZone)+"; e.g. Asia/Kolkata, America/Toronto")
		}
	}
	if !slices.Contains(Digests, s.Digest) {
		names := make([]string, len(Digests))
		for i, d := range Digests {
			names[i] = string(d)
		}
		f.Add("digest", "unknown digest "+quote(string(s.Digest)), names...)
	}
	return f.Err()
}
