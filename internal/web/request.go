package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// requestView is one request with the forms its state allows.
type requestView struct {
	R       *liaison.Request
	Scheme  string
	CanAck  bool
	CanAns  bool
	Form    liaison.Handling
	Options handlingOptions
}

// getRequest shows a request, its history and clock, and the forms to
// acknowledge, answer or decline it on the receiving side.
func (s *Server) getRequest(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	rq, err := s.node.Request(ctx, ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := requestView{R: rq, Scheme: liaison.EvalAdmiralty, Form: rq.Handling}
	open := rq.State.Open()
	v.CanAck = rq.Inbound && rq.State == liaison.RequestDelivered
	v.CanAns = rq.Inbound && open && rq.State != liaison.RequestDelivered
	if c, err := s.node.Case(ctx, ss.Officer, rq.CaseID); err == nil {
		a := s.arrangementOf(ctx, c.ArrangementID)
		v.Options = s.optionsFor(a)
		v.Scheme = v.Options.Scheme
	} else {
		v.Options = s.optionsFor(nil)
	}
	p := s.view(r, ss, "request.title", v)
	s.render(w, http.StatusOK, "request", "", p)
}

// postRequest asks a request for information in a case. The deadline
// field is in the officer's time zone; empty, the arrangement's default.
func (s *Server) postRequest(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	c, err := s.node.Case(ctx, ss.Officer, r.PostFormValue("case_id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	in := node.RequestInput{
		CaseID: c.ID, Question: r.PostFormValue("question"),
		Priority: liaison.Priority(r.PostFormValue("priority")),
		Handling: handlingForm(r, c.CrimeArea),
	}
	if due := strings.TrimSpace(r.PostFormValue("due")); due != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", due, s.zone(ss))
		if err != nil {
			s.error(w, r, ss, liaison.Invalid(liaison.FieldError{Field: "due", Problem: "not a date and time"}))
			return
		}
		in.Due = &t
	}
	rq, err := s.node.AskRequest(ctx, ss.Officer, in)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/requests/"+rq.ID, http.StatusSeeOther)
}

// postRequestAck acknowledges a received request; the officer becomes
// its assignee.
func (s *Server) postRequestAck(w http.ResponseWriter, r *http.Request, ss *session) {
	_, err := s.node.AcknowledgeRequest(r.Context(), ss.Officer, r.PathValue("id"), "")
	s.afterRequest(w, r, ss, err)
}

// postRequestAnswer answers a request; the answer is a message of the
// case under the handling chosen.
func (s *Server) postRequestAnswer(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	rq, err := s.node.Request(ctx, ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	_, err = s.node.AnswerRequest(ctx, ss.Officer, rq.ID, node.AnswerInput{
		Body: r.PostFormValue("body"), Handling: handlingForm(r, rq.Handling.CrimeArea),
		Partial: r.PostFormValue("partial") != "",
	})
	s.afterRequest(w, r, ss, err)
}

// postRequestDecline declines a received request with a reason.
func (s *Server) postRequestDecline(w http.ResponseWriter, r *http.Request, ss *session) {
	_, err := s.node.DeclineRequest(r.Context(), ss.Officer, r.PathValue("id"), r.PostFormValue("reason"))
	s.afterRequest(w, r, ss, err)
}

func (s *Server) afterRequest(w http.ResponseWriter, r *http.Request, ss *session, err error) {
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/requests/"+r.PathValue("id"), http.StatusSeeOther)
}
