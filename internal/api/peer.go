package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// getPeers answers the state of the link to each peer.
func (s *Server) getPeers(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	links, err := s.node.Links(r.Context(), actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(links, ""))
}
