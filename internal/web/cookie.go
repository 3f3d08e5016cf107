package web

import (
	"net/http"

	"github.com/liaison-project/liaison"
)

// cookieName is the session cookie's name: the __Host- prefix makes the
// browser insist on Secure, Path=/ and no Domain.
func (s *Server) cookieName() string {
	if s.opts.InsecureCookie {
		return "liaison"
	}
	return "__Host-liaison"
}

// setCookie gives the browser the session token.
func (s *Server) setCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/",
		Secure: !s.opts.InsecureCookie, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
}

// clearCookie makes the browser forget the session token.
func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1,
		Secure: !s.opts.InsecureCookie, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
}

// cookieSession returns the session the request's cookie names.
// EUNAUTHORIZED when there is none or the node no longer knows it.
func (s *Server) cookieSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, liaison.Errorf(liaison.EUNAUTHORIZED, "no session")
	}
	return s.nodeSession(r, c.Value)
}
