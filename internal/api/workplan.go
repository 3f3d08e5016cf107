package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// getWorkplan answers a page of the whole plan: objectives with their
// actions and notes, ?arrangement=SHA256 to keep to one arrangement's.
func (s *Server) getWorkplan(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := liaison.WorkplanFilter{After: after, Limit: limit}
	if a := r.URL.Query().Get("arrangement"); a != "" {
		f.ArrangementID = &a
	}
	os, next, err := s.node.Workplan(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(os, next))
}

func (s *Server) postObjective(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.ObjectiveInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	o, err := s.node.CreateObjective(r.Context(), actor, in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/workplan/objectives/"+o.ID)
	s.json(w, http.StatusCreated, o)
}

func (s *Server) getObjective(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	o, err := s.node.Objective(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, o)
}

func (s *Server) postAction(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.ActionInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.node.AddAction(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/workplan/actions/"+a.ID)
	s.json(w, http.StatusCreated, a)
}

func (s *Server) getAction(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	a, err := s.node.WorkplanAction(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, a)
}

// patchAction changes an action's fields; absent fields stay.
func (s *Server) patchAction(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.ActionUpdate
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.node.UpdateAction(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, a)
}

func (s *Server) postNote(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.NoteInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.node.AddNote(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusCreated, n)
}
