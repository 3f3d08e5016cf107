package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// consentsView is a page of consent requests from other parties.
type consentsView struct {
	Items []liaison.Consent
	Next  string
	Base  string
}

// getConsents shows the pending requests of other parties to pass this
// party's information on.
func (s *Server) getConsents(w http.ResponseWriter, r *http.Request, ss *session) {
	pending := liaison.ConsentPending
	cs, next, err := s.node.Consents(r.Context(), ss.Officer, liaison.ConsentFilter{State: &pending, After: r.URL.Query().Get("after"), Limit: pageSize})
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "consents", "", s.view(r, ss, "consents.title", consentsView{Items: cs, Next: next, Base: "/consents"}))
}

// postConsentGrant grants a consent; the answer travels back.
func (s *Server) postConsentGrant(w http.ResponseWriter, r *http.Request, ss *session) {
	if _, err := s.node.GrantConsent(r.Context(), ss.Officer, r.PathValue("id")); err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/consents", http.StatusSeeOther)
}

// postConsentRefuse refuses a consent with a reason.
func (s *Server) postConsentRefuse(w http.ResponseWriter, r *http.Request, ss *session) {
	if _, err := s.node.RefuseConsent(r.Context(), ss.Officer, r.PathValue("id"), r.PostFormValue("reason")); err != nil {
		s.error(w, r, ss, err)
		return
	}
	http.Redirect(w, r, "/consents", http.StatusSeeOther)
}
