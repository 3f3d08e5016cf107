package api

import (
	"net/http"
	"slices"

	"github.com/liaison-project/liaison"
)

func (s *Server) getApprovals(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := liaison.ApprovalFilter{After: after, Limit: limit}
	if st := r.URL.Query().Get("state"); st != "" {
		state := liaison.ApprovalState(st)
		if !slices.Contains(liaison.ApprovalStates, state) {
			allowed := make([]string, len(liaison.ApprovalStates))
			for i, a := range liaison.ApprovalStates {
				allowed[i] = string(a)
			}
			s.error(w, r, liaison.Invalid(liaison.FieldError{Field: "state", Problem: "unknown state " + st, Allowed: allowed}))
			return
		}
		f.State = &state
	}
	aps, next, err := s.node.Approvals(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, list(aps, next))
}

func (s *Server) getApproval(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	ap, err := s.node.Approval(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, ap)
}

func (s *Server) postApprove(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	m, err := s.node.Approve(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/messages/"+m.ID)
	s.json(w, http.StatusOK, m)
}

// rejectInput is the body of a rejection.
type rejectInput struct {
	Reason string `json:"reason"`
}

func (s *Server) postReject(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	var in rejectInput
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	ap, err := s.node.Reject(r.Context(), actor, r.PathValue("id"), in.Reason)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, ap)
}
