package web

import (
	"net/http"
)

// getDirectory shows the agencies and officers of this node and its
// peers.
func (s *Server) getDirectory(w http.ResponseWriter, r *http.Request, ss *session) {
	d, err := s.node.Directory(r.Context(), ss.Officer)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "directory", "", s.view(r, ss, "directory.title", d))
}
