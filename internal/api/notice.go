package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
)

// getNotices lists the caller's own notices, oldest first:
// ?unread=true&after=CURSOR&limit=N.
func (s *Server) getNotices(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := liaison.NoticeFilter{After: after, Limit: limit}
	switch u := r.URL.Query().Get("unread"); u {
	case "", "false":
	case "true":
		f.Unread = true
	default:
		s.error(w, r, liaison.Invalid(liaison.FieldError{Field: "unread", Problem: "must be true or false", Allowed: []string{"true", "false"}}))
		return
	}
	ns, next, err := s.node.Notices(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(ns, next))
}

// postNoticeRead marks one of the caller's notices read. The body may be
// empty or {}.
func (s *Server) postNoticeRead(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	if r.ContentLength != 0 {
		var in struct{}
		if err := decode(r, &in); err != nil {
			s.error(w, r, err)
			return
		}
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, liaison.Errorf(liaison.ENOTFOUND, "notice %s not found", shorten(r.PathValue("id"))))
		return
	}
	if err := s.node.ReadNotice(r.Context(), actor, id); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// NoticesRead is the body of POST /api/v1/notices/read: mark read every
// notice created before the time, or all when it is absent.
type NoticesRead struct {
	Before string `json:"before,omitempty"` // RFC 3339
}

// NoticesReadResult says how many notices were marked read.
type NoticesReadResult struct {
	Read int `json:"read"`
}

func (s *Server) postNoticesRead(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in NoticesRead
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			s.error(w, r, err)
			return
		}
	}
	var before time.Time
	if in.Before != "" {
		t, err := time.Parse(time.RFC3339Nano, in.Before)
		if err != nil {
			s.error(w, r, liaison.Invalid(liaison.FieldError{Field: "before", Problem: "not an RFC 3339 time such as 2026-11-23T10:00:00Z"}))
			return
		}
		before = t
	}
	n, err := s.node.ReadNotices(r.Context(), actor, before)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, NoticesReadResult{Read: n})
}

func (s *Server) getSubscriptions(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	sub, err := s.node.Subscription(r.Context(), actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, sub)
}

// SubscriptionInput is what an officer sets; the address is the
// administrator's to set.
type SubscriptionInput struct {
	Priorities []liaison.Priority  `json:"priorities"`
	Areas      []liaison.CrimeArea `json:"areas"`
	Cases      []string            `json:"cases"`
	Email      bool                `json:"email"`
	Digest     liaison.Digest      `json:"digest"`
	// TimeZone is the officer's IANA time zone; empty is UTC.
	TimeZone string `json:"time_zone"`
}

func (s *Server) putSubscriptions(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in SubscriptionInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	sub, err := s.node.SetSubscription(r.Context(), actor, liaison.Subscription{
		Priorities: in.Priorities, Areas: in.Areas, Cases: in.Cases, Email: in.Email, Digest: in.Digest,
		TimeZone: in.TimeZone,
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, sub)
}

// getNotifyDeliveries lists the delivery log, newest first, to
// administrators: ?channel=email|webhook&after=&limit=.
func (s *Server) getNotifyDeliveries(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ds, next, err := s.node.NotifyDeliveries(r.Context(), actor, liaison.NotifyDeliveryFilter{
		Channel: r.URL.Query().Get("channel"), After: after, Limit: limit,
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(ds, next))
}
