package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

func (s *Server) postPreview(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in node.PreviewInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.node.PreviewSend(r.Context(), actor, in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, p)
}
