package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// nodeSession asks the node who holds token. Until the node keeps
// browser sessions, none is known.
func (s *Server) nodeSession(r *http.Request, token string) (*session, error) {
	return nil, liaison.Errorf(liaison.EUNAUTHORIZED, "unknown session")
}

// signIn asks the node to open a session; enrol reports that a second
// factor must be enrolled first.
func (s *Server) signIn(r *http.Request, login, password, code string) (token string, enrol bool, err error) {
	return "", false, liaison.Errorf(liaison.EUNAVAILABLE, "sign-in is not available on this node")
}

// signOut ends the session.
func (s *Server) signOut(r *http.Request, ss *session) error { return nil }

// beginTOTP starts (or shows again) the enrolment of a second factor.
func (s *Server) beginTOTP(r *http.Request, ss *session) (url, secret string, png []byte, err error) {
	return "", "", nil, liaison.Errorf(liaison.EUNAVAILABLE, "second factors are not available on this node")
}

// confirmTOTP completes the enrolment with a code.
func (s *Server) confirmTOTP(r *http.Request, ss *session, code string) error {
	return liaison.Errorf(liaison.EUNAVAILABLE, "second factors are not available on this node")
}

// setPreferences keeps the officer's language and time zone.
func (s *Server) setPreferences(r *http.Request, ss *session, lang, zone string) error {
	return liaison.Errorf(liaison.EUNAVAILABLE, "preferences are not available on this node")
}
