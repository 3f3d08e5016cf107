package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// postHandling changes the handling of a message this node sent and
// carries the change to every party that received it.
func (s *Server) postHandling(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReasonBody)
	var in node.HandlingInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.node.ChangeHandling(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, m)
}
