package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

func (s *Server) getConsents(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := liaison.ConsentFilter{After: after, Limit: limit}
	if st := r.URL.Query().Get("state"); st != "" {
		state := liaison.ConsentState(st)
		f.State = &state
	}
	cs, next, err := s.node.Consents(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(cs, next))
}

// postConsentGrant grants a consent. The body may be empty or {}.
func (s *Server) postConsentGrant(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	if r.ContentLength != 0 {
		var in struct{}
		if err := decode(r, &in); err != nil {
			s.error(w, r, err)
			return
		}
	}
	c, err := s.node.GrantConsent(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, c)
}

// ConsentRefusal is the body of a refusal: the reason the requesting
// officer is told.
type ConsentRefusal struct {
	Reason string `json:"reason"`
}

func (s *Server) postConsentRefuse(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	limitBody(w, r)
	var in ConsentRefusal
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.node.RefuseConsent(r.Context(), actor, r.PathValue("id"), in.Reason)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, c)
}
