package web

import (
	"net/http"
	"strings"

	"github.com/liaison-project/liaison"
)

// postSignOut ends the session on the node and in the browser.
func (s *Server) postSignOut(w http.ResponseWriter, r *http.Request, ss *session) {
	if err := s.signOut(r, ss); err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.clearCookie(w)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// totpView is the enrolment page.
type totpView struct {
	Secret string
	Enrol  bool
}

// getTOTP shows the QR code and secret of a new second factor.
func (s *Server) getTOTP(w http.ResponseWriter, r *http.Request, ss *session) {
	_, secret, _, err := s.beginTOTP(r, ss)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "totp", "", s.view(r, ss, "totp.title", totpView{Secret: secret, Enrol: ss.Enrol}))
}

// getTOTPImage answers the QR code of the enrolment as a PNG.
func (s *Server) getTOTPImage(w http.ResponseWriter, r *http.Request, ss *session) {
	_, _, png, err := s.beginTOTP(r, ss)
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(png)
}

// postTOTP confirms the enrolment with a code from the authenticator.
func (s *Server) postTOTP(w http.ResponseWriter, r *http.Request, ss *session) {
	err := s.confirmTOTP(r, ss, strings.TrimSpace(r.PostFormValue("code")))
	switch liaison.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/", http.StatusSeeOther)
	case liaison.EUNAUTHORIZED, liaison.EINVALID:
		p := s.view(r, ss, "totp.title", totpView{Enrol: ss.Enrol})
		p.Flash = s.locale(p).T("totp.failed")
		if _, secret, _, err := s.beginTOTP(r, ss); err == nil {
			p.Data = totpView{Secret: secret, Enrol: ss.Enrol}
		}
		s.render(w, http.StatusBadRequest, "totp", "", p)
	default:
		s.error(w, r, ss, err)
	}
}

// postPreferences keeps the officer's language and time zone, then goes
// back to the page the form was on.
func (s *Server) postPreferences(w http.ResponseWriter, r *http.Request, ss *session) {
	lang := r.PostFormValue("lang")
	zone := strings.TrimSpace(r.PostFormValue("time_zone"))
	if err := s.setPreferences(r, ss, lang, zone); err != nil {
		s.error(w, r, ss, err)
		return
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\\r\n") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
