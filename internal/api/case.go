package api

import (
	"net/http"
	"strconv"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

func (s *Server) postCase(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in node.CaseInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.node.CreateCase(r.Context(), actor, in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/cases/"+c.ID)
	s.json(w, http.StatusCreated, c)
}

func (s *Server) getCases(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := liaison.CaseFilter{After: after, Limit: limit}
	if a := r.URL.Query().Get("crime_area"); a != "" {
		area := liaison.CrimeArea(a)
		if !area.Valid() {
			// An unknown area would match nothing: say so rather than
			// answer an empty list that looks like "no cases".
			allowed := make([]string, len(liaison.CrimeAreas))
			for i, c := range liaison.CrimeAreas {
				allowed[i] = string(c)
			}
			s.error(w, r, liaison.Invalid(liaison.FieldError{Field: "crime_area", Problem: "unknown crime area " + strconv.Quote(shorten(a)), Allowed: allowed}))
			return
		}
		f.CrimeArea = &area
	}
	cs, next, err := s.node.Cases(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(cs, next))
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	c, err := s.node.Case(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, c)
}
