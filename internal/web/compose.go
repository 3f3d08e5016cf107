package web

import (
	"net/http"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// composeView is the compose page: the draft, its handling choices and,
// once asked for, the guard's preview.
type composeView struct {
	Case       *liaison.Case
	Subject    string
	Body       string
	ToAgencies string
	Form       liaison.Handling
	Options    handlingOptions
	Preview    *node.Preview
	Problem    *problem
}

// getCompose shows an empty draft under the case's handling.
func (s *Server) getCompose(w http.ResponseWriter, r *http.Request, ss *session) {
	c, err := s.node.Case(r.Context(), ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.renderCompose(w, r, ss, http.StatusOK, &composeView{Case: c, Form: c.Handling})
}

func (s *Server) renderCompose(w http.ResponseWriter, r *http.Request, ss *session, status int, v *composeView) {
	v.Options = s.optionsFor(s.arrangementOf(r.Context(), v.Case.ArrangementID))
	s.render(w, status, "compose", "", s.view(r, ss, "compose.title", v))
}

// draft reads the compose form of case c.
func draft(r *http.Request, c *liaison.Case) *composeView {
	return &composeView{
		Case: c, Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"),
		ToAgencies: strings.TrimSpace(r.PostFormValue("to_agencies")),
		Form:       handlingForm(r, c.CrimeArea),
	}
}

// postPreview asks the guard what it would decide on sending the draft
// and who could read it. An htmx request gets the preview alone, for
// #preview; without JavaScript the compose page comes back with it.
func (s *Server) postPreview(w http.ResponseWriter, r *http.Request, ss *session) {
	c, err := s.node.Case(r.Context(), ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := draft(r, c)
	pv, err := s.node.PreviewSend(r.Context(), ss.Officer, node.PreviewInput{
		CaseID: c.ID, Handling: v.Form, To: liaison.Recipients{Agencies: list(v.ToAgencies)},
	})
	status := http.StatusOK
	if code := liaison.ErrorCode(err); code == liaison.EINVALID || code == liaison.EFORBIDDEN {
		pr := s.problemOf(r, err)
		v.Problem, status = &pr, pr.Status
	} else if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v.Preview = pv
	if r.Header.Get("HX-Request") == "true" {
		v.Options = s.optionsFor(s.arrangementOf(r.Context(), c.ArrangementID))
		// htmx swaps only 2xx answers; the problem is in the fragment.
		s.render(w, http.StatusOK, "compose", "preview", s.view(r, ss, "compose.title", v))
		return
	}
	s.renderCompose(w, r, ss, status, v)
}

// postMessage sends the draft; the node decides, stores, audits and
// queues it, or holds it for a supervisor.
func (s *Server) postMessage(w http.ResponseWriter, r *http.Request, ss *session) {
	c, err := s.node.Case(r.Context(), ss.Officer, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := draft(r, c)
	m, ap, err := s.node.Compose(r.Context(), ss.Officer, c.ID, node.MessageInput{
		Subject: v.Subject, Body: v.Body, Handling: v.Form,
		To: liaison.Recipients{Agencies: list(v.ToAgencies)},
	})
	if code := liaison.ErrorCode(err); code == liaison.EINVALID || code == liaison.EFORBIDDEN {
		pr := s.problemOf(r, err)
		v.Problem = &pr
		s.renderCompose(w, r, ss, pr.Status, v)
		return
	} else if err != nil {
		s.error(w, r, ss, err)
		return
	}
	if ap != nil {
		http.Redirect(w, r, "/cases/"+c.ID+"?held="+ap.ID, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/messages/"+m.ID, http.StatusSeeOther)
}
