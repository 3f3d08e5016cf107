package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// nodeSession asks the node who holds token, and reads their
// preferences.
func (s *Server) nodeSession(r *http.Request, token string) (*session, error) {
	o, ns, err := s.node.SessionOfficer(r.Context(), token, r.RemoteAddr)
	if err != nil {
		return nil, err
	}
	ss := &session{Officer: o, Token: token, CSRF: ns.CSRF, Enrol: ns.Enrol}
	p, err := s.node.Preferences(r.Context(), o)
	if err != nil {
		return nil, err
	}
	ss.Lang, ss.Zone = p.Lang, p.TimeZone
	return ss, nil
}

// signIn asks the node to open a session; enrol reports that a second
// factor must be enrolled first.
func (s *Server) signIn(r *http.Request, login, password, code string) (token string, enrol bool, err error) {
	token, ns, err := s.node.SignIn(r.Context(), login, password, code, r.RemoteAddr)
	if err != nil {
		return "", false, err
	}
	return token, ns.Enrol, nil
}

// signOut ends the session.
func (s *Server) signOut(r *http.Request, ss *session) error {
	return s.node.SignOut(r.Context(), ss.Token)
}

// beginTOTP offers a new second factor: its otpauth URL, its secret and
// the QR code as a PNG.
func (s *Server) beginTOTP(r *http.Request, ss *session) (url, secret string, png []byte, err error) {
	return s.node.BeginTOTP(r.Context(), ss.Token)
}

// confirmTOTP completes the enrolment with a code.
func (s *Server) confirmTOTP(r *http.Request, ss *session, code string) error {
	return s.node.ConfirmTOTP(r.Context(), ss.Token, code, r.RemoteAddr)
}

// setPreferences keeps the officer's language and time zone.
func (s *Server) setPreferences(r *http.Request, ss *session, lang, zone string) error {
	return s.node.SetPreferences(r.Context(), ss.Officer, liaison.Preferences{Lang: lang, TimeZone: zone})
}
