package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// approvalsView is a page of approvals waiting for a supervisor.
type approvalsView struct {
	Items []liaison.Approval
	Next  string
	Base  string
}

// getApprovals shows the releases held for a supervisor's approval.
func (s *Server) getApprovals(w http.ResponseWriter, r *http.Request, ss *session) {
	pending := liaison.ApprovalPending
	as, next, err := s.node.Approvals(r.Context(), ss.Officer, liaison.ApprovalFilter{State: &pending, After: r.URL.Query().Get("after"), Limit: pageSize})
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "approvals", "", s.view(r, ss, "approvals.title", approvalsView{Items: as, Next: next, Base: "/approvals"}))
}

// postApprove approves a held release: the node sends it (four eyes).
func (s *Server) postApprove(w http.ResponseWriter, r *http.Request, ss *session) {
	if _, err := s.node.Approve(r.Context(), ss.Officer, r.PathValue("id")); err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/approvals", http.StatusSeeOther)
}

// postReject refuses a held release with a reason.
func (s *Server) postReject(w http.ResponseWriter, r *http.Request, ss *session) {
	if _, err := s.node.Reject(r.Context(), ss.Officer, r.PathValue("id"), r.PostFormValue("reason")); err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/approvals", http.StatusSeeOther)
}
