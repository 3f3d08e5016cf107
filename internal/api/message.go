package api

import (
	"net/http"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in node.MessageInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	m, ap, err := s.node.Compose(r.Context(), actor, r.PathValue("id"), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ap != nil {
		// Held for a supervisor: accepted, not yet sent.
		w.Header().Set("Location", "/api/v1/approvals/"+ap.ID)
		s.json(w, http.StatusAccepted, composed{Message: m, Approval: &approvalRef{ID: ap.ID, State: ap.State, Reasons: ap.Reasons}})
		return
	}
	w.Header().Set("Location", "/api/v1/messages/"+m.ID)
	s.json(w, http.StatusCreated, composed{Message: m})
}

// composed is a message as the sender's node stored it, or as it waits
// for a supervisor's approval.
type composed struct {
	*liaison.Message
	Approval *approvalRef `json:"approval,omitempty"`
}

// approvalRef says which approval a held message waits for, and why.
type approvalRef struct {
	ID      string                `json:"id"`
	State   liaison.ApprovalState `json:"state"`
	Reasons []string              `json:"reasons"`
}

func (s *Server) getCaseMessages(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ms, next, err := s.node.CaseMessages(r.Context(), actor, r.PathValue("id"), after, limit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(ms, next))
}

// messageView is a message with the signed receipts that prove its
// delivery, exactly as the peers signed them.
type messageView struct {
	*liaison.Message
	Receipts []liaison.Receipt `json:"receipts"`
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	m, err := s.node.Message(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := messageView{Message: m, Receipts: []liaison.Receipt{}}
	for _, d := range m.Deliveries {
		if d.Receipt == "" {
			continue
		}
		rc, err := s.node.Receipt(r.Context(), d.Receipt)
		if err != nil {
			s.error(w, r, err)
			return
		}
		v.Receipts = append(v.Receipts, *rc)
	}
	s.json(w, http.StatusOK, v)
}

func (s *Server) getInbox(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ms, next, err := s.node.Inbox(r.Context(), actor, after, limit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(ms, next))
}
