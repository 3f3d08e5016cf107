package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"math"
	"net/http"
	"strconv"

	"github.com/liaison-project/liaison"
)

// signinForm is what the sign-in page shows.
type signinForm struct {
	CSRF  string
	Login string
	Lang  string
}

// preCookie names the cookie that carries the sign-in form's anti-CSRF
// token before there is a session (double submit).
func (s *Server) preCookie() string { return s.cookieName() + "-signin" }

// getSignIn shows the sign-in form with a fresh anti-CSRF token, also set
// in a cookie that the POST must match.
func (s *Server) getSignIn(w http.ResponseWriter, r *http.Request) {
	if ss, err := s.cookieSession(r); err == nil && !ss.Enrol {
		http.Redirect(w, r, home(ss.Officer.Role), http.StatusSeeOther)
		return
	}
	s.signInPage(w, r, http.StatusOK, "", "")
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request, status int, login, flashKey string, args ...any) {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: s.preCookie(), Value: token, Path: "/",
		Secure: !s.opts.InsecureCookie, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	// Before there is a session, ?lang= chooses the language of the page
	// and of the form's answer.
	p := s.view(r, &session{Lang: r.FormValue("lang")}, "signin.title", signinForm{CSRF: token, Login: login, Lang: r.FormValue("lang")})
	p.S = nil
	if flashKey != "" {
		p.Flash = s.locale(p).T(flashKey, args...)
	}
	s.render(w, status, "signin", "", p)
}

// preCSRF reports whether the sign-in form carries the token of its
// cookie.
func (s *Server) preCSRF(r *http.Request) bool {
	c, err := r.Cookie(s.preCookie())
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// postSignIn checks login, password and code with the node, which
// throttles, locks out and audits; success sets the session cookie.
func (s *Server) postSignIn(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, nil, liaison.Errorf(liaison.EINVALID, "unreadable form: %v", err))
		return
	}
	if !s.preCSRF(r) {
		s.error(w, r, nil, errCSRF)
		return
	}
	login := r.PostFormValue("login")
	token, enrol, err := s.signIn(r, login, r.PostFormValue("password"), r.PostFormValue("code"))
	switch liaison.ErrorCode(err) {
	case "":
	case liaison.EUNAUTHORIZED:
		s.signInPage(w, r, http.StatusUnauthorized, login, "signin.failed")
		return
	case liaison.ELIMITED:
		d := liaison.ErrorRetryAfter(err)
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10))
		mins := max(1, int(math.Ceil(d.Minutes())))
		s.signInPage(w, r, http.StatusTooManyRequests, login, "signin.limited", mins)
		return
	default:
		s.error(w, r, nil, err)
		return
	}
	s.setCookie(w, token)
	http.SetCookie(w, &http.Cookie{Name: s.preCookie(), Path: "/", MaxAge: -1,
		Secure: !s.opts.InsecureCookie, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	if enrol {
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
