package web

import (
	"net/http"

	"github.com/liaison-project/liaison/internal/node"
)

// postDissemination asks to pass a received message on to another agency
// and shows the message with the guard's answer and its reasons.
func (s *Server) postDissemination(w http.ResponseWriter, r *http.Request, ss *session) {
	in := node.DisseminationInput{ToAgency: r.PostFormValue("to_agency"), Purpose: r.PostFormValue("purpose")}
	d, err := s.node.Disseminate(r.Context(), ss.Officer, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v, err := s.messageView(r, ss, r.PathValue("id"))
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v.Dissemination = d
	v.Form = disseminationForm{ToAgency: in.ToAgency, Purpose: in.Purpose}
	s.renderMessage(w, r, ss, http.StatusOK, v)
}
