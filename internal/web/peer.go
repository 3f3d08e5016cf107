package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// peersView is the link state to each peer and the latest checkpoint
// each holds of the other.
type peersView struct {
	Links []liaison.Link
}

// getPeers shows the health of each link: up or down, what is queued,
// the last delivery, error and refusal, and the audit alarm if any.
func (s *Server) getPeers(w http.ResponseWriter, r *http.Request, ss *session) {
	ls, err := s.node.Links(r.Context(), ss.Officer)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "peers", "", s.view(r, ss, "peers.title", peersView{Links: ls}))
}
