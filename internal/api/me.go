package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// getMe answers who the token belongs to.
func (s *Server) getMe(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	s.json(w, http.StatusOK, actor)
}
