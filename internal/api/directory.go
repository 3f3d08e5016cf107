package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// getDirectory answers the agencies and liaison officers, own and peers'.
func (s *Server) getDirectory(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	d, err := s.node.Directory(r.Context(), actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if d.Agencies == nil {
		d.Agencies = []liaison.Agency{}
	}
	if d.Officers == nil {
		d.Officers = []liaison.Officer{}
	}
	s.json(w, http.StatusOK, d)
}
