package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// casesView is a page of cases.
type casesView struct {
	Cases []liaison.Case
	Next  string
	Base  string
}

// getCases shows a page of the cases the officer may read.
func (s *Server) getCases(w http.ResponseWriter, r *http.Request, ss *session) {
	cs, next, err := s.node.Cases(r.Context(), ss.Officer, liaison.CaseFilter{After: r.URL.Query().Get("after"), Limit: pageSize})
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "cases", "", s.view(r, ss, "cases.title", casesView{Cases: cs, Next: next, Base: "/cases"}))
}
