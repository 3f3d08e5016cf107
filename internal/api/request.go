package api

import (
	"net/http"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// RequestInput is the body of POST /api/v1/requests. due is RFC 3339;
// without it the arrangement's deadline for the priority applies.
type RequestInput struct {
	CaseID   string           `json:"case_id"`
	Question string           `json:"question"`
	Priority liaison.Priority `json:"priority"`
	Due      string           `json:"due"`
	Handling liaison.Handling `json:"handling"`
	To       string           `json:"to"`
}

// RequestView is a request as the API shows it: its times in UTC, how
// long is left until the deadline (negative once passed), and the
// deadline in the officer's time zone: the one named by ?tz=Asia/Kolkata,
// else the officer's own (time_zone in GET /api/v1/me/subscriptions).
type RequestView struct {
	*liaison.Request
	TimeLeftSeconds int64  `json:"time_left_seconds"`
	Overdue         bool   `json:"overdue"`
	DueLocal        string `json:"due_local,omitempty"`
}

func (s *Server) view(r *liaison.Request, loc *time.Location) RequestView {
	now := time.Now()
	v := RequestView{Request: r, TimeLeftSeconds: int64(r.Due.Sub(now) / time.Second)}
	v.Overdue = r.State.Open() && v.TimeLeftSeconds < 0
	if loc != nil {
		v.DueLocal = r.Due.In(loc).Format(time.RFC3339)
	}
	return v
}

// zone reads ?tz=, an IANA time zone name, else the actor's own time
// zone; nil for none.
func (s *Server) zone(r *http.Request, actor *liaison.Officer) (*time.Location, error) {
	name := r.URL.Query().Get("tz")
	if name == "" {
		sub, err := s.node.Subscription(r.Context(), actor)
		if err != nil || sub.TimeZone == "" {
			return nil, err
		}
		return sub.Location(), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || len(name) > 64 {
		return nil, liaison.Invalid(liaison.FieldError{Field: "tz", Problem: "unknown time zone " + shorten(name)})
	}
	return loc, nil
}

// postRequest asks a request; the body is limited by MaxBody (a question
// may be up to 32 KiB).
func (s *Server) postRequest(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in RequestInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	ni := node.RequestInput{CaseID: in.CaseID, Question: in.Question, Priority: in.Priority, Handling: in.Handling, To: in.To}
	if in.Due != "" {
		due, err := time.Parse(time.RFC3339, in.Due)
		if err != nil {
			s.error(w, r, liaison.Invalid(liaison.FieldError{Field: "due", Problem: "not an RFC 3339 time such as 2026-03-01T17:00:00Z"}))
			return
		}
		ni.Due = &due
	}
	req, err := s.node.AskRequest(r.Context(), actor, ni)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/requests/"+req.ID)
	s.json(w, http.StatusCreated, s.view(req, nil))
}

func (s *Server) getRequests(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	loc, err := s.zone(r, actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	rs, next, err := s.node.Requests(r.Context(), actor, node.RequestList{
		View: q.Get("state"), Party: q.Get("party"), Area: liaison.CrimeArea(q.Get("area")), After: after, Limit: limit,
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	views := make([]RequestView, len(rs))
	for i := range rs {
		views[i] = s.view(&rs[i], loc)
	}
	s.json(w, http.StatusOK, list(views, next))
}

func (s *Server) getRequest(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	loc, err := s.zone(r, actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	req, err := s.node.Request(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, s.view(req, loc))
}

// AckInput is the body of an acknowledgement: empty, or naming another
// officer of this node as the assignee.
type AckInput struct {
	Assignee string `json:"assignee"`
}

func (s *Server) postRequestAck(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in AckInput
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.requestDone(w, r)(s.node.AcknowledgeRequest(r.Context(), actor, r.PathValue("id"), in.Assignee))
}

// postRequestAnswer answers; the body is limited by MaxBody, as a
// message's is.
func (s *Server) postRequestAnswer(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in node.AnswerInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	s.requestDone(w, r)(s.node.AnswerRequest(r.Context(), actor, r.PathValue("id"), in))
}

// ReasonInput is the body of a decline or a withdrawal.
type ReasonInput struct {
	Reason string `json:"reason"`
}

func (s *Server) postRequestDecline(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in ReasonInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	s.requestDone(w, r)(s.node.DeclineRequest(r.Context(), actor, r.PathValue("id"), in.Reason))
}

func (s *Server) postRequestWithdraw(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in ReasonInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	s.requestDone(w, r)(s.node.WithdrawRequest(r.Context(), actor, r.PathValue("id"), in.Reason))
}

// ClarifyInput asks the requester what the question means.
type ClarifyInput struct {
	Question string `json:"question"`
}

func (s *Server) postRequestClarify(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in ClarifyInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	s.requestDone(w, r)(s.node.ClarifyRequest(r.Context(), actor, r.PathValue("id"), in.Question))
}

// ClarificationInput is the requester's answer to a clarification request.
type ClarificationInput struct {
	Answer string `json:"answer"`
}

func (s *Server) postRequestClarification(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in ClarificationInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	s.requestDone(w, r)(s.node.ClarificationRequest(r.Context(), actor, r.PathValue("id"), in.Answer))
}

// requestDone writes the request a step left, or the error.
func (s *Server) requestDone(w http.ResponseWriter, r *http.Request) func(*liaison.Request, error) {
	return func(req *liaison.Request, err error) {
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.json(w, http.StatusOK, s.view(req, nil))
	}
}

func (s *Server) getRequestMetrics(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	q := r.URL.Query()
	m, err := s.node.RequestMetrics(r.Context(), actor, q.Get("from"), q.Get("to"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, m)
}
