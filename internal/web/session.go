package web

import (
	"context"
	"crypto/subtle"
	"net/http"

	"github.com/liaison-project/liaison"
)

// session is the signed-in officer of a request, as the node knows them.
type session struct {
	Officer *liaison.Officer
	// Token is the cookie's secret; CSRF the anti-CSRF token every form
	// of the session carries.
	Token, CSRF string
	// Enrol is true while a TOTP second factor must be enrolled: only
	// enrolment, preferences and sign-out are open.
	Enrol bool
	// Lang and Zone are the officer's preferences; empty, from the
	// browser and the node.
	Lang, Zone string
}

// handler flags.
const (
	// allowEnrol opens a handler to a session that must still enrol its
	// second factor.
	allowEnrol = 1 << iota
)

type sessionKey struct{}

// withSession returns r carrying ss, as if its cookie had named it. The
// session middleware takes a session already in the context as it is: a
// context value cannot come from the client, and handler tests inject the
// signed-in officer this way.
func withSession(r *http.Request, ss *session) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), sessionKey{}, ss))
}

// handle registers h for pattern behind the session and CSRF checks.
func (s *Server) handle(pattern string, h func(http.ResponseWriter, *http.Request, *session), flags int) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		ss, _ := r.Context().Value(sessionKey{}).(*session)
		if ss == nil {
			var err error
			if ss, err = s.cookieSession(r); err != nil {
				if liaison.ErrorCode(err) != liaison.EUNAUTHORIZED {
					s.error(w, r, nil, err)
					return
				}
				s.clearCookie(w)
				s.toSignIn(w, r)
				return
			}
			r = withSession(r, ss)
		}
		if ss.Enrol && flags&allowEnrol == 0 {
			http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !s.checkCSRF(w, r, ss.CSRF) {
			return
		}
		h(w, r, ss)
	})
}

// toSignIn sends a request without a session to the sign-in page; htmx
// follows HX-Redirect rather than swapping the page into a fragment.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", "/signin")
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// checkCSRF parses the form and compares its csrf field with want in
// constant time; on a mismatch it answers 403 and reports false.
func (s *Server) checkCSRF(w http.ResponseWriter, r *http.Request, want string) bool {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, nil, liaison.Errorf(liaison.EINVALID, "unreadable form: %v", err))
		return false
	}
	got := r.PostFormValue("csrf")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		s.error(w, r, nil, errCSRF)
		return false
	}
	return true
}

// errCSRF is the refusal of a form without the session's token.
var errCSRF = liaison.Errorf(liaison.EFORBIDDEN, "the form's anti-forgery token is missing or stale")
