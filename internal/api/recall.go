package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// maxReasonBody is the largest body of the endpoints that take a reason
// or a handling: far above any valid one, far below MaxBody.
const maxReasonBody = 16 << 10

// postRecall recalls a message this node sent from every party that
// received it; the answers arrive later (see getCopies).
func (s *Server) postRecall(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReasonBody)
	var in node.RecallInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	cs, err := s.node.Recall(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/messages/"+r.PathValue("id")+"/copies")
	s.json(w, http.StatusAccepted, list(cs, ""))
}

// getCopies lists, per receiving party, whether it still holds a copy.
func (s *Server) getCopies(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	cs, err := s.node.Copies(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(cs, ""))
}

// postHold puts a received message on legal hold.
func (s *Server) postHold(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReasonBody)
	var in node.HoldInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	h, err := s.node.Hold(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, h)
}
