package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// MaxRequestBody is the largest body the endpoints of onward use read:
// their inputs are a few short fields.
const MaxRequestBody = 16 << 10

// limitBody narrows the body limit of ServeHTTP for an endpoint whose
// input is small.
func limitBody(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBody)
}

// postDissemination asks to pass a received message on. The guard's answer
// (allowed, refused or pending_consent) is the created record; 403 is for
// an officer who may not ask at all.
func (s *Server) postDissemination(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.DisseminationInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.node.Disseminate(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/disseminations/"+d.ID)
	s.json(w, http.StatusCreated, d)
}

func (s *Server) getDissemination(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	d, err := s.node.Dissemination(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, d)
}

// postExport asks to export a received message as evidence, as
// postDissemination asks to pass one on.
func (s *Server) postExport(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in node.ExportInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.node.ExportEvidence(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/exports/"+d.ID)
	s.json(w, http.StatusCreated, d)
}

func (s *Server) getExport(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	d, err := s.node.Export(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, d)
}
